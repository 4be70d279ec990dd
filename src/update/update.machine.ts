import { fromPromise, setup } from "xstate";
import type { UpdateCommand } from "./commandFile.js";
import type { UpdateClient } from "./UpdateClient.js";
import type { DueReset } from "./UpdateHost.js";

/** Command lines an operator gives the device now (App. A.1 "Update clients"), parsed at the edge. */
export interface RunCommands {
  readonly type: "run";
  readonly commands: readonly UpdateCommand[];
}

/** What the Device hands the chart: the client it created. */
export interface UpdateInput {
  readonly core: UpdateClient;
}

/**
 * When the update client polls (App. A.1.3): the first fetch "after the configured poll interval is expired after
 * boot" (a fresh device: after a minute), then again each interval after the previous poll ended; the client says
 * how long (UpdateClient.nextPollMs) and what a poll does. A poll in progress is never started twice: a `poll` or `run`
 * event while one runs is dropped, and its asker waits for the running one (and may ask again).
 */
export const updateMachine = setup({
  types: {
    context: {} as UpdateInput,
    input: {} as UpdateInput,
    events: {} as { type: "poll" } | RunCommands,
  },
  actors: {
    poll: fromPromise<DueReset | undefined, UpdateClient>(({ input }) => input.poll()),
    run: fromPromise<DueReset | undefined, { core: UpdateClient; commands: readonly UpdateCommand[] }>(({ input }) =>
      input.core.runGiven(input.commands),
    ),
  },
  actions: {
    // After the poll has ended (its asker answered): the reset its finals ask for (App. A.1.3).
    finish: ({ context }, due: DueReset | undefined) => (due === undefined ? undefined : context.core.finish(due)),
  },
  delays: { nextPoll: ({ context }) => context.core.nextPollMs() },
  guards: { polls: ({ context }) => context.core.polls },
}).createMachine({
  id: "update",
  context: ({ input }) => ({ core: input.core }),
  initial: "starting",
  states: {
    // Without a URL (§4.9.1) there is nothing to poll; an operator's command lines still come (`run`).
    starting: { always: [{ guard: "polls", target: "waiting" }, { target: "idle" }] },
    // A URL may come later (a PARI Master's Radio Config, §4.6.33): looked for again every minute.
    idle: { after: { 60_000: "starting" }, on: { run: "running" } },
    // `poll`: an operator's "poll now" (`ipdect ctl update-poll`), as the PBX's "Update clients" page can send UP0
    // commands at any time (App. A.1); the next poll is then counted from its end.
    waiting: { after: { nextPoll: "polling" }, on: { poll: "polling", run: "running" } },
    running: {
      invoke: {
        src: "run",
        input: ({ context, event }) => ({ core: context.core, commands: (event as RunCommands).commands }),
        onDone: { target: "starting", actions: { type: "finish", params: ({ event }) => event.output } },
        onError: "starting",
      },
    },
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
