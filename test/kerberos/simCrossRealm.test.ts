/**
 * Cross-realm logins in the sim world (§4.1.8.9, §4.1.8.10): two sim realms trust each other through the API, and the
 * client's Authentication Server row of the other realm says how its users are authorized. The sim has no domain
 * controller, so "Use domain group" is refused there; Samba AD is in test/interop/kerberos-cross-realm-samba.test.ts.
 */
import { basic } from "../helpers/testRealm.js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Fleet } from "../../sim/Fleet.js";
import type { Device } from "../../src/device/Device.js";
import { call } from "../helpers/kerberos.js";
import { startFleet } from "../helpers/sim.js";

const HOME = "SIM.TEST";
const AD = "OTHER.TEST";
const SHARED = "trust-pw-1";
const home = `{ realm: ${HOME}, address: 10.0.0.1 }`;
const radio = (
  n: number,
  authz: string,
) => `  - { name: radio${n}, kind: IPBS, mac: "00:30:42:1d:01:0${n}", ip: 10.0.0.1${n},
      kerberos: { client: { servers: [${home}, { realm: ${AD}, address: 10.0.0.2${authz} }] } } }
`;
const YAML = `name: kerberos-cross-realm-sim
until: 1s
devices:
  - { name: kdc1, kind: IPVM, mac: "00:30:42:1d:00:01", ip: 10.0.0.1, kerberos: { server: { realm: ${HOME} } } }
  - { name: kdc2, kind: IPVM, mac: "00:30:42:1d:00:02", ip: 10.0.0.2, kerberos: { server: { realm: ${AD} } } }
${radio(1, ", authorization: administrator")}${radio(2, ", authorization: auditor")}${radio(3, "")}${radio(4, ", authorization: domain-group, adminGroupRid: 512")}`;

const crossRealmAlarm = (d: Device) => d.alarms.active().some((a) => a.code === "0x000c0407");

describe("sim world: users of a trusted realm log in with the row's Authorization (§4.1.8.9)", () => {
  let fleet: Fleet;
  const login = (n: number, password = "carol-pw") =>
    fleet.device(`radio${n}`).realmLogin()!.password({ realm: AD, user: "carol" }, password);
  const trust = async (on: string, realm: string, password: string) =>
    assert.equal((await call(fleet.device(on), "POST", "/api/kerberos/trusts", { realm, password })).status, 201);

  before(async () => {
    fleet = await startFleet(YAML);
    for (const kdc of ["kdc1", "kdc2"])
      assert.equal((await call(fleet.device(kdc), "POST", "/api/kerberos/server", { rootPassword: "r" })).status, 201);
    const users = (name: string, role: string) => ({ name, password: `${name}-pw`, role });
    await call(fleet.device("kdc1"), "POST", "/api/kerberos/users", users("jim", "join-realm"));
    // carol's role in her own realm does not count here: the trust's Authorization does.
    await call(fleet.device("kdc2"), "POST", "/api/kerberos/users", users("carol", "join-realm"));
    await trust("kdc1", AD, SHARED);
    await trust("kdc2", HOME, SHARED);
    for (const n of [1, 2, 3, 4]) {
      const body = { realm: HOME, user: "jim", password: "jim-pw" };
      assert.equal((await call(fleet.device(`radio${n}`), "POST", "/api/kerberos/client/join", body)).status, 200);
    }
  });
  after(() => fleet.close());

  test("Administrator and Auditor: every user of the trusted realm gets that level, over the API too", async () => {
    assert.deepEqual(await login(1), { ok: true, principal: `carol@${AD}`, level: "system-admin" });
    assert.deepEqual(await login(2), { ok: true, principal: `carol@${AD}`, level: "auditor" });
    const as = basic(`${AD}\\carol`, "carol-pw");
    assert.equal((await call(fleet.device("radio1"), "GET", "/api/config", undefined, as)).status, 200);
    assert.equal((await call(fleet.device("radio2"), "GET", "/api/status", undefined, as)).status, 200);
    assert.equal((await call(fleet.device("radio2"), "GET", "/api/config", undefined, as)).status, 403);
    const wrong = await login(1, "nope");
    assert.equal(wrong.ok || wrong.reason, "credentials");
  });

  test("a row without an Authorization: not trusted for logins, refused as cross-realm with 0x000c0407", async () => {
    const v = await login(3);
    assert.equal(v.ok || v.reason, "cross-realm");
    assert.match(!v.ok ? v.detail : "", /no authorization/);
    assert.ok(crossRealmAlarm(fleet.device("radio3")));
  });

  test("Use domain group needs a domain controller, which the sim has not: refused, saying so", async () => {
    const v = await login(4);
    assert.equal(v.ok || v.reason, "unreachable");
    assert.match(!v.ok ? v.detail : "", /no domain controller/);
  });

  test("trust passwords that differ: refused as cross-realm with 0x000c0407, cleared by the next login that works", async () => {
    assert.equal((await call(fleet.device("kdc2"), "DELETE", `/api/kerberos/trusts/${HOME}`)).status, 200);
    await trust("kdc2", HOME, "another-pw");
    const v = await login(1);
    assert.equal(v.ok || v.reason, "cross-realm");
    assert.ok(crossRealmAlarm(fleet.device("radio1")));
    assert.equal((await call(fleet.device("kdc2"), "DELETE", `/api/kerberos/trusts/${HOME}`)).status, 200);
    await trust("kdc2", HOME, SHARED);
    assert.equal((await login(1)).ok, true);
    assert.ok(!crossRealmAlarm(fleet.device("radio1")));
  });
});
