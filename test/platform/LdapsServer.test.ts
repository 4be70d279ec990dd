/**
 * LDAPS (App. H 636): the LDAP server inside TLS with the device certificate and its TLS policy, read by the real
 * `ldapsearch` that trusts it through LDAPTLS_CACERT, and refused by one that does not; `openssl s_client` that does
 * not trust it sends unknown_ca, which raises the remote TLS alarm (§6.2 0x000c0230).
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { tlsPolicy } from "../../src/certs/tlsContext.js";
import { silentLogger } from "../../src/core/Logger.js";
import type { LdapListener } from "../../src/ldap/listener.js";
import { listenLdap } from "../../src/platform/node/LdapServer.js";
import { storeRig, Workdir, type StoreRig } from "../certs/helpers.js";
import { freePort } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { selfSignedFor } from "../helpers/opensslCerts.js";
import { directory, service, users } from "../ldap/helpers.js";

const run = promisify(execFile);

describe("LDAPS server (App. H 636) against ldapsearch and openssl s_client", () => {
  const ip = loopbackBlock()(1);
  const w = new Workdir();
  const stranger = selfSignedFor(w.dir, "stranger", ip);
  let rig: StoreRig;
  let listener: LdapListener;
  let svc: ReturnType<typeof service>;
  let port = 0;
  before(async () => {
    rig = await storeRig({ ip });
    w.write("device.pem", await rig.certs.devicePem());
    port = await freePort(ip);
    svc = service(await directory(users(5)));
    listener = await listenLdap(ip, port, svc, silentLogger, tlsPolicy(rig.certs, rig.alarms));
  });
  after(async () => {
    await listener.close();
    svc.close();
    rig.certs.close();
    w.close();
  });

  const ldapsearch = (caFile: string) =>
    run(
      "ldapsearch",
      [
        ...["-x", "-H", `ldaps://${ip}:${port}`, "-D", "cn=ldap-user", "-w", "ldap-secret"],
        ...["-b", "cn=PBX0", "-LLL", "(e164=*)", "dn"],
      ],
      { env: { ...process.env, LDAPTLS_CACERT: caFile, LDAPTLS_REQCERT: "demand" } },
    );

  test("ldapsearch with LDAPTLS_CACERT = the device certificate reads the directory over TLS", async () => {
    const { stdout } = await ldapsearch(w.path("device.pem"));
    assert.equal(stdout.split("\n").filter((l) => l.startsWith("dn: ")).length, 5);
  });

  test("ldapsearch that trusts another certificate refuses the server (no data crosses)", async () => {
    await assert.rejects(ldapsearch(stranger.certFile), /Can't contact LDAP server/);
  });

  test("openssl s_client that does not trust the device sends unknown_ca: 0x000c0230 with its address (§6.2)", async () => {
    // s_client leaves from 127.0.0.1, the kernel's source address for the loopback net. Not spawnSync: the server
    // runs in this process. Its stdin is empty, so it ends after the handshake.
    const client = spawn(
      "openssl",
      ["s_client", "-connect", `${ip}:${port}`, "-verify_return_error", "-CAfile", stranger.certFile],
      { stdio: ["ignore", "ignore", "ignore"] },
    );
    const status = await new Promise<number | null>((resolve) => client.once("exit", resolve));
    assert.notEqual(status, 0);
    for (let i = 0; i < 100 && rig.alarms.active().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(
      rig.alarms.active().map((a) => `${a.code} ${a.text} ${a.source}`),
      ["0x000c0230 Unknown CA ldaps client 127.0.0.1"],
    );
  });
});
