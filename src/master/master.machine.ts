import { SWEEP_MS } from "./MasterCore.js";
import { deadlineAt, JOIN_PROBES, masterSetup, whileServing } from "./masterSetup.js";
import { mirrorStates } from "./mirror.states.js";

/**
 * The Master role (manual 003 §4.6.19, §4.6.20): modes Off / Active / Standby / Mirror / Deployment. The chart owns
 * the mode and every deadline; states tagged "serving" are the ones where this Master serves radios. MasterCore (the
 * Device creates it and hands it in) keeps the tables and sends the messages; a `ticker` drives the periodic work
 * only (PARI and replication sweeps, probes, claim resends), and `deadlines` ends each radio lease on time.
 *
 * - Active (and Deployment): serves radios. At boot it first listens for an active Standby and takes control back
 *   from it before serving, so the two never serve at once.
 * - Standby: probes the primary Master; after `masterLostMs` of silence it becomes active (alarm 0x00030201) and
 *   serves the radios that come to it; when the Master answers again it hands every radio back and clears the alarm.
 * - Mirror: see mirror.states.ts.
 */
export const masterMachine = masterSetup.createMachine({
  id: "master",
  context: ({ input }) => ({ core: input.core }),
  invoke: [
    {
      src: "ticker",
      input: ({ context }) => ({
        clock: context.core.io.clock,
        ms: Math.min(SWEEP_MS, context.core.cfg.probeIntervalMs),
      }),
    },
    {
      // Each radio lease ends exactly at its `until` (docs/design.md "Registrations are leases"). With no lease held,
      // a new one runs leaseMs from now, so re-reading every leaseMs still finds it in time.
      src: "deadlines",
      input: ({ context: { core } }) => ({
        clock: core.io.clock,
        next: () => core.radios.nextExpiry(),
        type: "leases.due",
        idleMs: core.radios.leaseMs,
      }),
    },
  ],
  initial: "boot",
  // What a Master does whatever its state; states that serve or deactivated (§4.6.24) handle radios their own way.
  on: {
    tick: { actions: "sweep" },
    "leases.due": { actions: "expireLeases" },
    "radio.register": { actions: { type: "register", params: { stance: "holding" } } },
    "radio.heartbeat": { actions: { type: "heartbeat", params: { stance: "holding" } } },
    "radio.unregister": { actions: "unregister" },
    "pari.register": { actions: "pari" },
    "pari.announce": { actions: "pari" },
    "pari.replica": { actions: "pari" },
    "pari.kerberosTaken": { actions: "pari" },
    "pari.alarms": { actions: "pari" },
    "dir.request": { actions: "replication" },
    "dir.batch": { actions: "replication" },
    "peer.probe": {
      actions: ["notePeer", "checkPeerId", { type: "answerProbe", params: { joining: false, serving: false } }],
    },
    "peer.reply": { actions: ["notePeer", "checkPeerId"] },
    "cmd.activateMirror": { actions: "refuse" },
    "cmd.switchMirror": { actions: "refuse" },
  },
  states: {
    boot: {
      always: [
        { guard: "modeActive", target: "active" },
        { guard: "modeStandby", target: "standby" },
        { guard: "modeMirror", target: "mirror" },
        { target: "off" },
      ],
    },
    off: { entry: { type: "stateIs", params: { state: "off" } } },
    active: {
      initial: "joining",
      states: {
        // Answers probes with `joining`, so an active Standby hands its radios back. Serves once the Standby says it
        // does not serve, or JOIN_PROBES probe intervals after boot once no active Standby was heard for as long, or
        // at the latest JOIN_MAX_PROBES intervals after boot.
        joining: {
          entry: { type: "stateIs", params: { state: "joining" } },
          after: { joinMaxWait: { target: "serving", actions: "expireLeases" } },
          on: {
            "join.done": { target: "serving", actions: "expireLeases" },
            // What the Standby last said is data, looked at with the sweep (otherwise the root's tick sweeps).
            tick: { guard: "standbyInactive", target: "serving", actions: "sweep" },
            "peer.probe": {
              actions: ["notePeer", "checkPeerId", { type: "answerProbe", params: { joining: true, serving: false } }],
            },
          },
          initial: "listening",
          states: {
            listening: { after: { joinListen: "standbyCheck" } },
            // Sends join.done at once unless an active Standby was heard within JOIN_PROBES probe intervals.
            standbyCheck: {
              invoke: {
                src: "deadline",
                input: deadlineAt("join.done", (core) => core.peer.activeUntil(core.cfg.probeIntervalMs * JOIN_PROBES)),
              },
            },
          },
        },
        serving: {
          tags: "serving",
          entry: "serve",
          on: {
            ...whileServing,
            // §4.6.24: the gatekeeper's anonymous registration is looked at with the sweep.
            tick: { guard: "gatekeeperLost", target: "deactivated", actions: "sweep" },
          },
        },
        deactivated: {
          entry: "deactivate",
          on: {
            "radio.register": { actions: { type: "register", params: { stance: "deactivated" } } },
            "radio.heartbeat": { actions: { type: "heartbeat", params: { stance: "deactivated" } } },
            tick: { guard: "gatekeeperBack", target: "serving", actions: "sweep" },
          },
        },
      },
    },
    standby: {
      initial: "watching",
      states: {
        watching: {
          entry: { type: "stateIs", params: { state: "watching" } },
          // The primary is lost masterLostMs after it was last heard (or after the Standby started to look).
          invoke: {
            src: "deadline",
            input: deadlineAt("peer.silent", (core) => core.peer.lastHeardAt + core.cfg.masterLostMs),
          },
          on: {
            "peer.silent": { target: "active", actions: "expireLeases" },
            tick: { actions: ["sweep", { type: "probe", params: { serving: false } }] },
            "peer.reply": [
              { guard: "masterDeactivated", target: "active", actions: ["notePeer", "checkPeerId"] },
              { actions: ["notePeer", "checkPeerId", "releaseHeld"] },
            ],
          },
        },
        active: {
          tags: "serving",
          entry: "standbyTakesOver",
          on: {
            ...whileServing,
            tick: { actions: ["sweep", { type: "probe", params: { serving: true } }] },
            "peer.reply": [
              { guard: "masterBack", target: "watching", actions: ["notePeer", "checkPeerId", "standbyHandsBack"] },
              { actions: ["notePeer", "checkPeerId"] },
            ],
          },
        },
      },
    },
    mirror: mirrorStates,
  },
});
