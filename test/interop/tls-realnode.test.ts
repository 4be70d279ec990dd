/**
 * A real `ipdect node` Master's TLS services with its default device certificate (§4.1.10.4.1), checked with the real
 * clients: `curl --cacert` on HTTPS (§4.9.3), curl's alert when it does not trust the device (§6.2 0x000c0230),
 * `ldapsearch` over LDAPS with LDAPTLS_CACERT (App. H 636), and Force HTTPS turning HTTP into redirects. The TLS
 * profiles on these servers are tls-profiles.test.ts's.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { loopbackBlock } from "../helpers/loopback.js";
import { curl, HTTP_PORT, NodeProcesses, waitFor } from "../helpers/nodes.js";

const run = promisify(execFile);
const AUTH = "admin:changeme";
const HTTPS_PORT = 8443;
const LDAPS_PORT = 3636;

describe("real node: HTTPS, LDAPS and Force HTTPS with the device certificate", () => {
  const ip = loopbackBlock();
  const nodes = new NodeProcesses();
  const caFile = join(nodes.dir, "device.pem");
  const master = ip(1);
  const yaml = (forceHttps: boolean) =>
    JSON.stringify({
      name: "tls-master",
      kind: "IPVM",
      mac: "00:90:33:20:10:01",
      ip: master,
      master: { mode: "active" },
      http: { port: HTTP_PORT, httpsPort: HTTPS_PORT, forceHttps },
      ldap: { server: { user: "ldap-user", password: "ldap-secret", port: 3389, tlsPort: LDAPS_PORT } },
      users: [{ longName: "Ann Berg", number: "2000", name: "u2000" }],
    }) + "\n";
  before(async () => {
    await nodes.start("master", yaml(false));
    // The default certificate is made at first start; HTTPS comes up once it exists (§4.1.10.4.1).
    await waitFor(async () => (await curl("-k", `https://${master}:${HTTPS_PORT}/`)).code === 0, 30_000, "HTTPS up");
    const pem = await curl("-u", AUTH, `http://${master}:${HTTP_PORT}/api/certs/device.pem`);
    assert.equal(pem.code, 0, pem.stderr);
    writeFileSync(caFile, pem.stdout);
  });
  after(() => nodes.close());

  test("curl --cacert <the device certificate> reads the status over HTTPS; without it curl refuses", async () => {
    const ok = await curl("--cacert", caFile, "-u", AUTH, `https://${master}:${HTTPS_PORT}/api/status`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(ok.stdout) as { name: string }).name, "tls-master");
    assert.equal((await curl(`https://${master}:${HTTPS_PORT}/api/status`)).code, 60);
  });

  test("curl refusing the device certificate raises 0x000c0230 with its address; its next good handshake clears it (§6.2)", async () => {
    const client = ip(2);
    const alarmed = async () => {
      const r = await curl("-u", AUTH, `http://${master}:${HTTP_PORT}/api/status`);
      const { alarms } = JSON.parse(r.stdout) as { alarms: { code: string; source?: string }[] };
      return alarms.some((a) => a.code === "0x000c0230" && a.source === `https client ${client}`);
    };
    assert.equal((await curl("--interface", client, `https://${master}:${HTTPS_PORT}/`)).code, 60);
    await waitFor(alarmed, 5000, "Unknown CA from curl");
    const ok = await curl("--interface", client, "--cacert", caFile, "-u", AUTH, `https://${master}:${HTTPS_PORT}/`);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(await alarmed(), false);
  });

  test("ldapsearch over LDAPS trusts the device certificate through LDAPTLS_CACERT", async () => {
    const { stdout } = await run(
      "ldapsearch",
      [
        ...["-x", "-H", `ldaps://${master}:${LDAPS_PORT}`, "-D", "cn=ldap-user", "-w", "ldap-secret"],
        ...["-b", "cn=PBX0", "-LLL", "(e164=2000)", "cn"],
      ],
      { env: { ...process.env, LDAPTLS_CACERT: caFile, LDAPTLS_REQCERT: "demand" } },
    );
    assert.match(stdout, /^cn: Ann Berg$/m);
  });

  test("Force HTTPS: HTTP answers 301 to the same path on HTTPS and serves nothing itself", async () => {
    await nodes.kill("master");
    // The changed start file replaces the configuration on flash (--reset-config).
    await nodes.start("master", yaml(true), ["--reset-config"]);
    const r = await curl(
      "-o",
      "/dev/null",
      "-w",
      "%{http_code} %{redirect_url}",
      `http://${master}:${HTTP_PORT}/api/status`,
    );
    assert.equal(r.stdout, `301 https://${master}:${HTTPS_PORT}/api/status`);
    await waitFor(async () => (await curl("-k", `https://${master}:${HTTPS_PORT}/`)).code === 0, 30_000, "HTTPS up");
    const followed = await curl(
      ...["--location-trusted", "--cacert", caFile, "-u", AUTH],
      `http://${master}:${HTTP_PORT}/api/status`,
    );
    assert.equal(followed.code, 0, followed.stderr);
    assert.equal((JSON.parse(followed.stdout) as { name: string }).name, "tls-master");
  });
});
