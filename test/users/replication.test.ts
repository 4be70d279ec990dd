import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isDeepStrictEqual } from "node:util";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import type { Fleet } from "../../sim/Fleet.js";
import type { Directory } from "../../src/users/Directory.js";
import { entryKey } from "../../src/users/entry.js";
import type { ReplicatorStatus } from "../../src/replication/Replicator.js";
import { runUntilTrue, startFleet } from "../helpers/sim.js";

const PAIR = `
devices:
  - { name: master, kind: IPVM, mac: "00:90:33:10:00:01", ip: 10.0.0.1, master: { mode: active, id: 1 } }
  - { name: standby, kind: IPVM, mac: "00:90:33:10:00:02", ip: 10.0.0.2, master: { mode: standby, id: 1, primary: 10.0.0.1 } }
`;
/** The same pair with the Standby's LDAP replicator configured (§4.5.3.1), so it reports with 0x00030001. */
const CONFIGURED_PAIR = PAIR.replace(
  "primary: 10.0.0.1 } }",
  "primary: 10.0.0.1 }, ldap: { replicator: { type: full, enabled: true, user: ldap-user, password: ldap-secret } } }",
);
const NOT_CONNECTED = formatAlarmCode(ALARM.LDAP_REPLICATOR_NOT_CONNECTED);

const dir = (fleet: Fleet, name: string): Directory => fleet.device(name).directory();
const users = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ longName: `User ${from + i}`, number: String(10000 + from + i) }));

/** Entry by entry, with usns: what the Standby holds is exactly what the Master holds. */
function sameCopy(a: Directory, b: Directory): boolean {
  if (a.epoch !== b.epoch || a.usn !== b.usn || a.size !== b.size) return false;
  for (const e of a.entries()) if (!isDeepStrictEqual(b.get(entryKey(e)), e)) return false;
  return true;
}

describe("Full replication Master → Standby (§4.5.3.1) in the sim world", () => {
  test("the Standby copies 4000 users, then follows each change as it happens", async () => {
    await using fleet = await startFleet(PAIR);
    await fleet.runFor(1000);
    for (let i = 0; i < 4000; i += 1000) await dir(fleet, "master").addUsers(users(1000, i));
    const copied = await runUntilTrue(fleet, () => sameCopy(dir(fleet, "master"), dir(fleet, "standby")), 5000);
    assert.ok(copied !== undefined, "complete copy");
    assert.equal(dir(fleet, "standby").users.length, 4000);
    await dir(fleet, "master").modifyUser("10007", { name: "seven" });
    await dir(fleet, "master").removeUser("10008");
    const t0 = fleet.now;
    const followed = await runUntilTrue(fleet, () => sameCopy(dir(fleet, "master"), dir(fleet, "standby")), 1000, 1);
    assert.ok(followed !== undefined && followed - t0 < 100, `followed in ${String(followed! - t0)} ms`);
    assert.equal(dir(fleet, "standby").findUser("number", "10007")?.user.name, "seven");
    assert.equal(dir(fleet, "standby").findUser("number", "10008"), undefined);
    const status = fleet.device("standby").replicatorStatus();
    assert.equal(status?.state, "up");
    assert.equal(status?.remote, "completed");
    assert.ok(status!.add >= 4000 && status!.del >= 1 && status!.modify >= 1);
  });

  test("the replica refuses local changes and names the Master", async () => {
    await using fleet = await startFleet(PAIR);
    await fleet.runFor(1000);
    await assert.rejects(dir(fleet, "standby").addUsers(users(1)), /DIRECTORY_REPLICA|replica/);
  });

  test("Master stopped mid-copy: Down and 0x00030001; restarted: resumes from its usn, copy equal, alarm cleared", async () => {
    await using fleet = await startFleet(CONFIGURED_PAIR);
    await fleet.runFor(1000);
    await dir(fleet, "master").addUsers(users(2000));
    await fleet.runFor(1);
    await fleet.stopDevice("master");
    await fleet.runFor(8000);
    const standby = fleet.device("standby");
    assert.equal(standby.replicatorStatus()?.state, "down");
    assert.ok(standby.status().alarms.some((a) => a.code === NOT_CONNECTED));
    await fleet.startDevice("master");
    await dir(fleet, "master").addUsers(users(10, 5000));
    const copied = await runUntilTrue(fleet, () => sameCopy(dir(fleet, "master"), dir(fleet, "standby")), 15_000);
    assert.ok(copied !== undefined, "equal after the Master restarted");
    assert.ok(!standby.status().alarms.some((a) => a.code === NOT_CONNECTED));
  });

  test("no LDAP replicator configured: the implicit copy goes Down with its Master but raises no 0x00030001", async () => {
    await using fleet = await startFleet(PAIR);
    await fleet.runFor(1000);
    await fleet.stopDevice("master");
    await fleet.runFor(8000);
    const standby = fleet.device("standby");
    assert.equal(standby.replicatorStatus()?.state, "down");
    assert.deepEqual(
      fleet.events.events.filter((e) => e.kind === "alarm" && e.code === NOT_CONNECTED),
      [],
      "no alarm for a feature the fleet does not configure",
    );
  });

  test("changes lost on a broken link are fetched again: no gap, no duplicate", async () => {
    await using fleet = await startFleet(PAIR);
    await fleet.runFor(1000);
    await dir(fleet, "master").addUsers(users(100));
    await fleet.runFor(500);
    fleet.partition(["master"], ["standby"]);
    for (let i = 0; i < 20; i++) await dir(fleet, "master").modifyUser(String(10000 + i), { name: `n${i}` });
    await fleet.runFor(3000);
    fleet.heal();
    const copied = await runUntilTrue(fleet, () => sameCopy(dir(fleet, "master"), dir(fleet, "standby")), 10_000);
    assert.ok(copied !== undefined);
  });

  test("after failover the active Standby has every user and subscription the Master had", async () => {
    await using fleet = await startFleet(PAIR);
    await fleet.runFor(1000);
    await dir(fleet, "master").addUsers(users(50));
    await fleet.runFor(500);
    await fleet.stopDevice("master");
    await fleet.runFor(5000);
    assert.equal(fleet.device("standby").status().master?.state, "standby.active");
    assert.equal(dir(fleet, "standby").users.length, 50);
  });
});

describe("Full replication settings (§4.5.3.1): filter type and login", () => {
  const pair = (standbyLdap: string, masterLdap = "") => `
devices:
  - { name: master, kind: IPVM, mac: "00:90:33:10:00:01", ip: 10.0.0.1, master: { mode: active, id: 1 }${masterLdap} }
  - { name: standby, kind: IPVM, mac: "00:90:33:10:00:02", ip: 10.0.0.2, master: { mode: standby, id: 1, primary: 10.0.0.1 }${standbyLdap} }
`;
  const rep = (extra: string) =>
    `, ldap: { replicator: { type: full, enabled: true, user: ldap-user, password: ldap-secret${extra} } }`;
  const server = ", ldap: { server: { user: ldap-user, password: ldap-secret, writeAccess: true } }";

  test("LDAP filter: only the users it selects are copied; anonymous handsets and DECT settings always", async () => {
    await using fleet = await startFleet(pair(rep(", filterType: ldap, filter: '(e164=100*)'"), server));
    await fleet.runFor(1000);
    await dir(fleet, "master").addUsers([...users(3), { longName: "Other", number: "2000" }]);
    await dir(fleet, "master").addAnonymous(["0004900000017"]);
    await fleet.runFor(500);
    assert.deepEqual(
      dir(fleet, "standby")
        .users.map((u) => u.number)
        .sort(),
      ["10000", "10001", "10002"],
    );
    assert.deepEqual(dir(fleet, "standby").anonymous, ["0004900000017"]);
    // A user the filter stops selecting leaves the copy.
    await dir(fleet, "master").modifyUser("10001", { number: "3001" });
    await fleet.runFor(500);
    assert.deepEqual(
      dir(fleet, "standby")
        .users.map((u) => u.number)
        .sort(),
      ["10000", "10002"],
    );
  });

  test("DECT gateway name: users of another gateway are not copied", async () => {
    await using fleet = await startFleet(pair(rep(", filterType: gateway, filter: elsewhere"), server));
    await fleet.runFor(1000);
    await dir(fleet, "master").addUsers(users(3));
    await fleet.runFor(500);
    assert.equal(dir(fleet, "standby").users.length, 0);
    assert.equal(fleet.device("standby").replicatorStatus()?.state, "up");
  });

  test("wrong LDAP password: refused, Down with the reason and 0x00030001; nothing copied", async () => {
    await using fleet = await startFleet(
      pair(", ldap: { replicator: { type: full, enabled: true, user: ldap-user, password: wrong } }", server),
    );
    await fleet.runFor(1000);
    await dir(fleet, "master").addUsers(users(3));
    await fleet.runFor(7000);
    const s = fleet.device("standby").replicatorStatus() as ReplicatorStatus;
    assert.equal(s.state, "down");
    assert.match(s.reason ?? "", /wrong LDAP user or password/);
    assert.equal(dir(fleet, "standby").users.length, 0);
    assert.ok(
      fleet
        .device("standby")
        .status()
        .alarms.some((a) => a.code === NOT_CONNECTED),
    );
  });
});
