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
import { ROOT_PW, Slapd } from "../helpers/slapd.js";

const PEOPLE = 4000;
/** inetOrgPersons without a telephoneNumber: no suitable map (§4.5.4 Discarded). */
const NO_PHONE = 10;
/** §4.5.3.2 acceptance: a change at the source shows up on the Master within this. */
const CHANGE_MS = 2000;
const BASE = "ou=Users,dc=example,dc=com";
const ALARM_CODE = "0x00030001";

/** Person i: an AD-like inetOrgPerson; every other one in Gothenburg (area 31), the rest in Stockholm (8). */
function personLdif(i: number): string {
  const area = i % 2 === 0 ? 31 : 8;
  return [
    `dn: uid=p${i},${BASE}`,
    "objectClass: inetOrgPerson",
    `uid: p${i}`,
    `cn: Person ${i}`,
    `sn: P${i}`,
    `mail: p${i}@example.com`,
    ...(i < PEOPLE ? [`telephoneNumber: +46 (${area}) ${550000 + i}`] : []),
    "",
    "",
  ].join("\n");
}

/** The manual's worked example (§4.5.3.2 In Maps): digits only, "Gbg" displays, an empty display by default. */
const MAPS: Pick<LdapReplicatorSettings, "inMaps" | "outMaps"> = {
  inMaps: [
    { source: "cn", pattern: "%cn" },
    { source: "telephoneNumber", pattern: String.raw`%tel=/0\1\2/:\+46 \((\d+)\) (\d+)` },
    { source: "telephoneNumber", pattern: String.raw`%dsp=/Gbg \2/:\+46 \((31)\) (\d+)` },
    { source: "cn", pattern: "%dsp=//" },
    { source: "mail", pattern: "%upn" },
  ],
  outMaps: [
    { dest: "cn", value: "%cn" },
    { dest: "e164", value: "%tel" },
    { dest: "dn", value: "%dsp" },
    { dest: "h323", value: "%upn" },
  ],
};

describe("Active Directory replication from a real slapd into a Master (manual 003 §4.5.3.2, §4.5.4)", () => {
  const ip = loopbackBlock();
  const MASTER = ip(1);
  const dataDir = mkdtempSync(join(tmpdir(), "ipdect-adrep-"));
  let slapd: Slapd;
  let host: NodeHost;
  let dir: Directory;
  const replicator = async () => (await api(MASTER, "GET", "/api/ldap/replicator")).json as AdReplicatorStatus;
  const alarmed = async () => (await status(MASTER))?.alarms.some((a) => a.code === ALARM_CODE) === true;

  before(async () => {
    let ldif = `dn: ${BASE}\nobjectClass: organizationalUnit\nou: Users\n\n`;
    for (let i = 0; i < PEOPLE + NO_PHONE; i++) ldif += personLdif(i);
    slapd = await Slapd.start({ ip: ip(2), port: 10389, ldif });
    const [cfg] = loadDeviceConfigs(
      `{ name: master, kind: IPVM, mac: "00:90:33:06:00:01", ip: ${MASTER}, master: { mode: active, id: 1 } }\n`,
      "master.yaml",
    );
    const replicatorSettings: LdapReplicatorSettings = {
      type: "ad",
      enabled: true,
      server: `${ip(2)}:10389`,
      user: slapd.rootDn,
      password: ROOT_PW,
      searchBase: BASE,
      adFilter: "(objectClass=inetOrgPerson)",
      ...MAPS,
    };
    host = await NodeHost.start([{ ...cfg!, ldap: { replicator: replicatorSettings } }], {
      dataDir,
      httpPort: HTTP_PORT,
      events: { emit: () => undefined },
      logger: silentLogger,
    });
    dir = host.devices.get("master")!.directory();
  });
  after(async () => {
    await host?.close();
    await slapd?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("all 4000 entries arrive with mapped attributes; Up, Remote Completed; entries without a phone are Discarded", async () => {
    await waitFor(async () => (await replicator()).remote?.state === "completed", 30_000, "initial load");
    const s = await replicator();
    assert.equal(s.state, "up");
    assert.equal(s.server, `${ip(2)}:10389`);
    assert.deepEqual(s.remote, {
      state: "completed",
      notify: 0,
      paged: PEOPLE + NO_PHONE,
      noMatch: 0,
      discarded: NO_PHONE,
    });
    assert.deepEqual(s.local, { state: "completed", notify: 0, add: PEOPLE, del: 0, modify: 0, pending: 0 });
    assert.equal(dir.users.length, PEOPLE);
    const user = (n: number) => dir.findUser("number", `0${n % 2 === 0 ? 31 : 8}${550000 + n}`)?.user;
    assert.deepEqual(user(0), { ...user(0), longName: "Person 0", displayName: "Gbg 550000", name: "p0@example.com" });
    assert.deepEqual(user(1), { ...user(1), longName: "Person 1", name: "p1@example.com" });
    assert.equal(user(1)!.displayName, undefined, "the empty default display");
    assert.equal(user(3998)!.displayName, "Gbg 553998");
    assert.equal(user(3999)!.longName, "Person 3999");
    assert.deepEqual(dir.findUser("number", "031550000")!.ad?.fields, ["longName", "number", "displayName", "name"]);
    assert.equal(await alarmed(), false);
  });

  test("an entry changed with ldapmodify is changed on the Master within 2 s", async () => {
    slapd.tool(
      "ldapmodify",
      `dn: uid=p42,${BASE}\nchangetype: modify\nreplace: cn\ncn: Anna Berg\n-\nreplace: telephoneNumber\ntelephoneNumber: +46 (31) 123456\n`,
    );
    const ms = await waitFor(
      async () => dir.findUser("number", "031123456")?.user.longName === "Anna Berg",
      CHANGE_MS,
      "the change",
    );
    assert.ok(ms <= CHANGE_MS);
    assert.equal(dir.findUser("number", "031550042"), undefined);
    assert.equal(dir.findUser("number", "031123456")!.user.displayName, "Gbg 123456");
    const s = await replicator();
    assert.equal(s.remote.notify, 1);
    assert.equal(s.local.modify, 1);
  });

  test("an entry removed with ldapdelete is removed on the Master within 2 s", async () => {
    slapd.tool("ldapdelete", "", `uid=p7,${BASE}`);
    await waitFor(async () => dir.findUser("number", "08550007") === undefined, CHANGE_MS, "the removal");
    assert.equal(dir.users.length, PEOPLE - 1);
    assert.equal((await replicator()).local.del, 1);
  });

  test("a local edit of an AD-owned field is refused, of another field accepted; local users stay (§4.5.3.2)", async () => {
    const readOnly = (err: unknown) => err instanceof StateError && err.code === "USER_READ_ONLY";
    await assert.rejects(dir.modifyUser("031550010", { longName: "Renamed" }), readOnly);
    await assert.rejects(dir.modifyUser("031550010", { displayName: "Mine" }), readOnly);
    const ipei = Ipei.create(19, 10).toString();
    await dir.modifyUser("031550010", { ipei, idleDisplay: "Desk 10", password: "sip-pw" });
    assert.deepEqual(
      [dir.findUser("number", "031550010")!.user.ipei, dir.findUser("number", "031550010")!.user.idleDisplay],
      [ipei, "Desk 10"],
    );
    const refused = await api(MASTER, "DELETE", "/api/users/031550010");
    assert.equal(refused.status, 409);
    const added = await api(MASTER, "POST", "/api/users", JSON.stringify({ longName: "Local Only", number: "7777" }));
    assert.equal(added.status, 201);
  });

  test("slapd stopped: Down and alarm 0x00030001; restarted: Up again, alarm cleared, local data kept", async () => {
    await slapd.stop();
    await waitFor(async () => (await replicator()).state === "down" && (await alarmed()), 5_000, "Down with alarm");
    assert.equal((await replicator()).remote.state, "stopped");
    await slapd.start();
    await waitFor(
      async () => (await replicator()).remote.state === "completed" && !(await alarmed()),
      10_000,
      "Up again without alarm",
    );
    assert.equal((await replicator()).state, "up");
    assert.equal(dir.users.length, PEOPLE, "4000 - 1 from AD + 1 local");
    assert.equal(dir.findUser("number", "031550010")!.user.idleDisplay, "Desk 10");
    assert.ok(dir.findUser("number", "7777"));
  });
});
