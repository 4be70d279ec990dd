/**
 * npm run bench -- sipTls
 * 4000 users registering over SIP/TLS (§4.6.23 Protocol sip-tls, RFC 3261 §26.2) against kamailio's tls module, and
 * the same users over TCP against the same kamailio, alternating, a fresh kamailio and node run each. Debian's SIPp
 * (sip-tester 3.6.1) is built without TLS (`sipp -h` lists no l1/ln transport), so the comparison is our TLS against
 * our TCP: what TLS costs on top of the same registration path. The PBX certificate is put on the node's trust list
 * through the API and the node restarted, so the measured run starts trusted (the trust list is on flash).
 * Times are the gatekeeper's own `users.allRegisteredInMs` (first REGISTER to the last user's 200).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GatekeeperStatus } from "../src/sip/Gatekeeper.js";
import { startKamailio } from "../test/helpers/kamailio.js";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { HTTP_PORT, NodeProcesses } from "../test/helpers/nodes.js";
import { selfSignedFor } from "../test/helpers/opensslCerts.js";
import { gatekeeperNodeYaml, sipUsers } from "../test/helpers/sipNodes.js";
import { machine, source, stats } from "./lib/machine.js";

const USERS = 4000;
const RUNS = 3;
const AUTH = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ip = loopbackBlock();
const nodes = new NodeProcesses();
const certDir = join(nodes.dir, "pbx");
mkdirSync(certDir);
const pbx = selfSignedFor(certDir, "pbx", ip(100));
const k = await startKamailio({ ip: ip(100), children: 4, tls: { certFile: pbx.certFile, keyFile: pbx.keyFile } });
const users = sipUsers(USERS);

const gk = async (at: string): Promise<GatekeeperStatus | undefined> => {
  try {
    const r = await fetch(`http://${at}:${HTTP_PORT}/api/sip`, { headers: { authorization: AUTH } });
    return r.status === 200 ? ((await r.json()) as GatekeeperStatus) : undefined;
  } catch {
    return undefined;
  }
};

async function once(transport: "tls" | "tcp", n: number): Promise<number> {
  await k.stop();
  await k.start();
  const master = ip(1 + n);
  const name = `bench-${n}`;
  const yaml = gatekeeperNodeYaml({
    name,
    ip: master,
    mac: `00:90:33:09:10:${(n + 1).toString(16).padStart(2, "0")}`,
    master: { mode: "active" },
    gatekeeper: {
      protocol: `sip-${transport}`,
      proxy: `${k.ip}:${transport === "tls" ? k.tlsPort : k.port}`,
      domain: k.realm,
      localPort: 15060,
    },
    users,
  });
  if (transport === "tls") {
    // First start: put the PBX on the trust list (kept on flash), then start again trusted.
    await nodes.start(name, yaml);
    const put = await fetch(`http://${master}:${HTTP_PORT}/api/certs/trust`, {
      method: "POST",
      headers: { authorization: AUTH },
      body: readFileSync(pbx.certFile),
    });
    if (put.status !== 200) throw new Error(`trust upload: ${put.status} ${await put.text()}`);
    await nodes.kill(name);
    await k.stop();
    await k.start();
  }
  await nodes.start(name, yaml);
  let ms: number | undefined;
  for (let waited = 0; ms === undefined; waited += 100) {
    if (waited > 120_000) throw new Error(`${transport}: not all users registered in 120 s`);
    await sleep(100);
    ms = (await gk(master))?.users.allRegisteredInMs;
  }
  await nodes.kill(name);
  if ((await k.registeredAors()).size < USERS) throw new Error(`${transport}: kamailio holds fewer than ${USERS}`);
  return ms;
}

const ms = { tls: [] as number[], tcp: [] as number[] };
try {
  let n = 0;
  for (let run = 0; run < RUNS; run++) {
    ms.tls.push(await once("tls", n++));
    ms.tcp.push(await once("tcp", n++));
    process.stderr.write(`run ${run + 1}: tls ${ms.tls[run]} ms, tcp ${ms.tcp[run]} ms\n`);
  }
} finally {
  await nodes.close();
  await k.close();
}
const rate = (x: number) => Math.round(USERS / (x / 1000));
const result = {
  benchmark: "sipTls",
  machine: machine(),
  source: source(),
  users: USERS,
  runs: RUNS,
  note: "kamailio 5.6 with the tls module (TLSv1.2+), 4 children; SIPp in Debian has no TLS, so TLS is compared with TCP",
  tlsMs: ms.tls,
  tcpMs: ms.tcp,
  tlsPerSecond: rate(stats(ms.tls).median),
  tcpPerSecond: rate(stats(ms.tcp).median),
  tlsOverTcp: Math.round((rate(stats(ms.tls).median) / rate(stats(ms.tcp).median)) * 100) / 100,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/sipTls-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
process.stdout.write(JSON.stringify(result, null, 2) + "\n");
