/**
 * LDAPS (App. H 636): the LDAP server inside TLS with the device certificate, read by the real `ldapsearch` that
 * trusts it through LDAPTLS_CACERT, and refused by one that does not.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { silentLogger } from "../../src/core/Logger.js";
import type { LdapListener } from "../../src/ldap/listener.js";
import { listenLdap } from "../../src/platform/node/LdapServer.js";
import { freePort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { selfSignedFor } from "../helpers/opensslCerts.js";
import { directory, service, users } from "../ldap/helpers.js";

const run = promisify(execFile);

describe("LDAPS server (App. H 636) against ldapsearch", () => {
  const ip = loopbackBlock()(1);
  const dir = tempDir("ipdect-ldaps-");
  const device = selfSignedFor(dir, "device", ip);
  const stranger = selfSignedFor(dir, "stranger", ip);
  let listener: LdapListener;
  let svc: ReturnType<typeof service>;
  let port = 0;
  const tls = {
    key: readFileSync(device.keyFile, "utf8"),
    cert: device.certPem,
    ca: [],
    minVersion: "TLSv1.2" as const,
    ciphers: "DEFAULT",
  };
  before(async () => {
    port = await freePort(ip);
    svc = service(await directory(users(5)));
    listener = await listenLdap(ip, port, svc, silentLogger, () => tls);
  });
  after(async () => {
    await listener.close();
    svc.close();
    removeTempDir(dir);
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
    const { stdout } = await ldapsearch(device.certFile);
    assert.equal(stdout.split("\n").filter((l) => l.startsWith("dn: ")).length, 5);
  });

  test("ldapsearch that trusts another certificate refuses the server (no data crosses)", async () => {
    await assert.rejects(ldapsearch(stranger.certFile), /Can't contact LDAP server/);
  });
});
