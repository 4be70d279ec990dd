import { and, not, raise, setup, stateIn } from "xstate";
import { ALARM } from "../core/alarms/index.js";
import { samePlan } from "../role/bands.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { AirSurvey } from "./AirSurvey.js";
import type { LookClock } from "./LookClock.js";
import type { SyncState } from "./overview.js";
import type { RadioSyncSettings, SyncInstruction } from "./protocol.js";
import type { RadioTiming } from "./RadioTiming.js";
import { SyncMaster } from "./SyncMaster.js";
import { SYNC_TIMING } from "./syncTiming.js";

/** The radio's air sync parts, made by RadioSync and handed in (ARCHITECTURE.md "Charts own mode and time"). */
export interface RadioSyncContext {
  readonly io: RoleIo;
  readonly settings: RadioSyncSettings;
  /** The chart's own clock: its delays pass at the radio's looks. */
  readonly clock: LookClock;
  readonly air: AirSurvey;
  readonly timing: RadioTiming;
  readonly master: SyncMaster;
  /** What the PARI Master last told this radio (§4.6.36). */
  instruction: SyncInstruction;
}

export type RadioSyncEvent =
  /** RFPIs assigned: the radio broadcasts. */
  | { type: "air.on" }
  /** No RFPIs (PARI Master lost, refused, disabled): off air. */
  | { type: "air.off" }
  | { type: "instruct"; instruction: SyncInstruction }
  /** One look at the air, every PARI keep-alive; `AirSurvey.observe` has taken in what is heard. */
  | { type: "look" }
  /** §4.12.1 Reference Synchronization, asked of the active sync master directly. */
  | { type: "resync" }
  /** Raised by the chart once an instruction's role change is done: now its carriers (§4.11.5). */
  | { type: "instructed" }
  /** Raised by the chart once a sync master's look at its reference is done: now a due resynchronisation. */
  | { type: "look.resync" };

const sourceOf = (c: RadioSyncContext) => c.air.chooseSource(c.instruction, c.timing.locked?.rfpi);
const referenceOf = (c: RadioSyncContext) => c.air.reference(c.instruction, c.settings);

const SEARCHING = "#radioSync.searching";
const HOLDOVER = "#radioSync.holdover";
const FOLLOWING = "#radioSync.synchronized.following";
const LEADING = "#radioSync.synchronized.leading";
const REFERENCE_LOCKED = "#radioSync.synchronized.leading.reference.locked";

/** A slave's (or standby candidate's) instruction: it may make it the active sync master. */
const FOLLOWER_INSTRUCT = [
  { guard: "promoted", target: "#radioSync.listening", actions: ["applyInstruction", "startLeading", "instructed"] },
  { actions: ["applyInstruction", "instructed"] },
] as const;

/** §4.11.5 "The number of enabled carriers is changed": a follower's traffic stops and it searches again. */
const FOLLOWER_CARRIERS = { guard: "carriersChanged", target: SEARCHING, actions: "loseCarriers" } as const;

/** No longer the sync master: no reference of its own any more, and nothing lost, so no alarm (§4.6.36). */
const MASTER_INSTRUCT = [
  {
    guard: and(["demoted", "hasTiming"]),
    target: HOLDOVER,
    actions: ["applyInstruction", "stopLeading", "instructed"],
  },
  { guard: "demoted", target: SEARCHING, actions: ["applyInstruction", "stopLeading", "instructed"] },
  { actions: ["applyInstruction", "instructed"] },
] as const;

/** §4.11.5 for a sync master: the loss counts, and it keeps leading with its values over the new carriers. */
const MASTER_CARRIERS = { guard: "carriersChanged", actions: ["countCarriersLoss", "runOwnClock"] } as const;

/**
 * §4.6.36: "If any IPBS is found the values for slot, frame, multi frame and PSCN are received and applied to the Sync
 * Master"; "During startup the Master will prefer to synchronize to a slave base in the same system before
 * synchronizing to the reference base station".
 */
const LISTEN_HEARD = [
  { guard: "regionRadioHeard", target: LEADING, actions: ["takeListenValues", "leadOnOwnClock"] },
  { guard: "referenceHeard", target: REFERENCE_LOCKED, actions: ["takeListenValues", "lockReference"] },
] as const;

/** §4.12.1 Reference Synchronization while not locked to the reference. */
const RESYNC_UNLOCKED = [
  { guard: "referenceRefused" },
  { guard: "referenceHeard", target: REFERENCE_LOCKED, actions: ["resyncToReference", "lockReference"] },
  { actions: "resyncFailed" },
] as const;

/** After a look while not locked: the administrator's resync (§4.12.1 Start), else the scheduled one (§4.6.36). */
const DUE_RESYNC_UNLOCKED = [
  {
    guard: and(["manualResyncPending", "referenceHeard"]),
    target: REFERENCE_LOCKED,
    actions: ["markResyncDone", "resyncToReference", "lockReference"],
  },
  { guard: "manualResyncPending", actions: ["markResyncDone", "resyncFailed"] },
  {
    guard: and([stateIn("#resyncDue"), not("referenceRefused"), "referenceHeard"]),
    target: REFERENCE_LOCKED,
    actions: ["resyncToReference", "lockReference"],
  },
  { guard: and([stateIn("#resyncDue"), not("referenceRefused")]), actions: "resyncFailed" },
] as const;

/**
 * The radio side of air synchronisation (§4.6.36, §4.11.5, §4.12.3). The top-level states are the five a radio
 * reports (§4.12.3 State); "traffic" tags those that can carry calls (§4.11.5: not while unsynchronized):
 *
 * | state          | traffic | leaves when                                                                  |
 * |----------------|---------|------------------------------------------------------------------------------|
 * | unsynchronized | no      | RFPIs assigned → searching                                                   |
 * | searching      | no      | the instructed source (or alternative) heard in sync → synchronized          |
 * | listening      | no      | a radio of its region or its reference heard, or 30 s over → synchronized    |
 * | synchronized   | yes     | source lost → holdover; air values changed → sync lost, searching            |
 * | holdover       | yes     | source back → synchronized; 9 minutes without a source → sync lost           |
 *
 * Listening and leading are the active sync master's; searching, following and holdover the others'. Holdover also
 * covers a radio whose source is itself in holdover: its timing no longer traces to a sync master, and a chain of
 * radios in holdover keeps one 9-minute limit. Deadlines pass at the next look (LookClock), where the radio notices.
 * Every look takes what the radio sees, so a second look at unchanged air changes nothing: RadioSync passes on only
 * the looks that can be news (keep it so).
 */
export const radioSyncMachine = setup({
  types: {
    context: {} as RadioSyncContext,
    events: {} as RadioSyncEvent,
    input: {} as RadioSyncContext,
  },
  delays: {
    listen: SYNC_TIMING.listenMs,
    referenceWait: SYNC_TIMING.referenceWaitMs,
    noSource: SYNC_TIMING.noSourceMs,
    scheduledResync: ({ context }) => SyncMaster.untilScheduledResync(context.settings, context.clock.now()),
  },
  guards: {
    promoted: ({ event }) => event.type === "instruct" && event.instruction.role === "active-master",
    demoted: ({ event }) => event.type === "instruct" && event.instruction.role !== "active-master",
    hasTiming: ({ context }) => context.timing.timing !== undefined,
    // The values run over the band and carriers enabled when they were taken: other ones mean they changed.
    carriersChanged: ({ context }) =>
      context.timing.timing !== undefined && !samePlan(context.timing.timing.carriers, context.instruction.carriers),
    sourceHeard: ({ context }) => sourceOf(context) !== undefined,
    sourceMissing: ({ context }) => sourceOf(context) === undefined,
    sourceInSync: ({ context }) => {
      const s = sourceOf(context);
      return s !== undefined && s.beacon.holdover !== true;
    },
    sourceInHoldover: ({ context }) => sourceOf(context)?.beacon.holdover === true,
    valuesChanged: ({ context }) => {
      const s = sourceOf(context);
      return s !== undefined && context.timing.changesTo(s).length > 0;
    },
    tracking: ({ context }) => context.timing.tracking,
    regionRadioHeard: ({ context }) => context.air.regionRadio(context.instruction.carriers) !== undefined,
    referenceHeard: ({ context }) => referenceOf(context) !== undefined,
    waitReference: ({ context }) => context.instruction.waitReference === true,
    referenceConfigured: ({ context }) => context.settings.referenceRfpi !== undefined,
    referenceRefused: ({ context }) => context.instruction.referenceRefused !== undefined,
    manualResyncPending: ({ context }) =>
      context.instruction.referenceRefused === undefined && context.master.resyncPending(context.instruction),
    resyncScheduled: ({ context }) =>
      context.settings.resync === "scheduled" && context.settings.referenceRfpi !== undefined,
  },
  actions: {
    announce: ({ context }, params: { state: SyncState }) =>
      context.io.emit("state", { role: "sync", state: params.state, syncRole: context.instruction.role }),
    clearUnsynchronizedAlarm: ({ context }) => context.io.alarms.clear(ALARM.RFP_UNSYNCHRONIZED),
    raiseUnsynchronizedAlarm: ({ context }) => context.io.alarms.raise(ALARM.RFP_UNSYNCHRONIZED),
    goOffAir: ({ context }) => {
      context.timing.forget();
      context.master.clearReferenceAlarms();
      // Back on air, the radio starts over and takes whatever it is told then (a sync master listens again).
      context.instruction = { role: "slave", carriers: context.instruction.carriers, resync: 0 };
    },
    applyInstruction: ({ context, event }) => {
      if (event.type === "instruct") context.instruction = event.instruction;
    },
    instructed: raise({ type: "instructed" }),
    followSource: ({ context }) => context.timing.follow(sourceOf(context)!),
    holdOver: ({ context }) => context.timing.holdOver(),
    loseChangedValues: ({ context }) => context.timing.lose(context.timing.changesTo(sourceOf(context)!)),
    loseCarriers: ({ context }) => context.timing.lose(["carriers"]),
    noSourceLost: ({ context }) => context.timing.lose(["no-source"]),
    countCarriersLoss: ({ context }) => context.timing.countLoss(["carriers"]),
    runOwnClock: ({ context }) => context.timing.runOwnClock(context.instruction.carriers),
    startLeading: ({ context }) => context.master.start(context.instruction),
    stopLeading: ({ context }) => {
      context.master.clearReferenceAlarms();
      context.timing.tracking = false;
    },
    takeListenValues: ({ context }) =>
      context.master.take((context.air.regionRadio(context.instruction.carriers) ?? referenceOf(context))!, "listen"),
    leadOnOwnClock: ({ context }) => context.timing.leadOnOwnClock(context.instruction.carriers),
    followReference: ({ context }) => context.master.take(referenceOf(context)!, "reference"),
    lockReference: ({ context }) => context.master.lockReference(),
    loseReference: ({ context }) => context.master.loseReference(),
    clearReferenceAlarms: ({ context }) => context.master.clearReferenceAlarms(),
    announceReferenceUnlocked: ({ context }) => context.master.announceReferenceUnlocked(),
    markResyncDone: ({ context }) => context.master.markResyncDone(context.instruction),
    resyncToReference: ({ context }) => context.master.resyncTo(referenceOf(context)!),
    resyncFailed: ({ context }) => context.master.resyncFailed(),
    checkResync: raise({ type: "look.resync" }),
  },
}).createMachine({
  id: "radioSync",
  context: ({ input }) => input,
  // Created off air: the radio starts unsynchronized without announcing it.
  initial: "unsynchronized",
  on: {
    "air.off": {
      target: ".unsynchronized",
      actions: ["goOffAir", { type: "announce", params: { state: "unsynchronized" } }],
    },
  },
  states: {
    unsynchronized: {
      on: {
        "air.on": "searching",
        "air.off": { actions: "goOffAir" },
        // Off air an instruction is only kept: the PARI client puts a radio on air before it instructs it.
        instruct: { actions: "applyInstruction" },
      },
    },

    searching: {
      entry: { type: "announce", params: { state: "searching" } },
      initial: "withinLimit",
      states: {
        withinLimit: { after: { noSource: "overdue" } },
        // §4.11.5 "not able to find a synchronization source within 9 minutes": sync lost at the next look.
        overdue: {
          on: {
            look: [
              { guard: "sourceHeard", target: FOLLOWING, actions: "followSource" },
              { target: "noSourceAlarm", actions: "noSourceLost" },
            ],
          },
        },
        // Still searching after such a loss, with 0x000e0005 RFP unsynchronized raised; the next 9 minutes count.
        noSourceAlarm: { entry: "raiseUnsynchronizedAlarm", after: { noSource: "overdue" } },
      },
      on: {
        look: { guard: "sourceHeard", target: FOLLOWING, actions: "followSource" },
        instruct: FOLLOWER_INSTRUCT,
      },
    },

    listening: {
      entry: { type: "announce", params: { state: "listening" } },
      initial: "early",
      // A reference of ours still synchronising is waited for this long (SYNC_TIMING.referenceWaitMs).
      after: { referenceWait: ".waited" },
      states: {
        // §4.6.36: "it searches for other IPBSs within the same region during 30 seconds".
        early: { after: { listen: "listened" }, on: { look: LISTEN_HEARD } },
        // "after the time-out of 30 seconds the Sync Master enters the master state".
        listened: {
          on: { look: [...LISTEN_HEARD, { guard: not("waitReference"), target: LEADING, actions: "leadOnOwnClock" }] },
        },
        waited: { on: { look: [...LISTEN_HEARD, { target: LEADING, actions: "leadOnOwnClock" }] } },
      },
      on: { instruct: MASTER_INSTRUCT, instructed: MASTER_CARRIERS },
    },

    synchronized: {
      tags: ["traffic"],
      entry: ["clearUnsynchronizedAlarm", { type: "announce", params: { state: "synchronized" } }],
      // Always entered at a child: following (a slave's source) or leading (the active sync master).
      initial: "following",
      states: {
        following: {
          on: {
            look: [
              { guard: "sourceMissing", target: HOLDOVER, actions: "holdOver" },
              { guard: "valuesChanged", target: SEARCHING, actions: "loseChangedValues" },
              // Following a source in holdover: our timing no longer traces to a sync master either.
              { guard: "sourceInHoldover", target: HOLDOVER, actions: "followSource" },
              { actions: "followSource" },
            ],
            instruct: FOLLOWER_INSTRUCT,
            instructed: FOLLOWER_CARRIERS,
          },
        },
        // §4.6.36 master state: "the values are updated locally … no synchronization to other IPBSs in the same
        // region is done"; only to the reference, and on resynchronisation.
        leading: {
          type: "parallel",
          on: { instruct: MASTER_INSTRUCT, instructed: MASTER_CARRIERS },
          states: {
            reference: {
              initial: "choosing",
              states: {
                choosing: { always: [{ guard: "referenceConfigured", target: "seeking" }, { target: "none" }] },
                // No Reference RFPI: the sync master leads on its own clock.
                none: { on: { resync: RESYNC_UNLOCKED } },
                // "it will not require the reference system to be available"; found, it synchronises to it.
                seeking: {
                  on: {
                    look: { guard: "referenceHeard", target: "locked", actions: ["followReference", "lockReference"] },
                    resync: RESYNC_UNLOCKED,
                    "look.resync": DUE_RESYNC_UNLOCKED,
                  },
                },
                locked: {
                  tags: ["referenceLocked"],
                  on: {
                    look: [
                      {
                        guard: "referenceRefused",
                        target: "lost",
                        actions: ["clearReferenceAlarms", "announceReferenceUnlocked", "runOwnClock"],
                      },
                      { guard: "referenceHeard", actions: "followReference" },
                      // 0x000e0006: the region keeps its internal sync on the master's own clock.
                      { target: "lost", actions: ["loseReference", "runOwnClock"] },
                    ],
                    resync: [
                      { guard: "referenceRefused" },
                      { guard: "referenceHeard", actions: "resyncToReference" },
                      { actions: "resyncFailed" },
                    ],
                    "look.resync": [
                      {
                        guard: and(["manualResyncPending", "referenceHeard"]),
                        actions: ["markResyncDone", "resyncToReference"],
                      },
                      { guard: "manualResyncPending", actions: ["markResyncDone", "resyncFailed"] },
                    ],
                    instruct: {
                      guard: "demoted",
                      target: HOLDOVER,
                      actions: ["applyInstruction", "stopLeading", "announceReferenceUnlocked", "instructed"],
                    },
                    "air.off": {
                      target: "#radioSync.unsynchronized",
                      actions: [
                        "goOffAir",
                        "announceReferenceUnlocked",
                        { type: "announce", params: { state: "unsynchronized" } },
                      ],
                    },
                  },
                },
                // Lost (or refused) after it was locked: only a resynchronisation takes the reference again.
                lost: { on: { resync: RESYNC_UNLOCKED, "look.resync": DUE_RESYNC_UNLOCKED } },
              },
            },
            // §4.6.36 step 5 "automatic (scheduled)" resynchronisation at the configured time of day.
            resync: {
              initial: "waiting",
              on: { look: { actions: "checkResync" } },
              states: {
                waiting: { after: { scheduledResync: { guard: "resyncScheduled", target: "due" } } },
                due: { id: "resyncDue", on: { "look.resync": "waiting" } },
              },
            },
          },
        },
      },
    },

    holdover: {
      tags: ["traffic"],
      entry: { type: "announce", params: { state: "holdover" } },
      initial: "withinLimit",
      states: {
        withinLimit: { after: { noSource: "overdue" } },
        overdue: {
          on: {
            look: [
              { guard: "valuesChanged", target: SEARCHING, actions: "loseChangedValues" },
              { guard: "sourceInSync", target: FOLLOWING, actions: "followSource" },
              { target: "#radioSync.searching.noSourceAlarm", actions: "noSourceLost" },
            ],
          },
        },
      },
      on: {
        look: [
          { guard: "valuesChanged", target: SEARCHING, actions: "loseChangedValues" },
          { guard: "sourceInSync", target: FOLLOWING, actions: "followSource" },
          { guard: "sourceInHoldover", actions: "followSource" },
          { guard: "tracking", actions: "holdOver" },
        ],
        instruct: FOLLOWER_INSTRUCT,
        instructed: FOLLOWER_CARRIERS,
      },
    },
  },
});
