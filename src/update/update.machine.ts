import { fromPromise, setup } from "xstate";
import type { UpdateClient } from "./UpdateClient.js";

/** What the Device hands the chart: the client it created. */
export interface UpdateInput {
  readonly core: UpdateClient;
}

/**
 * When the update client polls (App. A.1.3): the first fetch "after the configured poll interval is expired after
 * boot" (a fresh device: after a minute), then again each interval after the previous poll ended; the client says
 * how long (UpdateClient.nextPollMs) and what a poll does. A poll in progress is never started twice.
 */
export const updateMachine = setup({
  types: { context: {} as UpdateInput, input: {} as UpdateInput },
  actors: { poll: fromPromise<void, UpdateClient>(({ input }) => input.poll()) },
  delays: { nextPoll: ({ context }) => context.core.nextPollMs() },
}).createMachine({
  id: "update",
  context: ({ input }) => ({ core: input.core }),
  initial: "waiting",
  states: {
    waiting: { after: { nextPoll: "polling" } },
    polling: {
      invoke: { src: "poll", input: ({ context }) => context.core, onDone: "waiting", onError: "waiting" },
    },
  },
});
