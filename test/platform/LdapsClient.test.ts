/**
 * ldaps from the AD replication client (platform/node/LdapRemoteDirectory.ts) to a real slapd, judged by the device's
 * TLS policy like every TLS server the device connects to (§4.1.10): an untrusted server goes to the rejected list
 * with 0x000c0130 "Unknown CA" and sees no bind; after "Trust" the load works and the alarm clears; §4.7.2.1 extended
 * key usage refuses a CA-signed server certificate without serverAuth. A server that refuses the device's own
 * certificate (openssl s_server asking for one from another CA) raises the remote alarm 0x000c0230.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEFAULT_TLS_SETTINGS } from "../../src/certs/settings.js";
import { tlsPolicy } from "../../src/certs/tlsContext.js";
import { IoError } from "../../src/core/errors.js";
import { LdapRemoteDirectory } from "../../src/platform/node/LdapRemoteDirectory.js";
import type { RemoteObject, RemoteQuery } from "../../src/replication/RemoteDirectory.js";
import { makeCa, storeRig, type StoreRig, Workdir } from "../certs/helpers.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { startSServer } from "../helpers/opensslServer.js";
import { selfSignedFor } from "../helpers/opensslCerts.js";
import { ROOT_PW, Slapd } from "../helpers/slapd.js";

const BASE = "ou=Users,dc=example,dc=com";
const person = (uid: string) =>
  `dn: uid=${uid},${BASE}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${uid}\nsn: ${uid}\n\n`;

describe("ldaps client of AD replication against a real slapd: the device's trust list decides", () => {
  const ip = loopbackBlock();
  const w = new Workdir();
  let slapd: Slapd;
  let query: RemoteQuery;
  let server: string;
  before(async () => {
    let ldif = `dn: ${BASE}\nobjectClass: organizationalUnit\nou: Users\n\n`;
    for (let i = 0; i < 20; i++) ldif += person(`u${i}`);
    slapd = await Slapd.start({ ip: ip(1), port: 10389, tlsPort: 10636, ldif, stats: true });
    server = `${ip(1)}:10636`;
    query = {
      user: slapd.rootDn,
      password: ROOT_PW,
      tls: true,
      searchBase: BASE,
      filter: "(objectClass=inetOrgPerson)",
      attributes: ["cn"],
    };
  });
  after(async () => {
    await slapd?.close();
    w.close();
  });

  /** Connects and loads everything through the device's policy; the objects, or the error. */
  const load = async (rig: StoreRig, to = server): Promise<RemoteObject[] | IoError> => {
    try {
      const session = await new LdapRemoteDirectory().connect(to, query, tlsPolicy(rig.certs, rig.alarms));
      const objects: RemoteObject[] = [];
      await session.load(async (page) => void objects.push(...page));
      await session.close();
      return objects;
    } catch (err) {
      if (err instanceof IoError) return err;
      throw err;
    }
  };
  /** The TLS alert alarms (0x000c01xx, 0x000c02xx): the certificates made here also expire within 30 days. */
  const alarms = (rig: StoreRig) =>
    rig.alarms
      .active()
      .filter((a) => /^0x000c0[12]/.test(a.code))
      .map((a) => `${a.code} ${a.source ?? ""}`);
  /** slapd's stats log has one "BIND dn=… method=128" line per bind request. */
  const binds = () => slapd.log.split("\n").filter((l) => / BIND dn=.* method=/.test(l)).length;

  test("untrusted: rejected list with the reason and `ldaps host:port`, 0x000c0130, and no bind reaches slapd; after Trust the load works and the alarm clears", async () => {
    const rig = await storeRig();
    const bindsBefore = binds();
    const refused = await load(rig);
    assert.ok(refused instanceof IoError, "refused");
    assert.match(refused.message, /not trusted \(SELF_SIGNED_CERT_IN_CHAIN\)/);
    await new Promise((r) => setTimeout(r, 50)); // the rejected list is written behind the callback
    const [entry, ...more] = rig.certs.rejected();
    assert.deepEqual(more, []);
    assert.equal(entry!.reason, "SELF_SIGNED_CERT_IN_CHAIN");
    assert.equal(entry!.direction, "out");
    assert.equal(entry!.peer, `ldaps ${server}`);
    assert.deepEqual(alarms(rig), [`0x000c0130 ldaps ${server}`]);
    assert.equal(binds(), bindsBefore, "no bind reached the untrusted server");

    // slapd sends its CA with its certificate: "Trust" puts both on the trust list.
    await rig.certs.trustRejected(entry!.fingerprint);
    const objects = await load(rig);
    assert.ok(Array.isArray(objects), String(objects));
    assert.equal(objects.length, 20);
    assert.equal(binds(), bindsBefore + 1);
    assert.deepEqual(alarms(rig), []);
  });

  test("§4.7.2.1 extended key usage: slapd's CA-signed certificate without serverAuth is refused with INVALID_PURPOSE", async () => {
    const rig = await storeRig({ settings: { ...DEFAULT_TLS_SETTINGS, keyUsage: "extended" } });
    await rig.certs.trust(new TextEncoder().encode(slapd.caPem));
    const bindsBefore = binds();
    const refused = await load(rig);
    assert.ok(refused instanceof IoError, "refused");
    assert.match(refused.message, /not trusted \(INVALID_PURPOSE: no extended key usage/);
    await new Promise((r) => setTimeout(r, 50));
    assert.match(rig.certs.rejected()[0]!.reason, /^INVALID_PURPOSE/);
    assert.deepEqual(alarms(rig), [`0x000c012b ldaps ${server}`]);
    assert.equal(binds(), bindsBefore);
    // The standard check lets the same certificate through (RFC 5280: no extension, no restriction).
    const standard = await storeRig();
    await standard.certs.trust(new TextEncoder().encode(slapd.caPem));
    assert.equal(((await load(standard)) as RemoteObject[]).length, 20);
  });

  test("a server that refuses the device's certificate sends unknown_ca: 0x000c0230 with `ldaps host:port` (§6.2)", async () => {
    makeCa(w, "clients");
    const cert = selfSignedFor(w.dir, "s_server", ip(2));
    const s = await startSServer(ip(2), cert, [
      "-Verify",
      "1",
      "-verify_return_error",
      "-CAfile",
      w.path("clients.pem"),
    ]);
    try {
      const rig = await storeRig();
      await rig.certs.trust(new TextEncoder().encode(cert.certPem));
      const refused = await load(rig, `${ip(2)}:${s.port}`);
      assert.ok(refused instanceof IoError, "refused");
      assert.match(refused.message, /the server sent the alert unknown_ca \(48\)/);
      assert.deepEqual(alarms(rig), [`0x000c0230 ldaps ${ip(2)}:${s.port}`]);
      assert.equal(rig.certs.rejected().length, 0, "the server's chain itself was trusted");
    } finally {
      await s.stop();
    }
  });
});
