import { setup, spawnChild, enqueueActions } from "xstate";
import { rfpPortMachine } from "./rfpPort.machine.js";
import type { RfpUpdateCore } from "./RfpUpdateCore.js";

/**
 * A schedule far off is looked at again at least this often: a node's timers cannot wait longer than about 24 days,
 * and the device clock may be set meanwhile (a time server answering after boot, §4.1.9).
 */
export const SCHEDULE_RECHECK_MS = 3_600_000;

export interface RfpUpdateMachineInput {
  readonly core: RfpUpdateCore;
}

/** `start`: a new order kept by the core (RfpUpdateCore.apply); `port.ended`: an RFP's chart reached done or failed. */
export type RfpUpdateEvent = { readonly type: "start" } | { readonly type: "port.ended" };

/**
 * RFP_UPDATE0 (App. A.1.7) and Update → RFPs (§4.18.4) on the IPBL: `idle` until an order comes (or the flash holds
 * one at boot), `scheduled` until its time ("Specifies when the update shall start"), then `running`: every selected
 * RFP at once, or with `/sequence` one at a time, each RFP its own chart (rfpPort.machine.ts). The order ends when
 * every RFP is done, failed or skipped.
 */
export const rfpUpdateMachine = setup({
  types: { context: {} as RfpUpdateMachineInput, input: {} as RfpUpdateMachineInput, events: {} as RfpUpdateEvent },
  actors: { rfpPort: rfpPortMachine },
  guards: {
    active: ({ context }) => context.core.active,
    scheduled: ({ context }) => context.core.scheduled,
    // Every RFP of the order done, failed or skipped.
    ended: ({ context }) => !context.core.active,
  },
  actions: {
    started: ({ context }) => context.core.started(),
    // The ports whose turn it is: all waiting ones at once, or (`/sequence`) the next once the last has ended.
    next: enqueueActions(({ context, enqueue }) => {
      for (const port of context.core.next())
        enqueue(spawnChild("rfpPort", { id: `port-${port}`, input: { core: context.core, port } }));
    }),
    finish: ({ context }) => context.core.finish(),
  },
  delays: { scheduleCheck: ({ context }) => Math.min(context.core.msUntilStart(), SCHEDULE_RECHECK_MS) },
}).createMachine({
  id: "rfpUpdate",
  context: ({ input }) => input,
  initial: "looking",
  states: {
    looking: {
      always: [{ guard: "scheduled", target: "scheduled" }, { guard: "active", target: "running" }, { target: "idle" }],
    },
    idle: { on: { start: "looking" } },
    scheduled: { tags: "busy", after: { scheduleCheck: { target: "looking", reenter: true } } },
    running: {
      tags: "busy",
      entry: ["started", "next"],
      on: {
        "port.ended": [{ guard: "ended", target: "idle", actions: "finish" }, { actions: "next" }],
      },
    },
  },
});
