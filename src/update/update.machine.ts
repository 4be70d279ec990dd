import { fromPromise, setup } from "xstate";
import type { DueReset, UpdateClient } from "./UpdateClient.js";

/** What the Device hands the chart: the client it created. */
export interface UpdateInput {
  readonly core: UpdateClient;
}

/**
 * When the update client polls (App. A.1.3): the first fetch "after the configured poll interval is expired after
 * boot" (a fresh device: after a minute), then again each interval after the previous poll ended; the client says
 * how long (UpdateClient.nextPollMs) and what a poll does. A poll in progress is never started twice: a `poll` event
 * while one runs is dropped, and its asker waits for the running one.
 */
export const updateMachine = setup({
  types: { context: {} as UpdateInput, input: {} as UpdateInput },
  actors: { poll: fromPromise<DueReset | undefined, UpdateClient>(({ input }) => input.poll()) },
  actions: {
    // After the poll has ended (its asker answered): the reset its finals ask for (App. A.1.3).
    finish: ({ context }, due: DueReset | undefined) => (due === undefined ? undefined : context.core.finish(due)),
  },
  delays: { nextPoll: ({ context }) => context.core.nextPollMs() },
}).createMachine({
  id: "update",
  context: ({ input }) => ({ core: input.core }),
  initial: "waiting",
  states: {
    // `poll`: an operator's "poll now" (`ipdect ctl update-poll`), as the PBX's "Update clients" page can send UP0
    // commands at any time (App. A.1); the next poll is then counted from its end.
    waiting: { after: { nextPoll: "polling" }, on: { poll: "polling" } },
    polling: {
      invoke: {
        src: "poll",
        input: ({ context }) => context.core,
        onDone: { target: "waiting", actions: { type: "finish", params: ({ event }) => event.output } },
        onError: "waiting",
      },
    },
  },
});
