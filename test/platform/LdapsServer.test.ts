/**
 * LDAPS (App. H 636): the LDAP server inside TLS with the device certificate, read by the real `ldapsearch` that
 * trusts it through LDAPTLS_CACERT, and refused by one that does not. It asks for a client certificate: none or a
 * trusted one is taken, any other is refused and handed over for the rejected list as "in" (§4.1.10.2).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { silentLogger } from "../../src/core/Logger.js";
import type { LdapListener } from "../../src/ldap/listener.js";
import { listenLdap } from "../../src/platform/node/LdapServer.js";
import { freePort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { selfSignedFor, type OpensslCert } from "../helpers/opensslCerts.js";
import { fixedTlsPolicy } from "../helpers/tlsPolicy.js";
import { makeCa, makeLeaf, Workdir } from "../certs/helpers.js";
import { directory, service, users } from "../ldap/helpers.js";

const run = promisify(execFile);

describe("LDAPS server (App. H 636) against ldapsearch", () => {
  const ip = loopbackBlock()(1);
  const dir = tempDir("ipdect-ldaps-");
  const device = selfSignedFor(dir, "device", ip);
  const stranger = selfSignedFor(dir, "stranger", ip);
  // The trust list holds a CA (§4.1.10.1); it signed one valid client certificate and one that has expired.
  const w = new Workdir();
  makeCa(w);
  makeLeaf(w, "client");
  makeLeaf(w, "expired", { days: -1 });
  const client = (name: string): OpensslCert => ({
    certFile: w.path(`${name}.pem`),
    keyFile: w.path(`${name}.key`),
    certPem: w.text(`${name}.pem`),
  });
  const refused: { reason: string; direction: string; subjects: string[] }[] = [];
  let listener: LdapListener;
  let svc: ReturnType<typeof service>;
  let port = 0;
  const tls = fixedTlsPolicy(
    {
      key: readFileSync(device.keyFile, "utf8"),
      cert: device.certPem,
      ca: [w.text("ca.pem")],
      minVersion: "TLSv1.2",
      ciphers: "DEFAULT",
    },
    {
      rejected: (chain, reason, _peer, direction) =>
        void refused.push({ reason, direction, subjects: chain.map((c) => new X509Certificate(c).subject) }),
    },
  );
  before(async () => {
    port = await freePort(ip);
    svc = service(await directory(users(5)));
    listener = await listenLdap(ip, port, svc, silentLogger, tls);
  });
  after(async () => {
    await listener.close();
    svc.close();
    removeTempDir(dir);
    w.close();
  });

  /** ldapsearch trusting `caFile`, presenting `client`'s certificate when given (LDAPTLS_CERT/LDAPTLS_KEY). */
  const ldapsearch = (caFile: string, client?: OpensslCert) =>
    run(
      "ldapsearch",
      [
        ...["-x", "-H", `ldaps://${ip}:${port}`, "-D", "cn=ldap-user", "-w", "ldap-secret"],
        ...["-b", "cn=PBX0", "-LLL", "(e164=*)", "dn"],
      ],
      {
        env: {
          ...process.env,
          LDAPTLS_CACERT: caFile,
          LDAPTLS_REQCERT: "demand",
          ...(client === undefined ? {} : { LDAPTLS_CERT: client.certFile, LDAPTLS_KEY: client.keyFile }),
        },
      },
    );
  const dns = (stdout: string) => stdout.split("\n").filter((l) => l.startsWith("dn: ")).length;

  test("ldapsearch with LDAPTLS_CACERT = the device certificate reads the directory over TLS", async () => {
    const { stdout } = await ldapsearch(device.certFile);
    assert.equal(dns(stdout), 5);
  });

  test("ldapsearch that trusts another certificate refuses the server (no data crosses)", async () => {
    await assert.rejects(ldapsearch(stranger.certFile), /Can't contact LDAP server/);
  });

  test("a client certificate from a trusted CA is taken; an expired one is refused before the bind, its chain rejected as in (§4.1.10.2)", async () => {
    assert.equal(dns((await ldapsearch(device.certFile, client("client"))).stdout), 5);
    assert.deepEqual(refused, []);
    await assert.rejects(ldapsearch(device.certFile, client("expired")), /Can't contact LDAP server/);
    assert.deepEqual(refused, [
      { reason: "CERT_HAS_EXPIRED", direction: "in", subjects: ["CN=expired", "CN=Test ca"] },
    ]);
  });
});
