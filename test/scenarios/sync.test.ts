import assert from "node:assert/strict";
import { test } from "node:test";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import { ConfigError } from "../../src/core/errors.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import type { Fleet } from "../../sim/Fleet.js";
import { syncFleetYaml, type SyncRadioSpec } from "../../sim/generators/sync.js";
import type { SyncNodeView, SyncOverview } from "../../src/sync/overview.js";
import type { RadioSyncStatus } from "../../src/sync/RadioSync.js";
import { exampleYaml, runUntilTrue, startFleet } from "../helpers/sim.js";

/** No shadowing: path loss alone, so the expected tree can be read off the plan (40 m ≈ -70 dBm, 160 m unusable). */
const PLAIN_AIR = { shadowingDb: 0 };

function fleetOf(
  radios: SyncRadioSpec[],
  extra: { faults?: Record<string, unknown>[]; air?: Record<string, unknown> } = {},
) {
  return startFleet(syncFleetYaml({ name: "sync", systemId: 3, radios, air: extra.air ?? PLAIN_AIR, ...extra }));
}

const overview = (f: Fleet): SyncOverview => f.device("pari").syncOverview();
const nodes = (f: Fleet): SyncNodeView[] => overview(f).regions.flatMap((g) => g.nodes);
const node = (f: Fleet, name: string): SyncNodeView => nodes(f).find((n) => n.name === name)!;
const radioSync = (f: Fleet, name: string): RadioSyncStatus => f.device(name).status().radio!.sync!;
const synchronized = (f: Fleet, names: string[]) =>
  names.every((n) => f.isUp(n) && radioSync(f, n).state === "synchronized");
const alarmCodes = (f: Fleet, name: string) =>
  f
    .device(name)
    .status()
    .alarms.map((a) => a.code);

test("radios sync in a tree from the sync master: fewest hops, restricted slaves never a source, static lock honoured", async () => {
  const f = await fleetOf([
    { name: "m", x: 0, y: 0, syncMode: "master" },
    { name: "a", x: 40, y: 0 },
    { name: "b", x: 80, y: 0, syncMode: "restricted" },
    { name: "c", x: 120, y: 0 },
    { name: "d", x: 160, y: 0 },
    { name: "e", x: 200, y: 0, syncRfpi: "d" },
  ]);
  const all = ["m", "a", "b", "c", "d", "e"];
  assert.ok((await runUntilTrue(f, () => synchronized(f, all), 90_000, 1000)) !== undefined, "all synchronized");
  const rfpi = (n: string) => node(f, n).rfpi;
  assert.equal(node(f, "m").role, "active-master");
  assert.deepEqual(
    ["a", "b", "c"].map((n) => [n, node(f, n).level, node(f, n).source]),
    [
      ["a", 1, rfpi("m")],
      ["b", 1, rfpi("m")],
      ["c", 1, rfpi("m")],
    ],
  );
  assert.equal(node(f, "d").level, 2);
  assert.notEqual(node(f, "d").source, rfpi("b"), "a Restricted Slave is never a source");
  assert.ok(nodes(f).every((n) => n.source !== rfpi("b") && n.alternative !== rfpi("b")));
  assert.equal(node(f, "e").source, rfpi("d"), "static Sync RFPI (named in the fleet file)");
  assert.equal(node(f, "e").level, 3);
  for (const n of all) {
    const s = radioSync(f, n);
    assert.equal(s.traffic, true);
    if (n !== "m") assert.equal(s.source, node(f, n).source, `${n} follows what the PARI Master said`);
  }
  const g = overview(f).regions[0]!;
  assert.ok(g.stats.calculations >= 1);
  assert.ok(g.stats.configurations >= all.length);
  assert.equal(g.stats.syncLost, 0);
  await f.close();
});

test("active sync master stopped: a standby candidate takes over and every radio is synchronized again, without sync loss", async () => {
  const radios: SyncRadioSpec[] = [
    { name: "m1", x: 40, y: 0, syncMode: "master" },
    { name: "m2", x: 80, y: 0, syncMode: "master" },
    ...[0, 120, 160, 200, 240].map((x, i) => ({ name: `s${i}`, x, y: 0 })),
  ];
  const f = await fleetOf(radios);
  const names = radios.map((r) => r.name);
  assert.ok((await runUntilTrue(f, () => synchronized(f, names), 90_000, 1000)) !== undefined);
  const active = nodes(f).find((n) => n.role === "active-master")!.name;
  const standby = active === "m1" ? "m2" : "m1";
  assert.equal(node(f, standby).role, "standby-candidate");
  await f.stopDevice(active);
  const stoppedAt = f.now;
  const rest = names.filter((n) => n !== active);
  await f.runFor(4000);
  assert.ok(
    rest.some((n) => radioSync(f, n).state === "holdover"),
    "followers of the stopped master hold over",
  );
  assert.ok(
    rest.every((n) => radioSync(f, n).traffic),
    "holdover keeps traffic",
  );
  const back = await runUntilTrue(f, () => synchronized(f, rest), 60_000, 500);
  assert.ok(back !== undefined, "synchronized again within 60 s");
  assert.equal(node(f, standby).role, "active-master");
  assert.ok(back - stoppedAt < 60_000);
  assert.ok(
    rest.every((n) => radioSync(f, n).syncLost === 0),
    "the new sync master adopted the region's values",
  );
  await f.close();
});

test("reference sync between regions: locked, lost (internal sync stays, flag clears, 0x000e0006), resync (§4.6.36, §4.12.1)", async () => {
  const f = await fleetOf([
    { name: "r1m", x: 0, y: 0, region: 1, syncMode: "master" },
    { name: "r1a", x: 40, y: 0, region: 1 },
    { name: "r1b", x: 80, y: 0, region: 1 },
    { name: "r2m", x: 140, y: 0, region: 2, syncMode: "master", referenceRfpi: "r1b" },
    { name: "r2a", x: 180, y: 0, region: 2 },
    { name: "r2b", x: 220, y: 0, region: 2 },
  ]);
  const region2 = ["r2m", "r2a", "r2b"];
  const ref = () => overview(f).regions.find((g) => g.region === 2)!.reference;
  assert.ok(
    (await runUntilTrue(f, () => synchronized(f, region2) && ref()?.locked === true, 120_000, 1000)) !== undefined,
  );
  assert.equal(ref()!.name, "r1b");
  assert.equal(ref()!.region, 1);
  await f.stopDevice("r1b");
  const lost = await runUntilTrue(f, () => ref()?.locked === false, 30_000, 500);
  assert.ok(lost !== undefined, "the inter-region flag clears");
  assert.ok(alarmCodes(f, "r2m").includes(formatAlarmCode(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST)));
  await f.runFor(30_000);
  assert.ok(synchronized(f, [...region2, "r1m", "r1a"]), "both regions keep their internal sync");
  await f.startDevice("r1b");
  assert.ok((await runUntilTrue(f, () => synchronized(f, ["r1b"]), 30_000, 1000)) !== undefined);
  await f.runFor(10_000);
  assert.equal(ref()!.locked, false, "a lost reference comes back only by resynchronisation");
  f.device("pari").syncResync(2);
  assert.ok((await runUntilTrue(f, () => ref()?.locked === true, 10_000, 500)) !== undefined);
  assert.ok(!alarmCodes(f, "r2m").includes(formatAlarmCode(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST)));
  assert.ok((await runUntilTrue(f, () => synchronized(f, region2), 30_000, 1000)) !== undefined);
  await f.close();
});

test("resync without the reference in reach fails with 0x000e0009; a region without a reference cannot resync", async () => {
  const f = await fleetOf([
    { name: "r1m", x: 0, y: 0, region: 1, syncMode: "master" },
    { name: "r2m", x: 100, y: 0, region: 2, syncMode: "master", referenceRfpi: "r1m" },
  ]);
  assert.ok((await runUntilTrue(f, () => synchronized(f, ["r1m", "r2m"]), 90_000, 1000)) !== undefined);
  assert.throws(() => f.device("pari").syncResync(1), /no Reference RFPI/);
  await f.stopDevice("r1m");
  await f.runFor(20_000);
  f.device("pari").syncResync(2);
  await f.runFor(5000);
  assert.ok(alarmCodes(f, "r2m").includes(formatAlarmCode(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE)));
  await f.close();
});

test("no sync source for 9 minutes counts a sync loss and raises 0x000e0005; the radio cannot carry traffic", async () => {
  const f = await fleetOf([
    { name: "m", x: 0, y: 0, syncMode: "master" },
    { name: "s", x: 40, y: 0 },
  ]);
  assert.ok((await runUntilTrue(f, () => synchronized(f, ["m", "s"]), 90_000, 1000)) !== undefined);
  await f.stopDevice("m");
  await f.runFor(8 * 60_000);
  assert.equal(radioSync(f, "s").state, "holdover");
  assert.equal(radioSync(f, "s").syncLost, 0);
  await f.runFor(70_000);
  const s = radioSync(f, "s");
  assert.equal(s.syncLost, 1);
  assert.deepEqual(s.lastLost?.reasons, ["no-source"]);
  assert.equal(s.traffic, false);
  assert.ok(alarmCodes(f, "s").includes(formatAlarmCode(ALARM.RFP_UNSYNCHRONIZED)));
  assert.equal(overview(f).regions[0]!.stats.syncLost, 1, "region statistics count it");
  f.device("pari").syncClear(0);
  assert.equal(overview(f).regions[0]!.stats.syncLost, 0);
  await f.close();
});

test("changing the enabled carriers makes every radio count a sync loss and resynchronise (§4.11.5)", async () => {
  const names = ["m", "a", "b"];
  const f = await fleetOf(
    [
      { name: "m", x: 0, y: 0, syncMode: "master" },
      { name: "a", x: 40, y: 0 },
      { name: "b", x: 80, y: 0 },
    ],
    { faults: [{ at: "90s", command: "sync-carriers", device: "pari", carriers: "0,1,2,3,4" }] },
  );
  await f.runUntil(89_000);
  assert.ok(synchronized(f, names));
  await f.runUntil(91_000);
  for (const n of names) assert.deepEqual(radioSync(f, n).lastLost?.reasons, ["carriers"], n);
  assert.ok((await runUntilTrue(f, () => synchronized(f, names), 30_000, 1000)) !== undefined);
  assert.ok(names.every((n) => radioSync(f, n).syncLost === 1));
  await f.close();
});

test("disturbances list aliens stronger than the sync signal; RFP scan shows their System IDs (§4.12.2, §4.23.10)", async () => {
  const f = await fleetOf(
    [
      { name: "m", x: 0, y: 0, syncMode: "master" },
      { name: "a", x: 80, y: 0 },
    ],
    { air: { shadowingDb: 0, aliens: [{ name: "neighbour", systemId: 42, position: { x: 140, y: 0 } }] } },
  );
  assert.ok((await runUntilTrue(f, () => synchronized(f, ["m", "a"]), 90_000, 1000)) !== undefined);
  await f.runFor(2000);
  const d = f.device("pari").syncDisturbances();
  assert.ok(d.some((x) => x.radio === "a" && x.systemId === 42 && x.rssi > (x.syncRssi ?? -200)));
  assert.deepEqual(
    f
      .device("a")
      .rfpScan()
      .systems.map((s) => s.systemId),
    [42],
  );
  assert.ok(node(f, "a").fer! > 0, "the alien interferes with the sync bearer");
  await f.close();
});

test("reference sync in a ring is rejected when the fleet file is read, naming the field", () => {
  const yaml = syncFleetYaml({
    name: "ring",
    systemId: 3,
    radios: [
      { name: "a", x: 0, y: 0, region: 1, syncMode: "master", referenceRfpi: "b" },
      { name: "b", x: 50, y: 0, region: 2, syncMode: "master", referenceRfpi: "a" },
    ],
  });
  assert.throws(
    () => parseFleetFile(yaml, "ring.yaml"),
    (e: unknown) =>
      e instanceof ConfigError && e.code === "FLEET_SYNC_RING" && /region 1 → region 2 → region 1/.test(e.message),
  );
});

test("the same fleet file and seed give the same air, the same trees and the same event log, byte for byte", async () => {
  const run = async (seed: number) => {
    const f = await startFleet(
      syncFleetYaml({
        name: "det",
        systemId: 3,
        radios: [
          { name: "m", x: 0, y: 0, syncMode: "master" },
          ...[1, 2, 3, 4, 5].map((i) => ({ name: `s${i}`, x: 35 * i, y: (i % 2) * 20, floor: i % 2 })),
        ],
        // Default shadowing: the links depend on the seed.
        faults: [{ at: "60s", stop: "s1" }],
      }),
      seed,
    );
    await f.runUntil(120_000);
    const out = {
      log: f.events.toJsonl(),
      links: f.air
        .links("s3")
        .map((l) => `${l.from} ${l.rssi}`)
        .join(),
    };
    await f.close();
    return out;
  };
  const a = await run(5);
  const b = await run(5);
  const c = await run(6);
  assert.equal(a.log, b.log);
  assert.equal(a.links, b.links);
  assert.notEqual(a.links, c.links, "another seed draws other shadowing");
});

test("a PARI Master failover does not disturb air sync: the demo's radios stay synchronized to the IPBL", async () => {
  const f = await startFleet(exampleYaml("redundancy.yaml"));
  const radios = ["radio-1", "radio-2", "radio-3", "radio-4"];
  await f.runUntil(59_000);
  assert.ok(synchronized(f, radios));
  for (let t = 60_000; t <= 180_000; t += 5000) {
    await f.runUntil(t);
    assert.ok(
      radios.every((n) => radioSync(f, n).traffic),
      `all carry traffic at ${t} ms`,
    );
  }
  assert.ok(synchronized(f, radios));
  assert.ok(radios.every((n) => radioSync(f, n).syncLost === 0));
  const region = f.device("master").syncOverview().regions[0]!;
  assert.equal(region.activeMaster, region.nodes.find((n) => n.name === "radio-4")!.rfpi, "the IPBL leads (§4.6.36)");
  await f.close();
});
