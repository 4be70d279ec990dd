import assert from "node:assert/strict";
import { test } from "node:test";
import { createActor, getNextSnapshot, type StateValue } from "xstate";
import { AirSurvey } from "../../src/sync/AirSurvey.js";
import { LookClock } from "../../src/sync/LookClock.js";
import type { RadioSyncSettings, SyncInstruction } from "../../src/sync/protocol.js";
import { radioSyncMachine } from "../../src/sync/radioSync.machine.js";
import { RadioTiming } from "../../src/sync/RadioTiming.js";
import { SyncMaster } from "../../src/sync/SyncMaster.js";
import { SYNC_TIMING } from "../../src/sync/syncTiming.js";
import { SyncControl } from "../../src/sync/SyncControl.js";
import type { AirTiming } from "../../src/sync/timing.js";
import type { ReceivedSyncReport } from "../../src/sync/wire.js";
import type { Heard } from "../../src/role/Air.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";
import {
  ALARM,
  ALTERNATIVE,
  KEEPALIVE_MS,
  ME,
  OTHER_TIMING,
  REFERENCE,
  SOURCE,
  TIMING,
  activeMaster,
  ours,
  radioOnAir,
  reference,
  slaveFollowingSource,
  slaveOf,
} from "./radioSyncFixture.js";
import { DEFAULT_PLAN, type CarrierPlan } from "../../src/role/bands.js";

/** §4.6.7: five of the ten carriers of the 1880–1900 MHz band. */
const FIVE: CarrierPlan = { band: "europe", enabled: [0, 1, 2, 3, 4] };

// ---- the chart, transition by transition (getNextSnapshot: guards run, actions do not) ---------------------------

interface ChartOptions {
  /** The radio's values (a searching or off-air radio has none). */
  readonly timing?: AirTiming | undefined;
  readonly tracking?: boolean;
  readonly settings?: Partial<RadioSyncSettings>;
}

/** The chart in state `value` for a radio instructed `instruction` that hears `heard`. */
function chartIn(value: StateValue, instruction: SyncInstruction, heard: Heard[], opts: ChartOptions = {}) {
  const f = fakeRoleIo({ kind: "IPBS" });
  const settings: RadioSyncSettings = {
    mode: "slave",
    region: 0,
    resync: "manual",
    resyncAtMin: 180,
    ...opts.settings,
  };
  const air = new AirSurvey(0);
  air.tuneIn({ systemId: 1, domain: 7 });
  air.observe(heard, "europe");
  const timing = new RadioTiming(f.io, 0);
  timing.timing = "timing" in opts ? opts.timing : TIMING;
  timing.tracking = opts.tracking ?? false;
  const master = new SyncMaster(f.io, settings, timing);
  const clock = new LookClock(0);
  const context = { io: f.io, settings, clock, air, timing, master, instruction };
  return { snapshot: radioSyncMachine.resolveState({ value, context }), timing, clock, f };
}

/** The next state of the chart on one look (getNextSnapshot: guards run, actions do not). */
const onLook = (value: StateValue, instruction: SyncInstruction, heard: Heard[], opts: ChartOptions = {}) =>
  getNextSnapshot(radioSyncMachine, chartIn(value, instruction, heard, opts).snapshot, { type: "look" }).value;

test("§4.11.5 'not able to find a synchronization source within 9 minutes': holdover past the limit, a look without source is a sync loss, searching with 0x000e0005", () => {
  const next = getNextSnapshot(radioSyncMachine, chartIn({ holdover: "overdue" }, slaveOf(SOURCE), []).snapshot, {
    type: "look",
  });
  assert.deepEqual(next.value, { searching: "noSourceAlarm" });
  assert.equal(next.hasTag("traffic"), false);
  assert.deepEqual(
    onLook({ holdover: "withinLimit" }, slaveOf(SOURCE), []),
    { holdover: "withinLimit" },
    "within 9 minutes holdover goes on",
  );
});

test("§4.6.36 holdover: the source back in sync takes the radio back to synchronized, even past the 9 minutes", () => {
  for (const limit of ["withinLimit", "overdue"]) {
    assert.deepEqual(
      onLook({ holdover: limit }, slaveOf(SOURCE), [ours(SOURCE)]),
      { synchronized: "following" },
      limit,
    );
  }
});

test("§4.11.5 'The PSCN value is changed' (or frame, multiframe): a source with other values is a sync loss, searching again", () => {
  const changed = [ours(SOURCE, { timing: OTHER_TIMING })];
  for (const value of [{ synchronized: "following" }, { holdover: "withinLimit" }, { holdover: "overdue" }]) {
    const next = onLook(value, slaveOf(SOURCE), changed, { tracking: true });
    assert.deepEqual(next, { searching: "withinLimit" }, JSON.stringify(value));
  }
});

test("§4.6.36 the Alternative Sync RFPI: with the source not heard in sync, a synchronized slave stays synchronized on its alternative", () => {
  const instruction = slaveOf(SOURCE, { alternative: ALTERNATIVE });
  const following = { synchronized: "following" };
  assert.deepEqual(onLook(following, instruction, [ours(ALTERNATIVE)], { tracking: true }), following);
  assert.deepEqual(onLook(following, instruction, [], { tracking: true }), { holdover: "withinLimit" });
});

const LEADING = (reference: string) => ({ synchronized: { leading: { reference, resync: "waiting" } } });
const withReference = { settings: { mode: "master", referenceRfpi: REFERENCE }, timing: OTHER_TIMING } as const;

test("a second look at unchanged air changes nothing (so RadioSync passes on only the looks that can be news)", async () => {
  const cases: [string, StateValue, SyncInstruction, Heard[], ChartOptions][] = [
    ["following its source", { synchronized: "following" }, slaveOf(SOURCE), [ours(SOURCE)], { tracking: true }],
    ["holding over, source just gone", { holdover: "withinLimit" }, slaveOf(SOURCE), [], { tracking: true }],
    [
      "behind a source in holdover",
      { holdover: "withinLimit" },
      slaveOf(SOURCE),
      [ours(SOURCE, { holdover: true })],
      {},
    ],
    ["searching, nothing heard", { searching: "withinLimit" }, slaveOf(SOURCE), [], { timing: undefined }],
    [
      "leading, reference heard",
      LEADING("locked"),
      activeMaster({ reference: REFERENCE }),
      [reference()],
      withReference,
    ],
    ["leading, reference gone", LEADING("locked"), activeMaster({ reference: REFERENCE }), [], withReference],
    [
      "leading, reference found",
      LEADING("seeking"),
      activeMaster({ reference: REFERENCE }),
      [reference()],
      withReference,
    ],
    ["leading, reference lost", LEADING("lost"), activeMaster({ reference: REFERENCE }), [reference()], withReference],
  ];
  for (const [what, value, instruction, heard, opts] of cases) {
    const c = chartIn(value, instruction, heard, opts);
    const actor = createActor(radioSyncMachine, {
      snapshot: c.snapshot,
      input: c.snapshot.context,
      clock: c.clock,
    }).start();
    const seen = () => JSON.stringify([actor.getSnapshot().value, c.timing, c.f.events]);
    actor.send({ type: "look" });
    const once = seen();
    await c.f.clock.runUntil(KEEPALIVE_MS, (next) => void queueMicrotask(next));
    actor.send({ type: "look" });
    assert.equal(seen(), once, what);
  }
});

// ---- a slave's rules, through RadioSync as the PARI client drives it ----------------------------------------------

test("§4.6.36 sync modes: a restricted slave retrieves synchronisation from other radios as a slave does, and is never a PARI Master's choice of source", async () => {
  const r = radioOnAir({ mode: "restricted" });
  r.hear(ours(SOURCE));
  r.sync.instruct(slaveOf(SOURCE));
  await r.look();
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.status().mode, "restricted");
  // At the PARI Master: a slave that hears only the restricted slave gets no source (it is no sync source).
  const c = new SyncControl({ maxDepth: 10, carriers: DEFAULT_PLAN }, () => undefined);
  const report = (mode: "master" | "slave" | "restricted", hears: string[]): ReceivedSyncReport => ({
    settings: { mode, region: 0 },
    state: "synchronized",
    syncLost: 0,
    referenceLocked: false,
    candidates: hears.map((rfpi) => ({ rfpi, rssi: -60, fer: 0 })),
    aliens: [],
  });
  const LONE = "0A5E000099";
  c.report("m", { name: "m", kind: "IPBS", rfpi: SOURCE }, report("master", [ME]));
  c.report("r", { name: "r", kind: "IPBS", rfpi: ME }, report("restricted", [SOURCE, LONE]));
  c.report("s", { name: "s", kind: "IPBS", rfpi: LONE }, report("slave", [ME]));
  c.recompute();
  assert.equal(c.instructionFor("r")?.source, SOURCE);
  assert.equal(c.instructionFor("s")?.source, undefined);
  assert.notEqual(c.instructionFor("s")?.note, undefined);
});

test("§4.6.36 sync modes: a sync master candidate the PARI Master did not make active follows its source like a slave", async () => {
  const r = radioOnAir({ mode: "master" });
  r.hear(ours(SOURCE));
  r.sync.instruct(slaveOf(SOURCE, { role: "standby-candidate" }));
  await r.look();
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.status().role, "standby-candidate");
  assert.equal(r.sync.status().source, SOURCE);
  assert.deepEqual(r.announced(), ["searching", "synchronized"]);
});

test("§4.6.36 static synchronization: the Sync RFPI when heard in sync, else the Alternative Sync RFPI, back without a sync loss", async () => {
  const r = radioOnAir();
  r.sync.instruct(slaveOf(SOURCE, { alternative: ALTERNATIVE }));
  r.hear(ours(ALTERNATIVE), ours(SOURCE, { holdover: true }));
  await r.look();
  assert.equal(r.sync.status().source, ALTERNATIVE, "the Sync RFPI in holdover is no source");
  r.hear(ours(ALTERNATIVE), ours(SOURCE));
  await r.look();
  assert.equal(r.sync.status().source, SOURCE);
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.syncLost, 0);
});

test("§4.6.36 'maintain synchronization for a few minutes': the source gone, the slave holds over with traffic and takes it back without a sync loss", async () => {
  const r = await slaveFollowingSource();
  r.hear();
  await r.look();
  assert.equal(r.sync.state, "holdover");
  assert.equal(r.sync.traffic, true);
  await r.lookUntilBefore(r.now() + 5 * 60_000);
  assert.equal(r.sync.state, "holdover");
  r.hear(ours(SOURCE));
  await r.look();
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.syncLost, 0);
  assert.deepEqual(r.announced(), ["searching", "synchronized", "holdover", "synchronized"]);
});

test("§4.11.5: a slave behind a source in holdover is in holdover too, and the chain keeps one 9-minute limit", async () => {
  const r = await slaveFollowingSource();
  r.hear(ours(SOURCE, { holdover: true }));
  await r.look();
  const since = r.now();
  assert.equal(r.sync.state, "holdover");
  assert.equal(r.sync.status().source, SOURCE, "it stays with its source into the source's holdover");
  await r.lookUntilBefore(since + SYNC_TIMING.noSourceMs);
  assert.equal(r.sync.syncLost, 0);
  await r.look();
  assert.equal(r.now() - since, SYNC_TIMING.noSourceMs);
  assert.equal(r.sync.syncLost, 1);
  assert.deepEqual(r.sync.lastLost?.reasons, ["no-source"]);
  assert.equal(r.sync.state, "searching");
  assert.equal(r.alarmed(ALARM.RFP_UNSYNCHRONIZED), true);
});

test("§4.11.5: searching without a source counts a sync loss every 9 minutes; 0x000e0005 clears once synchronized", async () => {
  const r = radioOnAir();
  r.sync.instruct(slaveOf(SOURCE));
  await r.lookUntilBefore(SYNC_TIMING.noSourceMs);
  assert.equal(r.sync.syncLost, 0);
  assert.equal(r.alarmed(ALARM.RFP_UNSYNCHRONIZED), false);
  await r.look();
  assert.equal(r.sync.syncLost, 1);
  assert.equal(r.alarmed(ALARM.RFP_UNSYNCHRONIZED), true);
  await r.lookUntilBefore(2 * SYNC_TIMING.noSourceMs);
  assert.equal(r.sync.syncLost, 1);
  await r.look();
  assert.equal(r.sync.syncLost, 2);
  assert.deepEqual(r.announced(), ["searching"], "searching all along: no state change to announce");
  r.hear(ours(SOURCE));
  await r.look();
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.alarmed(ALARM.RFP_UNSYNCHRONIZED), false);
});

test("§4.11.5 'The number of enabled carriers is changed': a slave in holdover stops traffic too and resynchronises over the new carriers", async () => {
  const r = await slaveFollowingSource();
  r.hear();
  await r.look();
  assert.equal(r.sync.state, "holdover");
  r.sync.instruct(slaveOf(SOURCE, { carriers: FIVE }));
  assert.equal(r.sync.state, "searching");
  assert.equal(r.sync.traffic, false);
  assert.deepEqual(r.sync.lastLost?.reasons, ["carriers"]);
  r.hear(ours(SOURCE));
  await r.look();
  assert.equal(r.sync.state, "searching", "a source still on 10 carriers is no source");
  r.hear(ours(SOURCE, { timing: { ...TIMING, carriers: FIVE } }));
  await r.look();
  assert.equal(r.sync.state, "synchronized");
  assert.equal(r.sync.syncLost, 1);
});

test("off air (no RFPIs): unsynchronized and off the air; back on air the radio starts over, searching", async () => {
  const r = await slaveFollowingSource();
  r.sync.offAir();
  assert.equal(r.sync.state, "unsynchronized");
  assert.equal(r.sync.traffic, false);
  assert.equal(r.published.at(-1), undefined);
  assert.equal(r.sync.timing, undefined);
  await r.look();
  assert.equal(r.sync.state, "unsynchronized", "off air the radio does not look");
  r.sync.onAir({ rfpis: [ME], systemId: 1, domain: 7 });
  assert.equal(r.sync.state, "searching");
  assert.equal(r.sync.instruction.source, undefined, "the old instruction is gone");
});
