/**
 * A real `ipdect node` started from a configuration with a certificates section (docs/user-guide.md "Certificates in
 * a configuration"): it serves exactly the configured certificate and chain over HTTPS (`openssl s_client`,
 * `curl --cacert` with the configured CA), its trust list holds the configured entries, the key stays on its flash
 * (mode 0600) and out of every answer and event, and a restart keeps the state: an operator's certificate stands
 * until the configuration changes.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { makeCa, makeLeaf, Workdir } from "../certs/helpers.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, curl, HTTP_PORT, NodeProcesses, waitFor } from "../helpers/nodes.js";

const HTTPS_PORT = 8443;

describe("real node: a configured device certificate and trust list", () => {
  const ip = loopbackBlock()(1);
  const nodes = new NodeProcesses();
  const w = new Workdir();
  makeCa(w);
  makeCa(w, "peer");
  makeLeaf(w, "node", { san: `IP:${ip}` });
  makeLeaf(w, "node2", { san: `IP:${ip}` });
  const fingerprint = (name: string) => new X509Certificate(w.text(name)).fingerprint256;
  const keyLine = w.text("node.key").split("\n")[5]!;

  const yaml = (leaf: string) =>
    JSON.stringify({
      name: "certs-master",
      kind: "IPVM",
      mac: "00:90:33:20:20:01",
      ip,
      master: { mode: "active" },
      http: { port: HTTP_PORT, httpsPort: HTTPS_PORT },
      certificates: {
        device: { certificate: w.text(`${leaf}.pem`) + w.text("ca.pem"), key: w.text(`${leaf}.key`) },
        trust: [w.text("ca.pem"), w.text("peer.pem")],
      },
    }) + "\n";

  /** The chain the node presents over HTTPS, as `openssl s_client -showcerts` prints it: SHA-256 fingerprints. */
  const served = (): string[] => {
    const r = spawnSync("openssl", ["s_client", "-connect", `${ip}:${HTTPS_PORT}`, "-showcerts"], {
      input: "Q\n",
      encoding: "utf8",
      timeout: 10_000,
    });
    const pems = r.stdout.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    return pems.map((p) => new X509Certificate(p).fingerprint256);
  };
  const httpsUp = () =>
    waitFor(async () => (await curl("-k", `https://${ip}:${HTTPS_PORT}/`)).code === 0, 30_000, "HTTPS up");

  before(async () => {
    await nodes.start("master", yaml("node"));
    await httpsUp();
  });
  after(async () => {
    await nodes.close();
    w.close();
  });

  test("HTTPS presents the configured certificate and chain; curl --cacert <the configured CA> accepts it", async () => {
    assert.deepEqual(served(), [fingerprint("node.pem"), fingerprint("ca.pem")]);
    const ok = await curl(
      "--cacert",
      w.path("ca.pem"),
      "-u",
      "admin:changeme",
      `https://${ip}:${HTTPS_PORT}/api/status`,
    );
    assert.equal(ok.code, 0, ok.stderr);
    const status = JSON.parse(ok.stdout) as { certificates: { device: { origin: string; fingerprint: string } } };
    assert.deepEqual(status.certificates.device.origin, "configured");
    assert.equal(status.certificates.device.fingerprint, fingerprint("node.pem"));
    // Another CA's certificate is not the node's: curl refuses (60: the peer's certificate cannot be verified).
    assert.equal((await curl("--cacert", w.path("peer.pem"), `https://${ip}:${HTTPS_PORT}/`)).code, 60);
  });

  test("the trust list holds the configured entries", async () => {
    const trust = await api(ip, "GET", "/api/certs/trust");
    assert.deepEqual(
      (trust.json as { fingerprint: string }[]).map((c) => c.fingerprint),
      [fingerprint("ca.pem"), fingerprint("peer.pem")],
    );
  });

  test("the key is on flash with mode 0600 and in no answer, event or log line", async () => {
    const file = join(nodes.dir, "data", "certs-master", "certs", "device.json");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const answers = await Promise.all(
      ["/api/status", "/api/config", "/api/certs", "/api/events"].map(async (p) =>
        JSON.stringify(await api(ip, "GET", p)),
      ),
    );
    for (const text of [...answers, nodes.output.get("master")!]) {
      assert.doesNotMatch(text, /PRIVATE KEY/);
      assert.ok(!text.includes(keyLine));
    }
    assert.match(nodes.output.get("master")!, /"kind":"certificate","action":"installed","origin":"configured"/);
  });

  test("a restart keeps the state; an operator's certificate stands until the configuration changes", async () => {
    await nodes.kill("master");
    await nodes.start("master");
    await httpsUp();
    assert.deepEqual(served(), [fingerprint("node.pem"), fingerprint("ca.pem")]);
    assert.doesNotMatch(nodes.output.get("master")!, /"kind":"certificate"/, "nothing applied again");
    const made = await api(ip, "POST", "/api/certs/device/self-signed", JSON.stringify({ cn: ip, years: 1 }));
    assert.equal(made.status, 200, JSON.stringify(made.json));
    const operator = (made.json as { certificate: { fingerprint: string } }).certificate.fingerprint;
    await nodes.kill("master");
    await nodes.start("master");
    await httpsUp();
    assert.deepEqual(served(), [operator], "the same configuration does not overwrite the operator's certificate");
    const trust = await api(ip, "GET", "/api/certs/trust");
    assert.equal((trust.json as unknown[]).length, 2);
    // A changed start file replaces the configuration on flash when started with --reset-config.
    await nodes.kill("master");
    await nodes.start("master", yaml("node2"), ["--reset-config"]);
    await httpsUp();
    assert.deepEqual(served(), [fingerprint("node2.pem"), fingerprint("ca.pem")]);
    const ok = await curl("--cacert", w.path("ca.pem"), `https://${ip}:${HTTPS_PORT}/`);
    assert.notEqual(ok.code, 60, ok.stderr);
  });
});
