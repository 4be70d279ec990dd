import assert from "node:assert/strict";
import { test } from "node:test";
import { SyncMaster } from "../../src/sync/SyncMaster.js";
import { SYNC_TIMING } from "../../src/sync/syncTiming.js";
import {
  ALARM,
  OTHER_TIMING,
  REFERENCE,
  REGION_RADIO,
  SOURCE,
  TIMING,
  activeMaster,
  ours,
  radioOnAir,
  reference,
  slaveOf,
} from "./radioSyncFixture.js";
import type { CarrierPlan } from "../../src/role/bands.js";

/** §4.6.7: five of the ten carriers of the 1880–1900 MHz band. */
const FIVE: CarrierPlan = { band: "europe", enabled: [0, 1, 2, 3, 4] };

/** A sync master candidate with a Reference RFPI, made active at time 0 and locked to its reference at 2 s. */
async function lockedMaster(settings: Parameters<typeof radioOnAir>[0] = {}) {
  const r = radioOnAir({ mode: "master", referenceRfpi: REFERENCE, ...settings });
  r.hear(reference());
  r.sync.instruct(activeMaster({ reference: REFERENCE }));
  await r.look();
  assert.equal(r.sync.referenceLocked, true);
  return r;
}

test("§4.6.36 'searches for other IPBSs within the same region during 30 seconds': at 28 s it still listens, from 30 s it leads on its own clock", async () => {
  const r = radioOnAir({ mode: "master" });
  r.sync.instruct(activeMaster());
  assert.equal(r.sync.state, "listening");
  await r.lookUntilBefore(SYNC_TIMING.listenMs);
  assert.equal(r.now(), SYNC_TIMING.listenMs - 2000);
  assert.equal(r.sync.state, "listening");
  assert.equal(r.sync.traffic, false);
  await r.look();
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.traffic, true);
  assert.equal(r.sync.status().source, undefined);
  assert.equal(r.sync.timing?.ppm, r.sync.crystalPpm, "master state: the values run on its own crystal");
  const beacon = r.published.at(-1);
  assert.ok(beacon?.timing !== undefined && beacon.holdover === undefined, "its beacon is a sync source");
  assert.deepEqual(r.announced(), ["searching", "listening", "synchronized"]);
});

test("§4.6.36 'the Master will prefer to synchronize to a slave base in the same system before … the reference base station'; found later, the reference is taken at once (a sync loss)", async () => {
  const r = radioOnAir({ mode: "master", referenceRfpi: REFERENCE });
  r.hear(ours(REGION_RADIO), reference());
  r.sync.instruct(activeMaster({ reference: REFERENCE }));
  await r.look();
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.timing?.pscn, TIMING.pscn, "slot, frame, multiframe and PSCN of the radio of its region");
  assert.equal(r.sync.referenceLocked, false);
  await r.look();
  assert.equal(r.sync.referenceLocked, true, "'it will try to synchronize to the reference system if it is found'");
  assert.equal(r.sync.timing?.pscn, OTHER_TIMING.pscn);
  assert.equal(r.sync.syncLost, 1, "§4.11.5: the values changed");
  assert.equal(r.sync.state, "synchronized", "a sync master keeps leading through it");
  assert.deepEqual(r.announced(), [
    "searching",
    "listening",
    "timing-from-listen",
    "synchronized",
    "timing-from-reference",
    "reference-locked",
  ]);
});

test("§4.6.36 reference sync: a reference heard while listening, with no radio of its region, locks the sync master to it at once", async () => {
  const r = await lockedMaster();
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.status().source, REFERENCE);
  assert.deepEqual(r.announced(), ["searching", "listening", "timing-from-listen", "reference-locked", "synchronized"]);
});

test("a sync master whose reference is a radio of ours still synchronising listens up to 180 s; no longer waiting, it leads at its next look", async () => {
  const waits = radioOnAir({ mode: "master", referenceRfpi: SOURCE });
  waits.sync.instruct(activeMaster({ reference: SOURCE, waitReference: true }));
  await waits.lookUntilBefore(SYNC_TIMING.referenceWaitMs);
  assert.equal(waits.sync.state, "listening");
  await waits.look();
  assert.equal(waits.now(), SYNC_TIMING.referenceWaitMs);
  assert.equal(waits.sync.state, "synchronized");

  const told = radioOnAir({ mode: "master", referenceRfpi: SOURCE });
  told.sync.instruct(activeMaster({ reference: SOURCE, waitReference: true }));
  await told.lookUntilBefore(60_000);
  await told.look();
  assert.equal(told.sync.state, "listening");
  told.sync.instruct(activeMaster({ reference: SOURCE }));
  await told.look();
  assert.equal(told.sync.state, "synchronized");
});

test("§4.6.36 Sync Regions: the reference lost (0x000e0006), the region keeps its internal sync, and the sync master does not lock to it again by itself", async () => {
  const r = await lockedMaster();
  r.hear();
  await r.look();
  assert.equal(r.sync.referenceLocked, false);
  assert.equal(r.alarmed(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST), true);
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.traffic, true);
  assert.equal(r.sync.timing?.ppm, r.sync.crystalPpm, "on its own clock");
  r.hear(reference());
  await r.look();
  await r.look();
  assert.equal(r.sync.referenceLocked, false, "only a resynchronisation takes the reference again");
  assert.equal(r.announced().at(-1), "reference-lost");
});

test("§4.12.1 Reference Synchronization 'Start': the sync master resynchronises to its reference at its next look, locked again", async () => {
  const r = await lockedMaster();
  r.hear();
  await r.look();
  r.hear(reference());
  r.sync.instruct(activeMaster({ reference: REFERENCE, resync: 1 }));
  assert.equal(r.sync.referenceLocked, false);
  await r.look();
  assert.equal(r.sync.referenceLocked, true);
  assert.equal(r.alarmed(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST), false);
  assert.equal(r.announced().at(-1), "reference-locked");
});

test("§4.12.1: resynchronising without the reference in reach fails with 0x000e0009; the next Start with it back succeeds", async () => {
  const r = await lockedMaster();
  r.hear();
  await r.look();
  r.sync.instruct(activeMaster({ reference: REFERENCE, resync: 1 }));
  await r.look();
  assert.equal(r.alarmed(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE), true);
  assert.equal(r.announced().at(-1), "resync-failed");
  assert.equal(r.sync.state, "synchronized");
  await r.look();
  assert.equal(r.announced().filter((s) => s === "resync-failed").length, 1, "one Start, one attempt");
  r.hear(reference());
  r.sync.instruct(activeMaster({ reference: REFERENCE, resync: 2 }));
  await r.look();
  assert.equal(r.sync.referenceLocked, true);
  assert.equal(r.alarmed(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE), false);
});

for (const resync of ["scheduled", "manual"] as const)
  test(`§4.6.36 step 5 resynchronisation '${resync}': ${resync === "scheduled" ? "at the configured time of day, not before" : "none at that time of day"}`, async () => {
    const r = await lockedMaster({ resync, resyncAtMin: 10 });
    r.hear();
    await r.look();
    r.hear(reference());
    await r.lookUntilBefore(10 * 60_000);
    assert.equal(r.sync.referenceLocked, false);
    await r.look();
    assert.equal(r.now(), 10 * 60_000);
    assert.equal(r.sync.referenceLocked, resync === "scheduled");
  });

test("§4.6.36 'not allowed to configure reference sync in a ring': a reference the PARI Master refuses is let go without an alarm, and no resync goes to it", async () => {
  const r = await lockedMaster();
  r.sync.instruct(activeMaster({ referenceRefused: "ring", resync: 1 }));
  await r.look();
  assert.equal(r.sync.referenceLocked, false);
  assert.equal(r.announced().at(-1), "reference-unlocked");
  await r.look();
  assert.equal(r.sync.referenceLocked, false, "refused: never followed");
  assert.equal(r.alarmed(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST), false);
  assert.equal(r.alarmed(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE), false);
  assert.equal(r.announced().at(-1), "reference-unlocked");
});

test("§4.11.5 'The number of enabled carriers is changed' at the sync master: a sync loss, and it leads on with its values over the new carriers", async () => {
  const r = radioOnAir({ mode: "master" });
  r.sync.instruct(activeMaster());
  await r.lookUntilBefore(SYNC_TIMING.listenMs + 2000);
  r.sync.instruct(activeMaster({ carriers: FIVE }));
  assert.equal(r.sync.syncLost, 1);
  assert.deepEqual(r.sync.lastLost?.reasons, ["carriers"]);
  assert.equal(r.sync.state, "synchronized");
  assert.deepEqual(r.sync.timing?.carriers, FIVE);
});

test("§4.6.36 candidates 'can be new sync masters': a sync master no longer active holds over on its values without an alarm, then follows its new source", async () => {
  const r = await lockedMaster();
  r.hear(ours(SOURCE, { timing: r.sync.timing! }));
  r.sync.instruct(slaveOf(SOURCE, { role: "standby-candidate" }));
  assert.equal(r.sync.state, "holdover");
  assert.equal(r.sync.traffic, true);
  assert.equal(r.sync.referenceLocked, false);
  assert.deepEqual(r.announced().slice(-2), ["reference-unlocked", "holdover"]);
  await r.look();
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.status().source, SOURCE);
  assert.equal(r.sync.syncLost, 0);
  assert.equal(r.alarmed(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST), false);
});

test("off air, the sync master lets its reference go without an alarm; back on air it is a slave until told otherwise", async () => {
  const r = await lockedMaster();
  r.sync.offAir();
  assert.equal(r.sync.referenceLocked, false);
  assert.deepEqual(r.announced().slice(-2), ["reference-unlocked", "unsynchronized"]);
  assert.equal(r.sync.instruction.role, "slave");
  assert.equal(r.alarmed(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST), false);
});

test("the scheduled resync is the configured time of day, strictly after now (§4.6.36 step 5)", () => {
  const at = (resyncAtMin: number, now: number) =>
    SyncMaster.untilScheduledResync({ mode: "master", region: 0, resync: "scheduled", resyncAtMin }, now);
  assert.equal(at(10, 0), 600_000);
  assert.equal(at(10, 600_000), 86_400_000, "at that very moment: tomorrow's");
  assert.equal(at(0, 86_399_000), 1000, "midnight");
  assert.equal(at(180, 86_400_000 + 3 * 3_600_000 - 1), 1);
});
