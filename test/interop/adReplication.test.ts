/**
 * Active Directory replication (§4.5.3.2, §4.5.4) from a real Active Directory, a Samba AD DC provisioned by the
 * test, into a Master (NodeHost, HTTP API): the paged load, changes by uSNChanged (a rename keeps the user: objects
 * are keyed by objectGUID), deletions and moves out of the search base, the DC going away, and a wrong password. The
 * generic LDAP path (OpenLDAP syncprov) is tested against slapd in test/platform/LdapRemoteDirectory.test.ts.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { StateError } from "../../src/core/errors.js";
import { Ipei } from "../../src/core/identity/Ipei.js";
import { silentLogger } from "../../src/core/Logger.js";
import type { AdReplicatorStatus } from "../../src/replication/AdReplicator.js";
import type { LdapReplicatorSettings } from "../../src/ldap/settings.js";
import { NodeHost } from "../../src/node/NodeHost.js";
import type { Directory } from "../../src/users/Directory.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { api, HTTP_PORT, status, waitFor } from "../helpers/nodes.js";
import { SambaAd } from "../helpers/sambaAd.js";

/** Three pages of 500 (§4.5.4 "Paged"); Samba adds ~160 users/s, so not the 4000 a slapd test could afford. */
const PEOPLE = 1200;
/** Users without a telephoneNumber: no suitable map (§4.5.4 Discarded). */
const NO_PHONE = 10;
/** §4.5.3.2 acceptance: a change at the source shows up on the Master within this. */
const CHANGE_MS = 2000;
const ALARM_CODE = "0x00030001";
const READER = { name: "ipdect-reader", password: "R3ader!pass" };

/** The user guide's worked example (the manual's, §4.5.3.2 In Maps): digits only, "Gbg" displays, UPN as Name. */
const MAPS: Pick<LdapReplicatorSettings, "inMaps" | "outMaps"> = {
  inMaps: [
    { source: "cn", pattern: "%cn" },
    { source: "telephoneNumber", pattern: String.raw`%tel=/0\1\2/:\+46 \((\d+)\) (\d+)` },
    { source: "telephoneNumber", pattern: String.raw`%dsp=/Gbg \2/:\+46 \((31)\) (\d+)` },
    { source: "cn", pattern: "%dsp=//" },
    { source: "userPrincipalName", pattern: "%upn" },
  ],
  outMaps: [
    { dest: "cn", value: "%cn" },
    { dest: "e164", value: "%tel" },
    { dest: "dn", value: "%dsp" },
    { dest: "h323", value: "%upn" },
  ],
};

describe("Active Directory replication from a Samba AD DC into a Master (manual 003 §4.5.3.2, §4.5.4)", () => {
  const ip = loopbackBlock();
  const MASTER = ip(1);
  const dataDirs: string[] = [];
  let samba: SambaAd;
  let base: string;
  let host: NodeHost;
  let dir: Directory;
  const replicator = async (at = MASTER) => (await api(at, "GET", "/api/ldap/replicator")).json as AdReplicatorStatus;
  const alarmed = async (at = MASTER) => (await status(at))?.alarms.some((a) => a.code === ALARM_CODE) === true;
  const number = (i: number) => `0${i % 2 === 0 ? 31 : 8}${550000 + i}`;
  const user = (i: number) => dir.findUser("number", number(i))?.user;

  /** A Master with AD replication from the DC, bound as `password` (the reader's by default). */
  const master = async (at: string, mac: string, password = READER.password) => {
    const [cfg] = loadDeviceConfigs(
      `{ name: m, kind: IPVM, mac: "${mac}", ip: ${at}, master: { mode: active, id: 1 } }\n`,
      "m.yaml",
    );
    const replicatorSettings: LdapReplicatorSettings = {
      type: "ad",
      enabled: true,
      server: samba.ip,
      user: `CN=${READER.name},CN=Users,${samba.baseDn}`,
      password,
      searchBase: base,
      // No filter: the default (objectclass=user) of §4.5.3.2 step 6.
      ...MAPS,
    };
    const dataDir = mkdtempSync(join(tmpdir(), "ipdect-adrep-"));
    dataDirs.push(dataDir);
    return NodeHost.start([{ ...cfg!, ldap: { replicator: replicatorSettings } }], {
      dataDir,
      httpPort: HTTP_PORT,
      events: { emit: () => undefined },
      logger: silentLogger,
    });
  };

  before(async () => {
    samba = await SambaAd.start({
      ip: ip(2),
      realm: "WINAD.TEST",
      domain: "WINAD",
      plainSimpleBind: true,
      auditBinds: true,
    });
    base = `OU=Phones,${samba.baseDn}`;
    await samba.addUser(READER.name, READER.password);
    let ldif = `dn: ${base}\nobjectClass: organizationalUnit\n\ndn: OU=Elsewhere,${samba.baseDn}\nobjectClass: organizationalUnit\n\n`;
    // Person i: every other one in Gothenburg (area 31), the rest in Stockholm (8).
    for (let i = 0; i < PEOPLE + NO_PHONE; i++)
      ldif += [
        `dn: CN=Person ${i},${base}`,
        "objectClass: user",
        `sAMAccountName: p${i}`,
        `userPrincipalName: p${i}@winad.test`,
        ...(i < PEOPLE ? [`telephoneNumber: +46 (${i % 2 === 0 ? 31 : 8}) ${550000 + i}`] : []),
        "",
        "",
      ].join("\n");
    await samba.ldap("ldapadd", ldif);
    host = await master(MASTER, "00:90:33:06:00:01");
    dir = host.devices.get("m")!.directory();
  });
  after(async () => {
    await host?.close();
    await samba?.close();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  });

  test("every user arrives with mapped attributes, keyed by objectGUID; Up, Remote Completed; no phone: Discarded", async () => {
    await waitFor(async () => (await replicator()).remote?.state === "completed", 60_000, "initial load");
    const s = await replicator();
    assert.equal(s.state, "up");
    assert.equal(s.server, `${samba.ip}:389`);
    assert.deepEqual(s.remote, {
      state: "completed",
      notify: 0,
      paged: PEOPLE + NO_PHONE,
      noMatch: 0,
      discarded: NO_PHONE,
    });
    assert.deepEqual(s.local, { state: "completed", notify: 0, add: PEOPLE, del: 0, modify: 0, pending: 0 });
    assert.equal(dir.users.length, PEOPLE);
    assert.deepEqual(user(0), { ...user(0), longName: "Person 0", displayName: "Gbg 550000", name: "p0@winad.test" });
    assert.deepEqual(user(1), { ...user(1), longName: "Person 1", name: "p1@winad.test" });
    assert.equal(user(1)!.displayName, undefined, "the empty default display");
    assert.equal(user(PEOPLE - 1)!.longName, `Person ${PEOPLE - 1}`);
    const guid = /^objectGUID: (\S+)$/m.exec(await samba.tool("user", "show", "p0", "--attributes=objectGUID"))?.[1];
    assert.equal(dir.findUser("number", number(0))!.ad?.key, guid, "the key is the objectGUID as Windows writes it");
    assert.deepEqual(dir.findUser("number", number(0))!.ad?.fields, ["longName", "number", "displayName", "name"]);
    assert.equal(await alarmed(), false);
  });

  test("a rename and a new telephoneNumber change the same user on the Master within 2 s", async () => {
    // cn is the RDN of an AD user: it changes by a rename (modrdn), which keeps the objectGUID.
    await samba.ldap(
      "ldapmodify",
      [
        `dn: CN=Person 42,${base}\nchangetype: modrdn\nnewrdn: CN=Anna Berg\ndeleteoldrdn: 1\n`,
        `dn: CN=Anna Berg,${base}\nchangetype: modify\nreplace: telephoneNumber\ntelephoneNumber: +46 (31) 123456\n`,
      ].join("\n"),
    );
    const ms = await waitFor(
      async () => dir.findUser("number", "031123456")?.user.longName === "Anna Berg",
      CHANGE_MS,
      "the change",
    );
    assert.ok(ms <= CHANGE_MS);
    assert.equal(dir.findUser("number", number(42)), undefined);
    assert.equal(dir.findUser("number", "031123456")!.user.displayName, "Gbg 123456");
    assert.equal(dir.users.length, PEOPLE);
    const s = await replicator();
    assert.ok(s.remote.notify >= 1 && s.remote.notify <= 2, `notify ${s.remote.notify}: one object, one or two polls`);
    assert.ok(s.local.modify >= 1 && s.local.add === PEOPLE);
  });

  test("a user deleted, and one moved out of the search base, are removed on the Master within 2 s", async () => {
    await samba.ldap("ldapdelete", "", `CN=Person 7,${base}`);
    await waitFor(async () => user(7) === undefined, CHANGE_MS, "the removal");
    await samba.ldap(
      "ldapmodify",
      `dn: CN=Person 9,${base}\nchangetype: modrdn\nnewrdn: CN=Person 9\ndeleteoldrdn: 1\nnewsuperior: OU=Elsewhere,${samba.baseDn}\n`,
    );
    await waitFor(async () => user(9) === undefined, CHANGE_MS, "the move out");
    assert.equal(dir.users.length, PEOPLE - 2);
    assert.equal((await replicator()).local.del, 2);
  });

  test("a local edit of an AD-owned field is refused, of another field accepted; local users stay (§4.5.3.2)", async () => {
    const readOnly = (err: unknown) => err instanceof StateError && err.code === "USER_READ_ONLY";
    await assert.rejects(dir.modifyUser(number(10), { longName: "Renamed" }), readOnly);
    await assert.rejects(dir.modifyUser(number(10), { displayName: "Mine" }), readOnly);
    const ipei = Ipei.create(19, 10).toString();
    await dir.modifyUser(number(10), { ipei, idleDisplay: "Desk 10", password: "sip-pw" });
    assert.deepEqual([user(10)!.ipei, user(10)!.idleDisplay], [ipei, "Desk 10"]);
    const refused = await api(MASTER, "DELETE", `/api/users/${number(10)}`);
    assert.equal(refused.status, 409);
    const added = await api(MASTER, "POST", "/api/users", JSON.stringify({ longName: "Local Only", number: "7777" }));
    assert.equal(added.status, 201);
  });

  test("the DC stopped: Down and alarm 0x00030001; back: Up, alarm cleared, a user deleted meanwhile removed", async () => {
    await samba.stop();
    await waitFor(async () => (await replicator()).state === "down" && (await alarmed()), 5_000, "Down with alarm");
    assert.equal((await replicator()).remote.state, "stopped");
    // Deleted while the DC serves no one (samba-tool on its database): only the reload after the reconnect sees it.
    await samba.tool("user", "delete", "p20");
    await samba.restart();
    await waitFor(
      async () => (await replicator()).remote.state === "completed" && !(await alarmed()),
      20_000,
      "Up again without alarm",
    );
    assert.equal((await replicator()).state, "up");
    assert.equal(user(20), undefined);
    assert.equal(dir.users.length, PEOPLE - 3 + 1, "3 removed at the source, 1 local");
    assert.equal(user(10)!.idleDisplay, "Desk 10");
    assert.ok(dir.findUser("number", "7777"));
  });

  test("a wrong password: the DC refuses the bind, the replicator is Down with alarm 0x00030001, no user arrives", async () => {
    const binds = samba.binds();
    const wrong = await master(ip(3), "00:90:33:06:00:02", "not-the-password");
    try {
      await waitFor(async () => (await replicator(ip(3))).state === "down" && (await alarmed(ip(3))), 10_000, "Down");
      assert.ok(samba.binds() > binds, "the bind reached the DC");
      assert.match(samba.output(), /NT_STATUS_WRONG_PASSWORD/);
      const s = await replicator(ip(3));
      assert.deepEqual([s.remote.state, s.remote.paged, s.local.add], ["stopped", 0, 0]);
      assert.equal(wrong.devices.get("m")!.directory().users.length, 0);
    } finally {
      await wrong.close();
    }
  });
});
