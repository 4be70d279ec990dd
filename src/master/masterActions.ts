import { ALARM } from "../core/alarms/index.js";
import type { MasterEvent } from "./events.js";
import type { MasterCore, Stance } from "./MasterCore.js";

export interface MasterContext {
  readonly core: MasterCore;
}

type Args = { context: MasterContext; event: MasterEvent };

/** The Mirror's part (§4.6.19; docs/design.md "Mirror fencing"): claims, yields, activation, data copy. */
const mirrorActions = {
  beginClaim: ({ context: { core } }: Args, params: { overwrite: boolean }) => core.pair.beginClaim(params.overwrite),
  resendClaim: ({ context }: Args) => context.core.pair.sendYieldRequest(),
  claimFailed: ({ context: { core } }: Args) =>
    core.io.emit("command", {
      command: "activate-mirror",
      result: "refused",
      reason: "peer did not yield and no radio majority",
    }),
  takeYield: ({ context: { core }, event }: Args) => {
    if (event.type !== "mirror.yieldReply") return;
    core.peer.promised(event.seq, event.promiseMs);
    core.mirror.known.merge(event.known);
  },
  mirrorActivates: ({ context: { core } }: Args) => {
    core.io.alarms.event(ALARM.MASTER_ACTIVE, { term: core.pair.claim.term });
    core.pair.activate(core.pair.claim.term);
    core.io.emit("state", { role: "master", state: "active", mode: "mirror", term: core.mirror.term });
    core.pair.pushData();
  },
  mirrorAutoActivates: ({ context: { core } }: Args) => {
    core.pair.claim = { term: Math.max(core.mirror.term, core.peer.term) + 1, overwrite: false };
  },
  mirrorYields: ({ context: { core }, event }: Args) => {
    if (event.type !== "mirror.yieldRequest") return;
    core.stopServing("peer mirror activated", core.peer.ip);
    core.pair.yieldTo(event.from, event.term, event.seq, false);
    core.io.alarms.event(ALARM.MASTER_INACTIVE, { term: core.mirror.term });
  },
  answerYield: ({ context: { core }, event }: Args, params: { serving: boolean }) => {
    if (event.type === "mirror.yieldRequest") core.pair.yieldTo(event.from, event.term, event.seq, params.serving);
  },
  mirrorFenced: ({ context: { core } }: Args) => {
    core.stopServing("fenced: no peer promise and no radio majority");
    core.io.alarms.event(ALARM.MASTER_INACTIVE, { term: core.mirror.term, reason: "fenced" });
  },
  mirrorStepsDownForNewer: ({ context: { core } }: Args) => {
    core.stopServing("peer mirror is active in a newer term", core.peer.ip);
    core.io.alarms.event(ALARM.MASTER_INACTIVE, { term: core.mirror.term });
  },
  adoptData: ({ context: { core }, event }: Args) => {
    if (event.type === "mirror.data" && core.pair.adoptData(event.term, event.data, event.known))
      core.io.emit("command", { command: "mirror-data", result: "adopted", generation: event.data.generation });
  },
  switchToPeer: ({ context: { core } }: Args) => {
    core.pair.pushData();
    core.pair.sendTakeOver();
    core.io.emit("command", { command: "switch-mirror", result: "requested" });
  },
  pushData: ({ context }: Args) => context.core.pair.pushData(),
  refuse: ({ context: { core }, event }: Args) =>
    core.io.emit("command", {
      command: event.type.replace("cmd.", ""),
      result: "refused",
      reason: `not possible in mode ${core.cfg.mode}`,
    }),
};

/**
 * What the Master role machine (master.machine.ts) does on its transitions: each action hands the event to MasterCore
 * or MirrorPair. Where the Master's stance matters, the machine passes it as a parameter from the state it is in.
 */
export const masterActions = {
  sweep: ({ context }: Args) => context.core.sweep(),
  /** At each lease's end (the `leases` deadline), and before taking over at a deadline in the same instant. */
  expireLeases: ({ context }: Args) => context.core.expireLeases(),
  probe: ({ context }: Args, params: { serving: boolean }) => context.core.probePeer(params.serving),
  register: ({ context, event }: Args, params: { stance: Stance }) => {
    if (event.type === "radio.register") context.core.register(event.radio, event.seq, params.stance);
  },
  heartbeat: ({ context, event }: Args, params: { stance: Stance }) => {
    if (event.type === "radio.heartbeat") context.core.heartbeat(event.radio, event.seq, event.grantMs, params.stance);
  },
  unregister: ({ context, event }: Args) => {
    if (event.type === "radio.unregister") context.core.unregister(event.mac, event.reason);
  },
  pari: ({ context: { core }, event }: Args) => {
    const pari = core.pari;
    if (pari === undefined) return;
    if (event.type === "pari.register") pari.register(event.req);
    else if (event.type === "pari.announce") pari.announce(event.announcement);
    else if (event.type === "pari.replica") pari.replica(event.replica, event.from);
    else if (event.type === "pari.kerberosTaken") pari.kerberosTaken(event.mac);
    else if (event.type === "pari.alarms") pari.systemAlarms.report(event.report);
  },
  handset: ({ context: { core }, event }: Args) => {
    if (event.type === "handset.relay") core.handsets?.handle(event.ask);
  },
  replication: ({ context: { core }, event }: Args) => {
    if (event.type === "dir.request") core.feed?.request(event.from, event.request);
    else if (event.type === "dir.batch") core.replicator?.batch(event.batch);
  },
  checkPeerId: ({ context: { core } }: Args) => {
    const p = core.peer;
    if (!p.heardEver || p.masterId === core.cfg.id || p.idMismatchReported) return;
    p.idMismatchReported = true;
    core.io.emit("warning", {
      code: "MASTER_ID_MISMATCH",
      text: `peer ${p.ip ?? "?"} has Master Id ${p.masterId}, this device ${core.cfg.id}: a Standby or Mirror must have its Master's id (§4.6.20)`,
    });
  },
  notePeer: ({ context: { core }, event }: Args) => {
    if (event.type === "peer.reply") {
      const r = event.reply;
      core.peer.heard(core.now, r.active, r.term, r.masterId, r.activeTerm, r.joining);
      core.peer.promised(r.seq, r.promiseMs);
      if (core.cfg.mode === "mirror") core.pair.peerHolds(r.knownTermAck, r.knownVersionAck);
    } else if (event.type === "peer.probe") {
      const p = event.probe;
      core.peer.heard(core.now, p.active, p.term, p.masterId, p.activeTerm);
      // An active Master learns its Standby (the Standby PARI Master) from the Standby's probes.
      if (core.pari !== undefined) core.pari.peerIp ??= event.from.ip;
      if (core.peer.ip === undefined) core.standbyIp = event.from.ip;
    }
  },
  /** Active Mirror: the peer's answer carries the CRC of its data copy; a different one is sent the data again. */
  resyncData: ({ context: { core }, event }: Args) => {
    if (event.type === "peer.reply") core.pair.resyncData(event.reply.dataCrc);
  },
  answerProbe: ({ context: { core }, event }: Args, params: { joining: boolean; serving: boolean }) => {
    if (event.type === "peer.probe") core.answerProbe(event.from, event.probe, params.joining, params.serving);
  },
  releaseHeld: ({ context }: Args) => context.core.releaseHeldToActivePeer(),
  deactivate: ({ context: { core } }: Args) => {
    core.io.emit("state", { role: "master", state: "deactivated", mode: core.cfg.mode, reason: "no connection" });
    core.deactivate();
  },
  serve: ({ context: { core } }: Args) => {
    core.io.emit("state", { role: "master", state: "active", mode: core.cfg.mode });
    core.startServing();
  },
  stateIs: ({ context: { core } }: Args, params: { state: string }) =>
    core.io.emit("state", {
      role: "master",
      state: params.state,
      mode: core.cfg.mode,
      ...(core.cfg.mode === "mirror" ? { term: core.mirror.term } : {}),
    }),
  standbyTakesOver: ({ context: { core } }: Args) => {
    core.io.alarms.raise(ALARM.STANDBY_MASTER_ACTIVE);
    core.io.emit("state", { role: "master", state: "active", mode: "standby" });
    core.startServing();
  },
  standbyHandsBack: ({ context: { core } }: Args) => {
    core.stopServing("master is back", core.peer.ip);
    core.io.alarms.clear(ALARM.STANDBY_MASTER_ACTIVE);
  },
  ...mirrorActions,
};
