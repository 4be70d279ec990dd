import { setup } from "xstate";
import { deadline, deadlines, ticker } from "../role/timerActors.js";
import type { MasterEvent } from "./events.js";
import { masterActions, type MasterContext } from "./masterActions.js";
import type { MasterCore } from "./MasterCore.js";

/** What the Device hands the Master role machine: the core it created (and reads itself). */
export interface MasterInput {
  readonly core: MasterCore;
}

/** A Master that boots in Active mode listens this many probe intervals for an active Standby before serving. */
export const JOIN_PROBES = 3;
/** ...and serves anyway after this many, should a Standby never hand back. */
export const JOIN_MAX_PROBES = 20;
/** "Activate mirror" gives up after this many detection times without the peer's yield or a radio majority. */
export const CLAIM_TIMEOUT_FACTOR = 2;

/**
 * Input of a deadline actor that sends `{ type }` once `until(core)` has passed. The time is read again when it comes,
 * so it may move later meanwhile (an answer from the peer, a promise renewed) without re-entering the state.
 */
export const deadlineAt =
  (type: MasterEvent["type"], until: (core: MasterCore) => number, idleMs?: number) =>
  ({ context }: { context: MasterContext }) => ({
    clock: context.core.io.clock,
    until: () => until(context.core),
    type,
    ...(idleMs === undefined ? {} : { idleMs }),
  });

/** Types, actors, named delays, guards and actions of the Master role machine (master.machine.ts). */
export const masterSetup = setup({
  types: {
    context: {} as MasterContext,
    events: {} as MasterEvent,
    input: {} as MasterInput,
  },
  actors: { ticker, deadline, deadlines },
  delays: {
    joinListen: ({ context }) => context.core.cfg.probeIntervalMs * JOIN_PROBES,
    joinMaxWait: ({ context }) => context.core.cfg.probeIntervalMs * JOIN_MAX_PROBES,
    claimTimeout: ({ context }) => context.core.cfg.masterLostMs * CLAIM_TIMEOUT_FACTOR,
  },
  guards: {
    modeActive: ({ context }) => context.core.cfg.mode === "active" || context.core.cfg.mode === "deployment",
    modeStandby: ({ context }) => context.core.cfg.mode === "standby",
    modeMirror: ({ context }) => context.core.cfg.mode === "mirror",
    /** The Standby (or any peer) was heard and said it does not serve. */
    standbyInactive: ({ context: { core } }) => core.peer.heardEver && !core.peer.active,
    masterBack: ({ event }) => event.type === "peer.reply" && (event.reply.active || event.reply.joining),
    /** The primary answers but neither serves nor is about to: it deactivated itself (§4.6.24). */
    masterDeactivated: ({ event }) => event.type === "peer.reply" && !event.reply.active && !event.reply.joining,
    gatekeeperLost: ({ context }) => context.core.mustDeactivate,
    gatekeeperBack: ({ context }) => !context.core.mustDeactivate,
    holdsMajority: ({ context }) => context.core.pair.holdsMajority(),
    mayResume: ({ context }) => context.core.pair.mayResume(),
    claimGranted: ({ context: { core }, event }) =>
      event.type === "mirror.yieldReply" && event.yielded && event.term === core.pair.claim.term,
    newerTerm: ({ context: { core }, event }) => event.type === "mirror.yieldRequest" && event.term > core.mirror.term,
    /** Only asked of a side that does not serve (claiming). */
    mayYield: ({ context: { core }, event }) =>
      event.type === "mirror.yieldRequest" && core.pair.mayYield(event.term, false),
    peerActiveNewer: ({ context: { core }, event }) =>
      (event.type === "peer.reply" || event.type === "peer.probe") &&
      (event.type === "peer.reply" ? event.reply : event.probe).active &&
      (event.type === "peer.reply" ? event.reply : event.probe).term > core.mirror.term,
  },
  actions: masterActions,
});

/** What a serving Master does with radios, their handsets and its peer's probes (in every state tagged "serving"). */
export const whileServing = masterSetup.createStateConfig({
  on: {
    "radio.register": { actions: { type: "register", params: { stance: "serving" } } },
    "radio.heartbeat": { actions: { type: "heartbeat", params: { stance: "serving" } } },
    "handset.relay": { actions: "handset" },
    "peer.probe": {
      actions: ["notePeer", "checkPeerId", { type: "answerProbe", params: { joining: false, serving: true } }],
    },
  },
}).on;
