import { sendParent, setup } from "xstate";
import type { RfpUpdateCore } from "./RfpUpdateCore.js";

/** §4.18.4 "The RFP restarts after the upload is finished": an RFP's boot and its return to the air (our figure). */
export const RFP_RESTART_MS = 12_000;
/** `/idle`: how often a busy RFP is looked at again (our figure). */
export const RFP_IDLE_RECHECK_MS = 10_000;

export interface RfpPortInput {
  readonly core: RfpUpdateCore;
  readonly port: number;
}

/**
 * One RFP's way through an update (App. A.1.7, §4.18.4), spawned by the update's chart (rfpUpdate.machine.ts) when its
 * turn comes: looked at (still connected? idle, with `/idle`?), loaded for as long as its file takes over the link,
 * restarted (off air for RFP_RESTART_MS), then done with the new version. A port no longer connected (the IPBL
 * restarted with fewer RFPs) fails. The chart owns the times; the core keeps the progress and tells the ports.
 */
export const rfpPortMachine = setup({
  types: { context: {} as RfpPortInput, input: {} as RfpPortInput },
  guards: {
    gone: ({ context }) => context.core.portReady(context.port) === "gone",
    busy: ({ context }) => context.core.portReady(context.port) === "busy",
  },
  actions: {
    gone: ({ context }) => context.core.failed(context.port, "not connected any more"),
    waitIdle: ({ context }) => context.core.waitIdle(context.port),
    loading: ({ context }) => context.core.loading(context.port),
    restarting: ({ context }) => context.core.restarting(context.port),
    done: ({ context }) => context.core.done(context.port),
    // The update's chart spawns the next RFP's (rfpUpdate.machine.ts).
    ended: sendParent({ type: "port.ended" }),
  },
  delays: {
    load: ({ context }) => context.core.loadMs(),
    restart: RFP_RESTART_MS,
    idleRecheck: RFP_IDLE_RECHECK_MS,
  },
}).createMachine({
  id: "rfpPort",
  context: ({ input }) => input,
  initial: "looking",
  states: {
    looking: {
      always: [
        { guard: "gone", target: "failed", actions: "gone" },
        { guard: "busy", target: "waitingIdle", actions: "waitIdle" },
        { target: "loading" },
      ],
    },
    // Said once; looked at again every RFP_IDLE_RECHECK_MS until it carries no call.
    waitingIdle: {
      after: { idleRecheck: [{ guard: "busy", target: "waitingIdle", reenter: true }, { target: "looking" }] },
    },
    loading: { entry: "loading", after: { load: "restarting" } },
    restarting: { entry: "restarting", after: { restart: "done" } },
    done: { type: "final", entry: ["done", "ended"] },
    failed: { type: "final", entry: "ended" },
  },
});
