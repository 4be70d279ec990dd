import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { trustedRealmVerdict, type DomainToken, type TrustAuthorization } from "../../src/auth/crossRealm.js";
import { realmName, type RealmVerdict } from "../../src/auth/realm.js";
import { LdapDomainGroups } from "../../src/platform/node/LdapDomainGroups.js";
import { freePort, removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { krb5Conf, MitKdc } from "../helpers/mitKdc.js";
import { selfSignedFor, type OpensslCert } from "../helpers/opensslCerts.js";
import { SAMBA_ADMIN_PASSWORD, SambaAd, type AdGroup } from "../helpers/sambaAd.js";
import { fixedTlsPolicy } from "../helpers/tlsPolicy.js";

const run = promisify(execFile);

/** The AD domain (Samba) and the device's realm (MIT), names that share no parent: the trust is the only path. */
const AD = "WINAD.TEST";
const MIT = "IPDECT.TEST";
/** The device's host principal: its MAC (§4.1.8.4 step 3). */
const HOST = `host/0030420a0b0c@${MIT}`;
const TRUST_PASSWORD = "Tru5t-shared-secret";
const PASSWORD = { alice: "Al1ce!pass", bob: "B0b!passwd", carol: "C4rol!pass" };

/**
 * §4.1.8.9/§4.1.8.10 against a real Active Directory: a Samba AD DC provisioned by the test, an MIT KDC as the
 * device's realm, the trust between them as the manual's Windows steps make it, and the device's authorization of
 * domain users by group RID.
 */
describe("Kerberos cross-realm with a Samba AD DC (§4.1.8.9, §4.1.8.10)", () => {
  const ip = loopbackBlock();
  let samba: SambaAd;
  let mit: MitKdc;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let keytab: string;
  let admins: AdGroup;
  let auditors: AdGroup;
  let local: AdGroup;
  let groups: LdapDomainGroups;

  before(async () => {
    dir = tempDir("ipdect-xrealm-");
    mit = await MitKdc.start({ ip: ip(78), port: await freePort(ip(78)), realm: MIT });
    samba = await SambaAd.start({ ip: ip(77), realm: AD, domain: "WINAD" });
    admins = await samba.addGroup("ipdect-admins");
    auditors = await samba.addGroup("ipdect-auditors");
    local = await samba.addGroup("ipdect-local", "Domain");
    for (const [user, password] of Object.entries(PASSWORD)) await samba.addUser(user, password);
    await samba.addMembers("ipdect-admins", "alice");
    await samba.addMembers("ipdect-auditors", "bob");
    // carol is only in a domain local group: §4.1.8.9 "Can NOT be used in trusted domains".
    await samba.addMembers("ipdect-local", "carol");
    // The trust, both sides with the shared password (§4.1.8.9 step 11 and "On the device" step 3).
    await samba.trustRealm(MIT, TRUST_PASSWORD);
    await mit.addPrincipal(`krbtgt/${MIT}@${AD}`, TRUST_PASSWORD);
    // The device joined its realm: its host principal and keytab (§4.1.8.4).
    await mit.addPrincipal(HOST);
    keytab = join(dir, "device.keytab");
    await mit.keytab(HOST, keytab);
    // The client's krb5.conf (§4.1.8.9 "On the device (the client)": the AD realm and its address).
    const conf = join(dir, "krb5.conf");
    const realms = [
      { realm: AD, kdc: samba.ip },
      { realm: MIT, kdc: mit.kdc },
    ];
    writeFileSync(conf, krb5Conf(realms, [[AD, MIT]]));
    env = { ...process.env, KRB5_CONFIG: conf };
    // The device trusts the DC's LDAPS certificate (§4.1.10.1 trust list).
    groups = new LdapDomainGroups(devicePolicy(selfSignedFor(dir, "device", ip(1)), samba.cert.certPem));
  });

  after(async () => {
    await Promise.all([samba?.close(), mit?.close()]);
    if (dir !== undefined) removeTempDir(dir);
  });

  /** kinit as `user@AD` into a fresh cache; the cache's name. */
  async function kinit(user: string, password: string): Promise<NodeJS.ProcessEnv> {
    const cache = { ...env, KRB5CCNAME: `FILE:${join(dir, `cc-${user}-${Math.random()}`)}` };
    await runWithInput("kinit", [`${user}@${AD}`], password + "\n", cache);
    return cache;
  }

  test(`the domain controller answers Kerberos (88) and LDAPS (636) on its own address (provisioned by the test)`, async (t) => {
    t.diagnostic(`samba-tool domain provision took ${Math.round(samba.provisionMs)} ms`);
    const cache = await kinit("Administrator", SAMBA_ADMIN_PASSWORD);
    const { stdout } = await run("klist", [], { env: cache });
    assert.match(stdout, new RegExp(`krbtgt/${AD.replace(".", "\\.")}@`));
    assert.match(samba.domainSid, /^S-1-5-21-\d+-\d+-\d+$/);
    assert.ok(admins.sid.startsWith(`${samba.domainSid}-`) && admins.rid >= 1000);
  });

  test("a domain user gets a ticket for the device's host principal across the trust, and the device's keytab opens it", async () => {
    const cache = await kinit("alice", PASSWORD.alice);
    // kvno -k: the ticket decrypted with the device's keytab, as a login verifies it (§4.1.8.7).
    const { stdout } = await run("kvno", ["-k", keytab, HOST], { env: cache });
    assert.match(stdout, /keytab entry valid/);
    const { stdout: list } = await run("klist", [], { env: cache });
    assert.match(list, new RegExp(`krbtgt/${MIT}@${AD}`));
    assert.match(mit.output(), new RegExp(`alice@${AD} for ${HOST}`));
  });

  /** "Use domain group" with the test's groups (§4.1.8.9 step 5). */
  const byGroups = (): TrustAuthorization => ({
    kind: "domain-group",
    adminGroupRid: admins.rid,
    auditorGroupRid: auditors.rid,
  });
  async function login(login: string, authorization: TrustAuthorization): Promise<RealmVerdict> {
    const name = realmName(login)!;
    const password = PASSWORD[name.user as keyof typeof PASSWORD];
    const cache = await kinit(name.user, password);
    await run("kvno", ["-k", keytab, HOST], { env: cache });
    return trustedRealmVerdict(authorization, `${name.user}@${name.realm}`, () =>
      groups.token(samba.ip, name, password),
    );
  }

  test("Use domain group: the Admin Group's member is Administrator, the Auditor Group's is Auditor (§4.1.8.9 step 5)", async () => {
    const auth = byGroups();
    assert.deepEqual(await login(`${AD}\\alice`, auth), { ok: true, principal: `alice@${AD}`, level: "system-admin" });
    assert.deepEqual(await login(`bob@${AD}`, auth), { ok: true, principal: `bob@${AD}`, level: "auditor" });
  });

  test("Use domain group: a user in neither group is refused for its role; a domain local group does not count", async () => {
    const auth = byGroups();
    const v = await login(`${AD}\\carol`, auth);
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.reason, "role");
  });

  test("the token holds the primary group (513 Domain Users) and the global groups, with the user's domain SID", async () => {
    const token: DomainToken = await groups.token(samba.ip, { realm: AD, user: "alice" }, PASSWORD.alice);
    assert.ok(token.userSid.startsWith(`${samba.domainSid}-`));
    assert.ok(token.groupSids.includes(`${samba.domainSid}-513`));
    assert.ok(token.groupSids.includes(admins.sid));
    assert.ok(!token.groupSids.includes(auditors.sid));
    const carol = await groups.token(samba.ip, { realm: AD, user: "carol" }, PASSWORD.carol);
    assert.ok(!carol.groupSids.includes(local.sid), "a domain local group is not in a token for another realm");
  });

  test("Administrator and Auditor give every domain user that level, without asking the domain controller", async () => {
    const unasked = () => Promise.reject(new Error("asked"));
    for (const [kind, level] of [
      ["administrator", "system-admin"],
      ["auditor", "auditor"],
    ] as const)
      assert.deepEqual(await trustedRealmVerdict({ kind }, `carol@${AD}`, unasked), {
        ok: true,
        principal: `carol@${AD}`,
        level,
      });
  });

  test("a wrong password is refused by the domain's KDC", async () => {
    await assert.rejects(kinit("alice", "Wr0ng!pass"), /Password incorrect|Preauthentication failed/);
  });

  test("a DC whose LDAPS certificate is not on the trust list never sees the password: the login is refused", async () => {
    const own = selfSignedFor(dir, "other", ip(2));
    const untrusting = new LdapDomainGroups(devicePolicy(own, own.certPem));
    const v = await trustedRealmVerdict(byGroups(), `alice@${AD}`, () =>
      untrusting.token(samba.ip, { realm: AD, user: "alice" }, PASSWORD.alice),
    );
    assert.equal(!v.ok && v.reason, "unreachable");
    assert.match(!v.ok ? v.detail : "", /not trusted/);
  });

  test("trust passwords that differ: the ticket across the trust is refused by the device's KDC (0x000c0407)", async (t) => {
    // The same key version, another password: what two administrators typing different passwords leave.
    await mit.deletePrincipal(`krbtgt/${MIT}@${AD}`);
    await mit.addPrincipal(`krbtgt/${MIT}@${AD}`, "another-Secret-1");
    try {
      const cache = await kinit("alice", PASSWORD.alice);
      await assert.rejects(run("kvno", ["-k", keytab, HOST], { env: cache }), (err: Error) => {
        t.diagnostic(err.message);
        assert.match(err.message, /Decrypt integrity check failed/);
        return true;
      });
    } finally {
      await mit.deletePrincipal(`krbtgt/${MIT}@${AD}`);
      await mit.addPrincipal(`krbtgt/${MIT}@${AD}`, TRUST_PASSWORD);
    }
  });
});

/** The device's TLS policy: its own certificate, and `trusted` as its whole trust list. */
function devicePolicy(own: OpensslCert, trusted: string) {
  const key = readFileSync(own.keyFile, "utf8");
  return fixedTlsPolicy({ key, cert: own.certPem, ca: [trusted], minVersion: "TLSv1.2", ciphers: "DEFAULT" });
}

/** Runs `cmd` with `input` on stdin (kinit reads the password there). */
function runWithInput(cmd: string, args: readonly string[], input: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { env }, (err, _out, stderr) =>
      err ? reject(new Error(`${cmd}: ${stderr.trim() || err.message}`)) : resolve(),
    );
    // A program that exits before reading its input fails by its exit code, not by EPIPE.
    child.stdin!.on("error", () => undefined);
    child.stdin!.end(input);
  });
}
