import assert from "node:assert/strict";
import { test } from "node:test";
import { SeededRng } from "../../src/core/Rng.js";
import { srvOrder, type SrvRecord } from "../../src/sip/srv.js";
import { sipFleetYaml } from "../../sim/generators/sip.js";
import { runUntilTrue, startFleet } from "../helpers/sim.js";

const RECORDS: SrvRecord[] = [
  { name: "b.example", port: 5060, priority: 10, weight: 40 },
  { name: "low.example", port: 5060, priority: 20, weight: 100 },
  { name: "a.example", port: 5060, priority: 10, weight: 60 },
];

test("users split across equal-priority targets by weight; a lower priority comes last (RFC 2782, App. D.2.1)", () => {
  const first = new Map<string, number>();
  const rng = new SeededRng(3);
  for (let u = 0; u < 4000; u++) {
    const order = srvOrder(RECORDS, rng.fork(`user/${u}`));
    assert.equal(order.length, 3);
    assert.equal(order[2]!.name, "low.example", "priority 20 only after both of priority 10");
    first.set(order[0]!.name, (first.get(order[0]!.name) ?? 0) + 1);
  }
  assert.ok(Math.abs(first.get("a.example")! / 4000 - 0.6) <= 0.05, `a: ${first.get("a.example")}`);
  assert.ok(Math.abs(first.get("b.example")! / 4000 - 0.4) <= 0.05, `b: ${first.get("b.example")}`);
});

test("zero weights: every target still gets chosen (RFC 2782)", () => {
  const zero = RECORDS.map((r) => ({ ...r, weight: 0 }));
  const seen = new Set<string>();
  for (let u = 0; u < 200; u++) seen.add(srvOrder(zero, new SeededRng(u))[0]!.name);
  assert.deepEqual([...seen].sort(), ["a.example", "b.example"]);
});

test("DNS SRV in a fleet: 4000 users split by weight, the lower priority only when both higher ones fail", async () => {
  const srv = (target: string, priority: number, weight: number) => ({
    service: "_sip._udp.ipdect.sim",
    target,
    port: 5060,
    priority,
    weight,
  });
  const yaml = sipFleetYaml({
    users: 4000,
    pbxs: 3,
    ttlS: 600,
    gatekeeper: { proxy: "ipdect.sim", altProxies: [] },
    dns: {
      srv: [srv("pbx1.ipdect.sim", 10, 60), srv("pbx2.ipdect.sim", 10, 40), srv("pbx3.ipdect.sim", 20, 100)],
      a: { "pbx1.ipdect.sim": "10.0.9.1", "pbx2.ipdect.sim": "10.0.9.2", "pbx3.ipdect.sim": "10.0.9.3" },
    },
    faults: [
      { at: "2m", stop: "pbx1" },
      { at: "2m", stop: "pbx2" },
    ],
  });
  await using fleet = await startFleet(yaml);
  const users = (name: string) => fleet.pbx.get(name)!.report().registeredUsers;
  const all = await runUntilTrue(fleet, () => users("pbx1") + users("pbx2") === 4000, 60_000, 500);
  assert.ok(all !== undefined, `${users("pbx1")} + ${users("pbx2")}`);
  assert.ok(Math.abs(users("pbx1") / 4000 - 0.6) <= 0.05, `pbx1 ${users("pbx1")}`);
  assert.ok(Math.abs(users("pbx2") / 4000 - 0.4) <= 0.05, `pbx2 ${users("pbx2")}`);
  assert.equal(users("pbx3"), 0, "priority 20 unused while priority 10 answers");
  await fleet.runUntil(2 * 60_000);
  const moved = await runUntilTrue(fleet, () => users("pbx3") === 4000, 2 * 600_000, 1000);
  assert.ok(moved !== undefined, `pbx3 ${users("pbx3")}`);
});
