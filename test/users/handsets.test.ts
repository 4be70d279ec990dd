import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Ipei } from "../../src/core/identity/Ipei.js";
import { runUntilTrue, startFleet } from "../helpers/sim.js";
import type { Fleet } from "../../sim/Fleet.js";

const RADIOS = [0, 1, 2, 3]
  .map(
    (i) =>
      `  - { name: radio-${i}, kind: IPBS, mac: "00:90:33:00:02:0${i}", ip: 10.0.2.${i + 1}, radio: { master: 10.0.0.1, alternateMaster: 10.0.0.2${i === 0 ? ", syncMode: master" : ""} }, position: { x: ${i * 50}, y: 0 } }`,
  )
  .join("\n");

const fleetYaml = (handsets: string, faults = "", masterId = 1) => `
devices:
  - { name: master, kind: IPVM, mac: "00:90:33:10:00:01", ip: 10.0.0.1, master: { mode: active, id: ${masterId} }, pari: { systemId: 3 } }
  - { name: standby, kind: IPVM, mac: "00:90:33:10:00:02", ip: 10.0.0.2, master: { mode: standby, id: ${masterId}, primary: 10.0.0.1 }, pari: {} }
${RADIOS}
handsets:
${handsets}
${faults}`;

/** Runs the fleet until a handset's request is answered (its retries run on the virtual clock). */
async function answered<T>(fleet: Fleet, p: Promise<T>): Promise<T> {
  let done = false;
  const out = p.finally(() => (done = true));
  while (!done) await fleet.runFor(50);
  return out;
}

const ipei = (psn: number) => Ipei.create(0x4d, psn).toString();
const master = (fleet: Fleet) => fleet.device("master");
const handset = (fleet: Fleet, i: number) => fleet.handsets!.handsets[i]!;

describe("handsets: subscription, location, self-assignment, logout (§3.14, §3.15, §4.6.2)", () => {
  test("Easy Registration with the system AC: every handset subscribes to its user and is located at a radio", async () => {
    await using fleet = await startFleet(
      fleetYaml(
        "  subscription: system-ac\n  groups:\n    - { count: 20, firstNumber: 200, subscribeAt: 20s, spread: 10s }",
      ),
    );
    await fleet.runUntil(60_000);
    const s = fleet.handsets!.summary();
    assert.deepEqual([s.subscribed, s.located, s.missing], [20, 20, []]);
    const u = master(fleet).directory().findUser("number", "205")!;
    assert.equal(u.user.ipei, ipei(6));
    assert.ok(u.subs !== undefined && u.subs.length === 32);
    assert.equal(handset(fleet, 5).status().number, "205");
  });

  test("With User AC: refused until the administrator allows subscription for 2 minutes; wrong AC refused", async () => {
    await using fleet = await startFleet(
      fleetYaml("  subscription: user-ac\n  groups:\n    - { count: 1, firstNumber: 300, subscribeAt: 1000s }"),
    );
    await fleet.runUntil(60_000);
    const h = handset(fleet, 0);
    const dir = master(fleet).directory();
    const ac = dir.findUser("number", "300")!.user.authCode;
    const closed = await answered(fleet, h.subscribe(ac));
    assert.equal(closed.accepted, false);
    assert.match(closed.reason, /allow subscription within 2 minutes/);
    master(fleet).allowSubscription("300");
    assert.match((await answered(fleet, h.subscribe(ac === "0000" ? "1111" : "0000"))).reason, /wrong AC/);
    await fleet.runFor(121_000);
    assert.match(
      (await answered(fleet, h.subscribe(ac))).reason,
      /not allowed now/,
      "the window closed after 2 minutes",
    );
    master(fleet).allowSubscription("300");
    const ok = await answered(fleet, h.subscribe(ac));
    assert.equal(ok.accepted, true);
    assert.equal(ok.number, "300");
  });

  test("Disable refuses; an unknown handset with the system AC lands in Anonymous; *1*<ext>*<AC># assigns it, the old handset goes anonymous; #11*<AC># logs out", async () => {
    await using fleet = await startFleet(
      fleetYaml("  subscription: disable\n  groups:\n    - { count: 2, firstNumber: 400, subscribeAt: 1000s }"),
    );
    await fleet.runUntil(60_000);
    const dir = master(fleet).directory();
    const [a, b] = [handset(fleet, 0), handset(fleet, 1)];
    assert.match((await answered(fleet, a.subscribe(dir.system.systemAc))).reason, /disabled/);
    await dir.setSystem({ subscription: "system-ac" });
    // b's IPEI leaves user 401, so b is an unknown handset.
    await dir.modifyUser("401", { ipei: "" });
    assert.equal((await answered(fleet, a.subscribe(dir.system.systemAc))).number, "400");
    const anon = await answered(fleet, b.subscribe(dir.system.systemAc));
    assert.equal(anon.accepted, true);
    assert.equal(anon.number, "");
    assert.deepEqual(dir.anonymous, [b.ipei]);
    const ac400 = dir.findUser("number", "400")!.user.authCode;
    assert.match((await answered(fleet, b.dial(`*1*400*${ac400 === "0000" ? "1111" : "0000"}#`))).reason, /wrong AC/);
    assert.match((await answered(fleet, b.dial(`*7*400*${ac400}#`))).reason, /Master id 7/);
    const assigned = await answered(fleet, b.dial(`*1*400*${ac400}#`));
    assert.equal(assigned.number, "400");
    assert.equal(dir.findUser("number", "400")!.user.ipei, b.ipei);
    assert.deepEqual(dir.anonymous, [a.ipei], "the old handset of 400 went to the anonymous list");
    assert.equal((await answered(fleet, a.locate())).accepted, true, "still subscribed, as an anonymous handset");
    const out = await answered(fleet, b.dial(`#11*${ac400}#`));
    assert.equal(out.accepted, true);
    assert.equal(dir.findUser("number", "400")!.user.ipei, undefined);
    assert.deepEqual([...dir.anonymous].sort(), [a.ipei, b.ipei].sort());
  });

  test('Master id 0, as the manual\'s example dials it: "Example where 0 is the Master id, 200 is the extension and 1234 is the AC code: *0*200*1234#" (§3.14.1.2)', async () => {
    await using fleet = await startFleet(
      fleetYaml(
        "  subscription: system-ac\n  groups:\n    - { count: 2, firstNumber: 200, subscribeAt: 1000s }",
        "",
        0,
      ),
    );
    await fleet.runUntil(60_000);
    assert.equal(master(fleet).status().master?.id, 0);
    const dir = master(fleet).directory();
    const [a, b] = [handset(fleet, 0), handset(fleet, 1)];
    await dir.modifyUser("201", { ipei: "" });
    await dir.modifyUser("200", { authCode: "1234" });
    assert.equal((await answered(fleet, a.subscribe(dir.system.systemAc))).number, "200");
    assert.equal((await answered(fleet, b.subscribe(dir.system.systemAc))).number, "", "an anonymous handset");
    const assigned = await answered(fleet, b.dial("*0*200*1234#"));
    assert.equal(assigned.number, "200");
    assert.equal(dir.findUser("number", "200")!.user.ipei, b.ipei);
  });

  test("roaming: handsets that move register at the radio they hear best; after Master failover all stay subscribed and located", async () => {
    await using fleet = await startFleet(
      fleetYaml(
        "  subscription: system-ac\n  groups:\n    - { count: 40, firstNumber: 500, subscribeAt: 20s, spread: 10s, locateInterval: 30s, area: { x: [0, 10], y: [0, 5] }, roam: { count: 10, at: 90s, spread: 5s, area: { x: [100, 150], y: [0, 5] } } }",
        "faults:\n  - { at: 120s, stop: master }",
      ),
    );
    await fleet.runUntil(80_000);
    const before = fleet.handsets!.summary();
    assert.equal(before.located, 40);
    const at80 = fleet.handsets!.handsets.map((h) => h.status().locatedAt);
    assert.ok(
      at80.every((r) => r === "radio-0"),
      "all placed next to radio-0",
    );
    await fleet.runUntil(110_000);
    const moved = fleet.handsets!.handsets.filter((h) => h.status().locatedAt !== "radio-0").length;
    assert.ok(moved >= 7, `most of the 10 roaming handsets changed radio (${moved})`);
    await fleet.runUntil(121_000);
    assert.equal(fleet.handsets!.summary().located, 0, "the Standby knows no locations yet");
    const done = await runUntilTrue(fleet, () => fleet.handsets!.summary().located === 40, 60_000, 1000);
    assert.ok(done !== undefined, "every handset located at the Standby within one locate interval after failover");
    assert.equal(fleet.handsets!.summary().servingMaster, "standby");
    assert.equal(fleet.handsets!.summary().subscribed, 40);
  });
});
