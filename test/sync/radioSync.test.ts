import assert from "node:assert/strict";
import { test } from "node:test";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import type { Beacon, Heard } from "../../src/role/Air.js";
import { RadioSync, type RadioSyncSettings } from "../../src/sync/RadioSync.js";
import { SYNC_TIMING } from "../../src/sync/syncTiming.js";
import type { AirTiming } from "../../src/sync/timing.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";
import { DEFAULT_PLAN, type CarrierPlan } from "../../src/role/bands.js";

/** §4.6.7: five of the ten carriers of the 1880–1900 MHz band. */
const FIVE: CarrierPlan = { band: "europe", enabled: [0, 1, 2, 3, 4] };

const SOURCE = "0A5E000010";
const SETTINGS: RadioSyncSettings = { mode: "slave", region: 0, resync: "manual", resyncAtMin: 180 };
const BASE = { rfpis: ["0A5E000020"], systemId: 1, domain: 7 };
const BAND = "europe" as const;
const TIMING: AirTiming = { anchorMs: 0, frames: 1600.2, ppm: 1, pscn: 0, carriers: DEFAULT_PLAN };

/** A slave radio whose air holds one source beacon the test controls (our own Air interface, faked). */
function slave() {
  let source: Beacon | undefined = { ...BASE, band: BAND, rfpis: [SOURCE], region: 0, timing: TIMING };
  const air = {
    publish: () => undefined,
    heard: (): Heard[] => (source === undefined ? [] : [{ beacon: source, rssi: -60, fer: 0 }]),
  };
  const f = fakeRoleIo({ kind: "IPBS", air });
  const sync = new RadioSync(SETTINGS, f.io);
  sync.onAir(BASE);
  sync.instruct({ role: "slave", source: SOURCE, carriers: DEFAULT_PLAN, resync: 0 });
  const tick = async (ms = 2000) => {
    await f.clock.runUntil(f.clock.now() + ms, (next) => void queueMicrotask(next));
    sync.tick();
  };
  const setSource = (b: Beacon | undefined) => (source = b);
  return { sync, tick, setSource, f };
}

test("a slave locks to its instructed source and carries traffic; unsynchronized it does not", async () => {
  const s = slave();
  assert.equal(s.sync.state, "searching");
  assert.equal(s.sync.traffic, false);
  await s.tick();
  assert.equal(s.sync.state, "synchronized");
  assert.equal(s.sync.traffic, true);
  assert.equal(s.sync.status().source, SOURCE);
  assert.equal(s.sync.status().offsetPpm, Math.round((s.sync.crystalPpm - 1) * 100) / 100);
});

for (const [reason, change] of [
  ["pscn", { pscn: 3 }],
  ["frame", { frames: TIMING.frames + 10 }],
  ["multiframe", { frames: TIMING.frames + 160 }],
  ["carriers", { carriers: FIVE }],
] as const) {
  test(`the sync lost counter counts a changed ${reason} (§4.11.5); traffic stops, then the radio resynchronises`, async () => {
    const s = slave();
    await s.tick();
    s.setSource({ ...BASE, band: BAND, rfpis: [SOURCE], region: 0, timing: { ...TIMING, ...change } });
    if (reason === "carriers") s.sync.instruct({ role: "slave", source: SOURCE, carriers: FIVE, resync: 0 });
    else await s.tick();
    assert.equal(s.sync.syncLost, 1);
    assert.deepEqual(s.sync.lastLost?.reasons, [reason]);
    assert.equal(s.sync.traffic, false);
    await s.tick();
    assert.equal(s.sync.state, "synchronized");
    assert.equal(s.sync.syncLost, 1);
  });
}

test("source lost: holdover keeps traffic; after 9 minutes without source the counter counts and 0x000e0005 is raised", async () => {
  const s = slave();
  await s.tick();
  s.setSource(undefined);
  await s.tick();
  assert.equal(s.sync.state, "holdover");
  assert.equal(s.sync.traffic, true);
  const lostAt = s.f.clock.now();
  while (s.f.clock.now() - lostAt < SYNC_TIMING.noSourceMs - 2000) await s.tick();
  assert.equal(s.sync.syncLost, 0);
  assert.ok(Math.abs(s.sync.status().driftUs) > 0, "drift grows in holdover");
  await s.tick();
  await s.tick();
  assert.equal(s.sync.syncLost, 1);
  assert.deepEqual(s.sync.lastLost?.reasons, ["no-source"]);
  assert.equal(s.sync.traffic, false);
  assert.ok(s.f.alarms.active().some((a) => a.code === formatAlarmCode(ALARM.RFP_UNSYNCHRONIZED)));
});

test("a newly active sync master adopts the values of a radio of its region it hears, else leads after 30 s", async () => {
  const s = slave();
  s.sync.instruct({ role: "active-master", carriers: DEFAULT_PLAN, resync: 0 });
  assert.equal(s.sync.state, "listening");
  await s.tick();
  assert.equal(s.sync.state, "synchronized");
  assert.equal(s.sync.timing?.pscn, TIMING.pscn);
  const lone = slave();
  lone.setSource(undefined);
  lone.sync.instruct({ role: "active-master", carriers: DEFAULT_PLAN, resync: 0 });
  await lone.tick(SYNC_TIMING.listenMs - 2000);
  assert.equal(lone.sync.state, "listening");
  await lone.tick();
  assert.equal(lone.sync.state, "synchronized");
});
