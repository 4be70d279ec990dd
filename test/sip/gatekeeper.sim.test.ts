import assert from "node:assert/strict";
import { test } from "node:test";
import { sipExampleYaml, sipFleetYaml } from "../../sim/generators/sip.js";
import type { Fleet } from "../../sim/Fleet.js";
import { exampleYaml, runUntilTrue, startFleet } from "../helpers/sim.js";

const pbx = (fleet: Fleet, name: string) => fleet.pbx.get(name)!.report();
const gk = (fleet: Fleet, device: string) => fleet.device(device).gatekeeperStatus();
const alarms = (fleet: Fleet, device: string, code: string) =>
  fleet
    .device(device)
    .alarms.active()
    .filter((a) => a.code === code);

test("every subscribed user registers with the PBX and stays registered across refreshes (§4.6.23)", async () => {
  await using fleet = await startFleet(sipFleetYaml({ users: 500, ttlS: 60 }));
  const at = await runUntilTrue(fleet, () => pbx(fleet, "pbx1").registeredUsers === 500, 30_000, 100);
  assert.ok(at !== undefined, `registered: ${pbx(fleet, "pbx1").registeredUsers}`);
  // The Master times the burst itself (status `allRegisteredInMs`): once, from its first REGISTER.
  const burst = gk(fleet, "master").users.allRegisteredInMs;
  assert.ok(burst !== undefined && burst > 0 && burst <= at, `allRegisteredInMs ${burst}, PBX complete at ${at}`);
  await fleet.runFor(5 * 60_000);
  const s = gk(fleet, "master");
  assert.equal(s.users.registered, 500);
  assert.equal(s.users.allRegisteredInMs, burst, "refreshes do not restart the timing");
  assert.equal(pbx(fleet, "pbx1").registeredUsers, 500);
  assert.equal(pbx(fleet, "pbx1").bindings, 500, "one binding per user: refreshes replace, never add");
  // Five minutes at TTL 60 s and a refresh every 0.7·TTL: about 7 refreshes per user, each a challenge and an answer.
  const registers = pbx(fleet, "pbx1").registers;
  assert.ok(registers > 500 * 2 * 6 && registers < 500 * 2 * 9, `REGISTERs: ${registers}`);
  assert.equal(fleet.device("standby").gatekeeperStatus().users.total, 0, "a watching Standby registers nobody");
});

test("a wrong password raises 0x00030202 for that user only (§6.2)", async () => {
  const yaml = sipFleetYaml({ users: 20 }).replace('"password":"pw-1007"', '"password":"wrong"');
  await using fleet = await startFleet(yaml);
  await fleet.runFor(30_000);
  const failing = alarms(fleet, "master", "0x00030202");
  assert.deepEqual(
    failing.map((a) => a.source),
    ["1007"],
  );
  assert.equal(gk(fleet, "master").users.registered, 19);
  const r = fleet
    .device("master")
    .sipRegistrations()
    .find((x) => x.number === "1007")!;
  assert.equal(r.state, "failed");
  assert.match(r.reason ?? "", /wrong Auth Name or password/);
});

test("proxy down: every user moves to Alt. Proxy 1 within 2×TTL, and back to the primary once it answers (§4.6.23)", async () => {
  const ttl = 60_000;
  await using fleet = await startFleet(
    sipFleetYaml({
      users: 300,
      ttlS: 60,
      faults: [
        { at: "1m", stop: "pbx1" },
        { at: "5m", start: "pbx1" },
      ],
    }),
  );
  await fleet.runUntil(60_000);
  assert.equal(pbx(fleet, "pbx1").registeredUsers, 300);
  const moved = await runUntilTrue(fleet, () => pbx(fleet, "pbx2").registeredUsers === 300, 2 * ttl, 500);
  assert.ok(moved !== undefined, `on pbx2 after 2×TTL: ${pbx(fleet, "pbx2").registeredUsers}`);
  assert.equal(alarms(fleet, "master", "0x00010002").length, 1, "Registration down for the failed proxy");
  await fleet.runUntil(5 * 60_000);
  // Back within one TTL-paced probe and the moves it starts; the alternative's bindings are removed.
  const back = await runUntilTrue(
    fleet,
    () => pbx(fleet, "pbx1").registeredUsers === 300 && pbx(fleet, "pbx2").bindings === 0,
    2 * ttl,
    500,
  );
  assert.ok(back !== undefined, `pbx1 ${pbx(fleet, "pbx1").registeredUsers}, pbx2 ${pbx(fleet, "pbx2").bindings}`);
  assert.equal(alarms(fleet, "master", "0x00010002").length, 0);
});

test("with redirection the Master stays on the alternative until it is redirected back (§4.7.1.2)", async () => {
  const yaml = sipFleetYaml({
    users: 50,
    ttlS: 60,
    gatekeeper: { redirection: true },
    faults: [
      { at: "30s", stop: "pbx1" },
      { at: "3m", start: "pbx1" },
    ],
  }).replace('"name":"pbx2"', '"name":"pbx2","redirectTo":"pbx1"');
  await using fleet = await startFleet(yaml);
  await fleet.runUntil(3 * 60_000);
  assert.equal(pbx(fleet, "pbx2").registeredUsers, 50);
  const registersAtPbx1 = pbx(fleet, "pbx1").registers;
  assert.equal(registersAtPbx1, 0, "no attempt to contact the restarted primary");
  await fleet.runFor(90_000);
  assert.equal(pbx(fleet, "pbx1").registeredUsers, 50, "every refresh at pbx2 was redirected to pbx1");
});

test("Retry-After keeps users on the proxy unless Ignore Retry-After is set (§4.7.1.11)", async () => {
  for (const ignore of [false, true]) {
    await using fleet = await startFleet(
      sipFleetYaml({
        users: 40,
        ttlS: 30,
        gatekeeper: { ignoreRetryAfter: ignore },
        faults: [{ at: "20s", busy: "pbx1", for: "2m", retryAfter: "90s" }],
      }),
    );
    await fleet.runUntil(80_000);
    const onPbx2 = pbx(fleet, "pbx2").registeredUsers;
    if (ignore) assert.equal(onPbx2, 40, "a 503 forces the failover even with Retry-After");
    else {
      assert.equal(onPbx2, 0, "Retry-After honoured: no failover");
      assert.ok(
        fleet
          .device("master")
          .sipRegistrations()
          .some((r) => r.state === "waiting"),
      );
    }
  }
});

test("the same fleet file and seed give the same SIP event log", async () => {
  const yaml = sipFleetYaml({ users: 30, ttlS: 30, faults: [{ at: "40s", stop: "pbx1" }] });
  const run = async () => {
    await using fleet = await startFleet(yaml, 7);
    await fleet.runFor(3 * 60_000);
    return JSON.stringify(fleet.events.events) + JSON.stringify(fleet.report().pbx);
  };
  assert.equal(await run(), await run());
});

test("the Standby that takes over registers every user and leaves no stale binding of the Master", async () => {
  await using fleet = await startFleet(sipFleetYaml({ users: 200, ttlS: 120, faults: [{ at: "1m", stop: "master" }] }));
  await fleet.runUntil(60_000);
  assert.equal(pbx(fleet, "pbx1").bindings, 200);
  const done = await runUntilTrue(fleet, () => gk(fleet, "standby").users.registered === 200, 60_000, 500);
  assert.ok(done !== undefined, `standby registered ${gk(fleet, "standby").users.registered}`);
  // The Standby's first REGISTER of each user removes the Master's contact (RFC 3261 §10.2.2), long before its TTL.
  assert.equal(pbx(fleet, "pbx1").bindings, 200, "exactly one binding per user");
});

test("Deactivate Master if no connection: the Master steps down while the PBX is unreachable from it (§4.6.24)", async () => {
  const yaml = sipFleetYaml({
    users: 50,
    ttlS: 30,
    gatekeeper: { anonymous: { name: "anon", number: "999", deactivateMaster: true } },
    faults: [
      { at: "1m", partition: [["master"], ["pbx1", "pbx2"]] },
      { at: "4m", heal: "all" },
    ],
    // The anonymous registration authenticates with the system password; the PBXs expect pw-<name>.
    systemPassword: "pw-anon",
  });
  await using fleet = await startFleet(yaml);
  await fleet.runUntil(60_000);
  assert.equal(gk(fleet, "master").anonymous?.state, "registered");
  // A refresh finds Proxy and Alt. Proxy 1 silent (Timer F each, 32 s): then the anonymous registration has failed.
  const down = await runUntilTrue(
    fleet,
    () => fleet.device("master").status().master?.state === "active.deactivated",
    2 * 60_000,
    500,
  );
  assert.ok(down !== undefined, "the Master deactivated");
  assert.equal(alarms(fleet, "master", "0x00030203").length, 1, "Emergency registration down");
  const taken = await runUntilTrue(fleet, () => gk(fleet, "standby").users.registered === 50, 60_000, 500);
  assert.ok(taken !== undefined, "the Standby took over and registered every user");
  await fleet.runUntil(4 * 60_000);
  const back = await runUntilTrue(fleet, () => fleet.device("master").serving, 90_000, 500);
  assert.ok(back !== undefined, "the Master serves again once its anonymous registration works");
  assert.equal(alarms(fleet, "master", "0x00030203").length, 0);
});

test("examples/sip-4000.yaml is what sipExampleYaml generates, and every user ends registered from the Standby", async () => {
  assert.equal(exampleYaml("sip-4000.yaml"), sipExampleYaml());
  await using fleet = await startFleet(exampleYaml("sip-4000.yaml"));
  await fleet.runUntil(3 * 60_000);
  assert.equal(pbx(fleet, "pbx1").registeredUsers, 4000);
  await fleet.runUntil(6 * 60_000);
  assert.equal(pbx(fleet, "pbx2").registeredUsers, 4000, "all on Alt. Proxy 1 while pbx1 is down");
  await fleet.runUntil(14 * 60_000);
  assert.equal(gk(fleet, "standby").users.registered, 4000);
  assert.equal(pbx(fleet, "pbx1").bindings, 4000, "one binding per user, the Standby's");
});
