/**
 * Kerberos in the sim world (§4.1.8): the same roles and rules as the node world, on a model of realms without
 * tickets (sim/SimRealms.ts). The MIT servers are tested in test/interop/kerberos-mit.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Fleet } from "../../sim/Fleet.js";
import type { Device } from "../../src/device/Device.js";
import { call } from "../helpers/kerberos.js";
import { startFleet } from "../helpers/sim.js";

const REALM = "SIM.TEST";
const ROW = `{ realm: ${REALM}, address: 10.0.0.1, secondaryAddress: 10.0.0.2 }`;
const YAML = `name: kerberos-sim
until: 1s
devices:
  - { name: kdc1, kind: IPVM, mac: "00:30:42:1c:00:01", ip: 10.0.0.1,
      kerberos: { server: { realm: ${REALM}, secondaries: [10.0.0.2] } } }
  - { name: kdc2, kind: IPVM, mac: "00:30:42:1c:00:02", ip: 10.0.0.2,
      kerberos: { server: { realm: ${REALM}, primary: 10.0.0.1 } } }
  - { name: radio, kind: IPBS, mac: "00:30:42:1c:00:03", ip: 10.0.0.3,
      kerberos: { client: { servers: [${ROW}], disableLocal: true } } }
`;

const alarmCodes = (d: Device) => d.alarms.active().map((a) => a.code);

describe("sim world: realm membership and login outcomes with the rules of the node world (§4.1.8)", () => {
  let fleet: Fleet;
  let radio: Device;
  const login = (user: string, password: string) => radio.realmLogin()!.password({ realm: REALM, user }, password);

  before(async () => {
    fleet = await startFleet(YAML);
    radio = fleet.device("radio");
  });
  after(() => fleet.close());

  test("a device that has not joined refuses realm logins (not-joined)", async () => {
    const v = await login("alice", "pw");
    assert.equal(v.ok || v.reason, "not-joined");
    assert.equal(radio.localAuthenticationDisabled(), false, "set, but no Kerberos login has worked yet (§4.1.8.8)");
  });

  test("setup, users, join and logins: Administrator, Auditor; Join Realm refused (§4.1.8.1, §4.1.8.7)", async () => {
    const kdc1 = fleet.device("kdc1");
    assert.equal((await call(fleet.device("kdc2"), "POST", "/api/kerberos/server", { rootPassword: "r" })).status, 201);
    assert.equal((await call(kdc1, "POST", "/api/kerberos/server", { rootPassword: "r" })).status, 201);
    for (const [name, role] of [
      ["alice", "administrator"],
      ["bob", "auditor"],
      ["jim", "join-realm"],
    ])
      assert.equal(
        (await call(kdc1, "POST", "/api/kerberos/users", { name, password: `${name}-pw`, role })).status,
        201,
      );
    const byAuditor = await call(radio, "POST", "/api/kerberos/client/join", {
      realm: REALM,
      user: "bob",
      password: "bob-pw",
    });
    assert.equal(byAuditor.status, 409);
    const joined = await call(radio, "POST", "/api/kerberos/client/join", {
      realm: REALM,
      user: "jim",
      password: "jim-pw",
    });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.deepEqual((await call(kdc1, "GET", "/api/kerberos/clients")).body, ["0030421c0003"]);
    assert.deepEqual(await login("alice", "alice-pw"), {
      ok: true,
      principal: `alice@${REALM}`,
      level: "system-admin",
    });
    assert.deepEqual(await login("bob", "bob-pw"), { ok: true, principal: `bob@${REALM}`, level: "auditor" });
    for (const [user, pw, reason] of [
      ["jim", "jim-pw", "role"],
      ["alice", "x", "credentials"],
      ["zed", "x", "credentials"],
    ]) {
      const v = await login(user!, pw!);
      assert.equal(v.ok || v.reason, reason, user);
    }
    const spnego = await radio.realmLogin()!.negotiate(new Uint8Array([0x60]));
    assert.equal(spnego.ok, false);
  });

  test("both KDCs down: refused as unreachable with alarm 0x000c0406; the secondary alone serves (§4.1.8.11)", async () => {
    assert.equal((await call(fleet.device("kdc1"), "POST", "/api/kerberos/server/copy")).status, 200);
    await fleet.stopDevice("kdc1");
    assert.equal((await login("alice", "alice-pw")).ok, true, "the secondary has the copy");
    await fleet.stopDevice("kdc2");
    const v = await login("alice", "alice-pw");
    assert.equal(v.ok || v.reason, "unreachable");
    assert.ok(alarmCodes(radio).includes("0x000c0406"));
    await fleet.startDevice("kdc1");
    await fleet.startDevice("kdc2");
    assert.equal((await login("alice", "alice-pw")).ok, true);
    assert.ok(!alarmCodes(radio).includes("0x000c0406"), "cleared by the next answer");
  });

  test("Leave by Delete keeps the server's data; a member joins again only with force; Deregister removes it (§4.1.8.13)", async () => {
    const kdc1 = fleet.device("kdc1");
    // A Kerberos login worked and local authentication is disabled (§4.1.8.8): a realm Administrator leaves.
    assert.equal(radio.localAuthenticationDisabled(), true);
    const alice = `Basic ${Buffer.from(`${REALM}\\alice:alice-pw`).toString("base64")}`;
    const leave = await call(radio, "POST", "/api/kerberos/client/leave", { how: "delete" }, alice);
    assert.equal(leave.status, 200);
    const rejoin = await call(radio, "POST", "/api/kerberos/client/join", {
      realm: REALM,
      user: "alice",
      password: "alice-pw",
    });
    assert.equal(rejoin.status, 200);
    const again = await call(radio, "POST", "/api/kerberos/client/join", {
      realm: REALM,
      user: "alice",
      password: "alice-pw",
    });
    assert.equal(again.status, 409, "a member joins again only with force (App. E)");
    const forced = await call(radio, "POST", "/api/kerberos/client/join", {
      realm: REALM,
      user: "alice",
      password: "alice-pw",
      force: "true",
    });
    assert.equal(forced.status, 200);
    const dereg = await call(radio, "POST", "/api/kerberos/client/leave", {
      how: "deregister",
      user: "alice",
      password: "alice-pw",
    });
    assert.equal(dereg.status, 200);
    assert.deepEqual((await call(kdc1, "GET", "/api/kerberos/clients")).body, []);
    const v = await login("alice", "alice-pw");
    assert.equal(v.ok || v.reason, "not-joined");
  });

  test("passwords never appear in answers or events", async () => {
    const users = JSON.stringify((await call(fleet.device("kdc1"), "GET", "/api/kerberos/users")).body);
    const events = JSON.stringify(fleet.events.events);
    for (const secret of ["alice-pw", "bob-pw", "jim-pw"]) {
      assert.ok(!users.includes(secret));
      assert.ok(!events.includes(secret));
    }
  });
});
