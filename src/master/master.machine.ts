import { setup } from "xstate";
import { ALARM } from "../core/alarms/index.js";
import type { DectSystem } from "../role/system.js";
import type { MasterSettings } from "./settings.js";
import type { PariInput } from "../pari/PariCore.js";
import type { RoleIo } from "../role/RoleIo.js";
import { deadline, ticker } from "../role/timerActors.js";
import type { MasterEvent } from "./events.js";
import { MasterCore, SWEEP_MS, type MasterUsers } from "./MasterCore.js";
import type { GatekeeperInput } from "../sip/Gatekeeper.js";
import type { MirrorState } from "./MirrorState.js";

export interface MasterInput {
  readonly cfg: MasterSettings;
  readonly io: RoleIo;
  readonly mirror: MirrorState;
  readonly system: DectSystem;
  /** Present when the PARI function is enabled (§4.6.21). */
  readonly pari?: PariInput;
  /** The user directory and how it is replicated (§4.5.3.1). */
  readonly users?: MasterUsers;
  /** The gatekeeper (§4.6.23): SIP registration of the users with the PBX. */
  readonly gatekeeper?: GatekeeperInput;
}

interface MasterContext {
  readonly core: MasterCore;
}

/** A Master that boots in Active mode listens this many probe intervals for an active Standby before serving. */
const JOIN_PROBES = 3;
/** ...and serves anyway after this many, should a Standby never hand back. */
const JOIN_MAX_PROBES = 20;
/** "Activate mirror" gives up after this many detection times without the peer's yield or a radio majority. */
const CLAIM_TIMEOUT_FACTOR = 2;

/**
 * The Master role (manual 003 §4.6.19, §4.6.20): modes Off / Active / Standby / Mirror / Deployment.
 *
 * - Active (and Deployment): serves radios. At boot it first listens for an active Standby and takes control back
 *   from it before serving, so the two never serve at once.
 * - Standby: probes the primary Master; after `masterLostMs` of silence it becomes active (alarm 0x00030201) and
 *   serves the radios that come to it; when the Master answers again it hands every radio back and clears the alarm.
 * - Mirror: two peers, at most one active. "Activate mirror" and "switch active mirror" move the role by asking the
 *   other side to yield first. Without contact, a Mirror may only become or stay active while it holds leases on a
 *   majority of the known radios, or the peer's promise not to activate (docs/design.md "Mirror fencing").
 */
export const masterMachine = setup({
  types: {
    context: {} as MasterContext,
    events: {} as MasterEvent,
    input: {} as MasterInput,
  },
  // fence: fires `fence.expired` when the active Mirror's right to be active runs out (it only grows).
  actors: { ticker, fence: deadline },
  guards: {
    modeActive: ({ context }) => context.core.cfg.mode === "active" || context.core.cfg.mode === "deployment",
    modeStandby: ({ context }) => context.core.cfg.mode === "standby",
    modeMirror: ({ context }) => context.core.cfg.mode === "mirror",
    joinDone: ({ context: { core } }) => {
      const waited = core.now - core.joinStartedAt;
      const probes = core.cfg.probeIntervalMs;
      if (waited >= probes * JOIN_MAX_PROBES) return true;
      const standbyActive = core.peer.heardEver && core.peer.active && core.peer.alive(core.now, probes * JOIN_PROBES);
      if (standbyActive) return false;
      return waited >= probes * JOIN_PROBES || (core.peer.heardEver && !core.peer.active);
    },
    masterLost: ({ context: { core } }) => core.now - core.peer.lastHeardAt >= core.cfg.masterLostMs,
    masterBack: ({ event }) => event.type === "peer.reply" && (event.reply.active || event.reply.joining),
    /** The primary answers but neither serves nor is about to: it deactivated itself (§4.6.24). */
    masterDeactivated: ({ event }) => event.type === "peer.reply" && !event.reply.active && !event.reply.joining,
    gatekeeperLost: ({ context }) => context.core.mustDeactivate,
    gatekeeperBack: ({ context }) => !context.core.mustDeactivate,
    mayTakeOver: ({ context }) => context.core.pair.mayTakeOver(),
    mayResume: ({ context }) => context.core.pair.mayResume(),
    claimGranted: ({ context: { core }, event }) =>
      event.type === "mirror.yieldReply" && event.yielded && event.term === core.pair.claim.term,
    claimTimedOut: ({ context: { core } }) =>
      core.now - core.pair.claim.startedAt >= core.cfg.masterLostMs * CLAIM_TIMEOUT_FACTOR,
    newerTerm: ({ context: { core }, event }) => event.type === "mirror.yieldRequest" && event.term > core.mirror.term,
    mayYield: ({ context: { core }, event }) => event.type === "mirror.yieldRequest" && core.pair.mayYield(event.term),
    peerActiveNewer: ({ context: { core }, event }) =>
      (event.type === "peer.reply" || event.type === "peer.probe") &&
      (event.type === "peer.reply" ? event.reply : event.probe).active &&
      (event.type === "peer.reply" ? event.reply : event.probe).term > core.mirror.term,
  },
  actions: {
    sweep: ({ context }) => context.core.sweep(),
    probe: ({ context }) => context.core.probePeer(),
    register: ({ context, event }) => {
      if (event.type === "radio.register") context.core.register(event.radio);
    },
    heartbeat: ({ context, event }) => {
      if (event.type === "radio.heartbeat") context.core.heartbeat(event.radio, event.seq);
    },
    unregister: ({ context, event }) => {
      if (event.type === "radio.unregister") context.core.unregister(event.mac, event.reason);
    },
    pari: ({ context: { core }, event }) => {
      const pari = core.pari;
      if (pari === undefined) return;
      if (event.type === "pari.register") pari.register(event.req);
      else if (event.type === "pari.announce") pari.announce(event.announcement);
      else if (event.type === "pari.replica") pari.replica(event.replica, event.from);
    },
    handset: ({ context: { core }, event }) => {
      if (event.type === "handset.relay" && core.serving) core.handsets?.handle(event.ask);
    },
    replication: ({ context: { core }, event }) => {
      if (event.type === "dir.request") core.feed?.request(event.from, event.request);
      else if (event.type === "dir.batch") core.replicator?.batch(event.batch);
    },
    checkPeerId: ({ context: { core } }) => {
      const p = core.peer;
      if (!p.heardEver || p.masterId === core.cfg.id || p.idMismatchReported) return;
      p.idMismatchReported = true;
      core.io.emit("warning", {
        code: "MASTER_ID_MISMATCH",
        text: `peer ${p.ip ?? "?"} has Master Id ${p.masterId}, this device ${core.cfg.id}: a Standby or Mirror must have its Master's id (§4.6.20)`,
      });
    },
    notePeer: ({ context: { core }, event }) => {
      if (event.type === "peer.reply") {
        const r = event.reply;
        core.peer.heard(core.now, r.active, r.term, r.masterId, r.activeTerm, r.joining);
        core.peer.promised(r.seq, r.promiseMs);
        if (core.cfg.mode === "mirror") {
          core.pair.peerHolds(r.knownTermAck, r.knownVersionAck);
          core.pair.resyncData(r.dataCrc);
        }
      } else if (event.type === "peer.probe") {
        const p = event.probe;
        core.peer.heard(core.now, p.active, p.term, p.masterId, p.activeTerm);
        // An active Master learns its Standby (the Standby PARI Master) from the Standby's probes.
        if (core.pari !== undefined) core.pari.peerIp ??= event.from.ip;
        if (core.peer.ip === undefined) core.standbyIp = event.from.ip;
      }
    },
    answerProbe: ({ context: { core }, event }, params: { joining: boolean }) => {
      if (event.type === "peer.probe") core.answerProbe(event.from, event.probe, params.joining);
    },
    releaseHeld: ({ context }) => context.core.releaseHeldToActivePeer(),
    startJoin: ({ context: { core } }) => {
      core.joinStartedAt = core.now;
    },
    deactivate: ({ context: { core } }) => {
      core.io.emit("state", { role: "master", state: "deactivated", mode: core.cfg.mode, reason: "no connection" });
      core.deactivate();
    },
    serve: ({ context: { core } }) => {
      core.io.emit("state", { role: "master", state: "active", mode: core.cfg.mode });
      core.startServing();
    },
    stateIs: ({ context: { core } }, params: { state: string }) =>
      core.io.emit("state", {
        role: "master",
        state: params.state,
        mode: core.cfg.mode,
        ...(core.cfg.mode === "mirror" ? { term: core.mirror.term } : {}),
      }),
    standbyTakesOver: ({ context: { core } }) => {
      core.io.alarms.raise(ALARM.STANDBY_MASTER_ACTIVE);
      core.io.emit("state", { role: "master", state: "active", mode: "standby" });
      core.startServing();
    },
    standbyHandsBack: ({ context: { core } }) => {
      core.stopServing("master is back", core.peer.ip);
      core.io.alarms.clear(ALARM.STANDBY_MASTER_ACTIVE);
    },
    beginClaim: ({ context: { core } }, params: { overwrite: boolean }) => core.pair.beginClaim(params.overwrite),
    resendClaim: ({ context }) => context.core.pair.sendYieldRequest(),
    claimFailed: ({ context: { core } }) =>
      core.io.emit("command", {
        command: "activate-mirror",
        result: "refused",
        reason: "peer did not yield and no radio majority",
      }),
    takeYield: ({ context: { core }, event }) => {
      if (event.type !== "mirror.yieldReply") return;
      core.peer.promised(event.seq, event.promiseMs);
      core.mirror.known.merge(event.known);
    },
    mirrorActivates: ({ context: { core } }) => {
      core.io.alarms.event(ALARM.MASTER_ACTIVE, { term: core.pair.claim.term });
      core.pair.activate(core.pair.claim.term);
      core.io.emit("state", { role: "master", state: "active", mode: "mirror", term: core.mirror.term });
      core.pair.pushData();
    },
    mirrorAutoActivates: ({ context: { core } }) => {
      core.pair.claim = { term: Math.max(core.mirror.term, core.peer.term) + 1, overwrite: false, startedAt: core.now };
    },
    mirrorYields: ({ context: { core }, event }) => {
      if (event.type !== "mirror.yieldRequest") return;
      core.stopServing("peer mirror activated", core.peer.ip);
      core.pair.yieldTo(event.from, event.term, event.seq);
      core.io.alarms.event(ALARM.MASTER_INACTIVE, { term: core.mirror.term });
    },
    answerYield: ({ context: { core }, event }) => {
      if (event.type === "mirror.yieldRequest") core.pair.yieldTo(event.from, event.term, event.seq);
    },
    mirrorFenced: ({ context: { core } }) => {
      core.stopServing("fenced: no peer promise and no radio majority");
      core.io.alarms.event(ALARM.MASTER_INACTIVE, { term: core.mirror.term, reason: "fenced" });
    },
    mirrorStepsDownForNewer: ({ context: { core } }) => {
      core.stopServing("peer mirror is active in a newer term", core.peer.ip);
      core.io.alarms.event(ALARM.MASTER_INACTIVE, { term: core.mirror.term });
    },
    adoptData: ({ context: { core }, event }) => {
      if (event.type === "mirror.data" && core.pair.adoptData(event.term, event.data, event.known))
        core.io.emit("command", { command: "mirror-data", result: "adopted", generation: event.data.generation });
    },
    switchToPeer: ({ context: { core } }) => {
      core.pair.pushData();
      core.pair.sendTakeOver();
      core.io.emit("command", { command: "switch-mirror", result: "requested" });
    },
    pushData: ({ context }) => context.core.pair.pushData(),
    refuse: ({ context: { core }, event }) =>
      core.io.emit("command", {
        command: event.type.replace("cmd.", ""),
        result: "refused",
        reason: `not possible in mode ${core.cfg.mode}`,
      }),
  },
}).createMachine({
  id: "master",
  context: ({ input }) => ({
    core: new MasterCore(input.cfg, input.io, input.mirror, input.system, input.pari, input.users, input.gatekeeper),
  }),
  invoke: {
    src: "ticker",
    input: ({ context }) => ({
      clock: context.core.io.clock,
      ms: Math.min(SWEEP_MS, context.core.cfg.probeIntervalMs),
    }),
  },
  initial: "boot",
  on: {
    tick: { actions: "sweep" },
    "radio.register": { actions: "register" },
    "radio.heartbeat": { actions: "heartbeat" },
    "radio.unregister": { actions: "unregister" },
    "pari.register": { actions: "pari" },
    "pari.announce": { actions: "pari" },
    "pari.replica": { actions: "pari" },
    "dir.request": { actions: "replication" },
    "dir.batch": { actions: "replication" },
    "handset.relay": { actions: "handset" },
    "peer.probe": { actions: ["notePeer", "checkPeerId", { type: "answerProbe", params: { joining: false } }] },
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
        joining: {
          entry: ["startJoin", { type: "stateIs", params: { state: "joining" } }],
          on: {
            "peer.probe": { actions: ["notePeer", "checkPeerId", { type: "answerProbe", params: { joining: true } }] },
            tick: [{ guard: "joinDone", target: "serving", actions: "sweep" }, { actions: "sweep" }],
          },
        },
        serving: {
          entry: "serve",
          on: { tick: [{ guard: "gatekeeperLost", target: "deactivated", actions: "sweep" }, { actions: "sweep" }] },
        },
        deactivated: {
          entry: "deactivate",
          on: { tick: [{ guard: "gatekeeperBack", target: "serving", actions: "sweep" }, { actions: "sweep" }] },
        },
      },
    },
    standby: {
      initial: "watching",
      states: {
        watching: {
          entry: { type: "stateIs", params: { state: "watching" } },
          on: {
            tick: [{ guard: "masterLost", target: "active", actions: ["sweep"] }, { actions: ["sweep", "probe"] }],
            "peer.reply": [
              { guard: "masterDeactivated", target: "active", actions: ["notePeer", "checkPeerId"] },
              { actions: ["notePeer", "checkPeerId", "releaseHeld"] },
            ],
          },
        },
        active: {
          entry: "standbyTakesOver",
          on: {
            tick: { actions: ["sweep", "probe"] },
            "peer.reply": [
              { guard: "masterBack", target: "watching", actions: ["notePeer", "checkPeerId", "standbyHandsBack"] },
              { actions: ["notePeer", "checkPeerId"] },
            ],
          },
        },
      },
    },
    mirror: {
      initial: "inactive",
      on: {
        "mirror.yieldRequest": { actions: "answerYield" },
        "mirror.data": { actions: "adoptData" },
      },
      states: {
        inactive: {
          entry: { type: "stateIs", params: { state: "inactive" } },
          on: {
            tick: [
              { guard: "mayTakeOver", target: "active", actions: ["sweep", "mirrorAutoActivates"] },
              {
                guard: "mayResume",
                target: "claiming",
                actions: ["sweep", "probe", { type: "beginClaim", params: { overwrite: false } }],
              },
              { actions: ["sweep", "probe"] },
            ],
            "peer.reply": { actions: ["notePeer", "checkPeerId", "releaseHeld"] },
            "cmd.activateMirror": { target: "claiming", actions: { type: "beginClaim", params: { overwrite: true } } },
            "mirror.takeOver": { target: "claiming", actions: { type: "beginClaim", params: { overwrite: false } } },
          },
        },
        claiming: {
          entry: { type: "stateIs", params: { state: "claiming" } },
          on: {
            "mirror.yieldReply": { guard: "claimGranted", target: "active", actions: "takeYield" },
            tick: [
              { guard: "mayTakeOver", target: "active", actions: "sweep" },
              { guard: "claimTimedOut", target: "inactive", actions: ["sweep", "claimFailed"] },
              { actions: ["sweep", "probe", "resendClaim"] },
            ],
            "mirror.yieldRequest": [
              { guard: "mayYield", target: "inactive", actions: "answerYield" },
              { actions: "answerYield" },
            ],
          },
        },
        active: {
          entry: "mirrorActivates",
          invoke: {
            src: "fence",
            input: ({ context }) => ({
              clock: context.core.io.clock,
              until: () => context.core.pair.fenceValidUntil(),
              type: "fence.expired",
              idleMs: SWEEP_MS * 4,
            }),
          },
          on: {
            tick: { actions: ["sweep", "probe"] },
            "fence.expired": { target: "inactive", actions: "mirrorFenced" },
            "mirror.yieldRequest": [
              { guard: "newerTerm", target: "inactive", actions: "mirrorYields" },
              { actions: "answerYield" },
            ],
            "peer.reply": [
              {
                guard: "peerActiveNewer",
                target: "inactive",
                actions: ["notePeer", "checkPeerId", "mirrorStepsDownForNewer"],
              },
              { actions: ["notePeer", "checkPeerId"] },
            ],
            "peer.probe": [
              {
                guard: "peerActiveNewer",
                target: "inactive",
                actions: [
                  "notePeer",
                  "checkPeerId",
                  "mirrorStepsDownForNewer",
                  { type: "answerProbe", params: { joining: false } },
                ],
              },
              { actions: ["notePeer", "checkPeerId", { type: "answerProbe", params: { joining: false } }] },
            ],
            "cmd.activateMirror": { actions: "pushData" },
            "cmd.switchMirror": { actions: "switchToPeer" },
          },
        },
      },
    },
  },
});
