/**
 * npm run bench -- tlsHandshake
 * Full TLS handshakes per second of a real `ipdect node`'s HTTPS management API (§4.9.3) against nginx serving the
 * same certificate and key on loopback, measured in one run with the same client: `CONCURRENCY` connections at a
 * time, each a full handshake (no session resumption, no tickets) followed by one `GET /` and close. The certificate
 * is made by openssl and installed on the node as a PKCS#12 file through the API (§4.1.10.4.4), so both servers sign
 * with the same RSA-2048 key. Rounds alternate between the servers. Target (issue 15): ours / nginx ≥ 0.5.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "node:tls";
import { HTTP_PORT, NodeProcesses, waitFor } from "../test/helpers/nodes.js";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { startNginx } from "../test/helpers/nginx.js";
import { selfSignedFor } from "../test/helpers/opensslCerts.js";
import { machine, source, stats } from "./lib/machine.js";

const HANDSHAKES = 1500;
const CONCURRENCY = 8;
const ROUNDS = 5;
const TARGET_RATIO = 0.5;
const HTTPS_PORT = 8443;
const AUTH = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;

/** One full handshake and a GET /, then close; resolves when the server's answer starts. */
function once(ip: string, port: number, ca: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // One certificate for both servers (on two addresses): the chain is checked, the name check is left out.
    const s = connect({ host: ip, port, ca, minVersion: "TLSv1.2", checkServerIdentity: () => undefined }, () => {
      s.write(`GET / HTTP/1.1\r\nHost: ${ip}\r\nConnection: close\r\n\r\n`);
    });
    s.once("data", () => {
      s.destroy();
      resolve();
    });
    s.once("error", reject);
  });
}

async function round(ip: string, port: number, ca: string): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next++ < HANDSHAKES) await once(ip, port, ca);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return Math.round((HANDSHAKES / (performance.now() - t0)) * 1000);
}

const ip = loopbackBlock();
const nodes = new NodeProcesses();
const dir = join(nodes.dir, "certs");
mkdirSync(dir);
const cert = selfSignedFor(dir, "bench", ip(1));
const p12 = join(dir, "bench.p12");
execFileSync("openssl", [
  ...["pkcs12", "-export", "-in", cert.certFile, "-inkey", cert.keyFile, "-out", p12, "-passout", "pass:bench"],
]);
const yaml = `{ name: tls-bench, kind: IPVM, mac: "00:90:33:20:20:01", ip: ${ip(1)}, http: { port: ${HTTP_PORT}, httpsPort: ${HTTPS_PORT} } }\n`;
const nginx = await startNginx({ ip: ip(2), port: HTTPS_PORT, certFile: cert.certFile, keyFile: cert.keyFile });
try {
  const ours = await nodes.start("tls-bench", yaml);
  const put = await fetch(`http://${ip(1)}:${HTTP_PORT}/api/certs/device/pkcs12?password=bench`, {
    method: "PUT",
    headers: { authorization: AUTH },
    body: readFileSync(p12),
  });
  if (put.status !== 200) throw new Error(`PKCS#12 import: ${put.status} ${await put.text()}`);
  await waitFor(
    async () =>
      once(ip(1), HTTPS_PORT, cert.certPem).then(
        () => true,
        () => false,
      ),
    30_000,
    "HTTPS up with the imported certificate",
  );
  const results = { ours: [] as number[], nginx: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    results.ours.push(await round(ip(1), HTTPS_PORT, cert.certPem));
    results.nginx.push(await round(ip(2), HTTPS_PORT, cert.certPem));
    process.stderr.write(`round ${r + 1}: ours ${results.ours[r]}/s, nginx ${results.nginx[r]}/s\n`);
  }
  const o = stats(results.ours);
  const n = stats(results.nginx);
  const result = {
    benchmark: "tlsHandshake",
    machine: machine(),
    source: source(),
    client: `node:tls in the benchmark process, ${CONCURRENCY} connections at a time, full handshakes (no resumption), GET / each`,
    nginx:
      "nginx (Debian), 1 worker (ours is one process), ssl_session_cache off, ssl_session_tickets off, TLSv1.2 TLSv1.3",
    certificate: "RSA 2048, SHA-256, made by openssl, imported into the node as PKCS#12",
    pid: ours.pid,
    handshakesPerRound: HANDSHAKES,
    rounds: ROUNDS,
    oursPerSec: o,
    nginxPerSec: n,
    ratio: Math.round((o.median / n.median) * 100) / 100,
    targetRatio: TARGET_RATIO,
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/tlsHandshake-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
} finally {
  await nginx.close();
  await nodes.close();
}
