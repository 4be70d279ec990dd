import { assign, fromPromise, setup } from "xstate";
import type { DueReset } from "../update/UpdateHost.js";
import type { CheckTrigger, ProvisioningClient } from "./ProvisioningClient.js";

/** What the Device hands the chart: the client it created. */
export interface ProvisioningInput {
  readonly core: ProvisioningClient;
}

interface Context extends ProvisioningInput {
  /** Why the next (or running) check runs. */
  readonly trigger: CheckTrigger;
  /** A check-sync came while a check ran: seed 002's "check-sync" asks again once it has ended. */
  readonly again: boolean;
}

/**
 * `check`: an operator's "check now" (`ipdect ctl provisioning-check`). `check-sync`: a SIP NOTIFY with
 * `Event: check-sync` reached one of the device's users (seed 002 "SIP Notify Check-Sync"; the gatekeeper answered
 * it, and 489 when check_sync is disabled, so the chart sees it only when it is `update` or `reboot`).
 */
export type ProvisioningEvent = { type: "check" } | { type: "check-sync" };

/**
 * When the second dialect's client checks its provisioning server (seed 002 "Automatic Check for New Firmware and
 * Configuration"): at boot (our reading of check_sync "reboot - reboot and check for updates": a boot checks), then
 * every `interval` minutes after the previous check ended (none with 0), and every day at `time`, whichever comes
 * first; and on an operator's `check` or a check-sync. NOTIFY check_sync `update` checks now, `reboot` resets the device
 * (whose boot then checks). A check in progress is never started twice: a `check` during one is dropped (its asker
 * waits for the running one), a check-sync is remembered and acted on when it has ended. The client says what a check
 * does and how long the delays are.
 */
export const provisioningMachine = setup({
  types: {
    context: {} as Context,
    input: {} as ProvisioningInput,
    events: {} as ProvisioningEvent,
  },
  actors: {
    check: fromPromise<DueReset | undefined, { core: ProvisioningClient; trigger: CheckTrigger }>(({ input }) =>
      input.core.check(input.trigger),
    ),
  },
  actions: {
    // After the check has ended: the reset it asks for (a new firmware, a new configuration).
    finish: ({ context }, due: DueReset | undefined) =>
      due === undefined ? undefined : context.core.reset(due.mode, due.reason),
    planned: ({ context }) => context.core.planned(),
    syncReboot: ({ context }) => context.core.reset("immediate", "provisioning: NOTIFY check-sync (reboot)"),
  },
  delays: {
    // A delay is read only where its guard holds (the transitions below); 0 stands for "none" otherwise.
    interval: ({ context }) => context.core.intervalMs() ?? 0,
    daily: ({ context }) => context.core.dailyMs() ?? 0,
  },
  guards: {
    periodic: ({ context }) => context.core.intervalMs() !== undefined,
    daily: ({ context }) => context.core.dailyMs() !== undefined,
    syncUpdate: ({ context }) => context.core.settings.checkSync === "update",
    syncReboot: ({ context }) => context.core.settings.checkSync === "reboot",
    resets: (_, due: DueReset | undefined) => due !== undefined,
    again: ({ context }) => context.again,
  },
}).createMachine({
  id: "provisioning",
  context: ({ input }) => ({ core: input.core, trigger: "boot", again: false }),
  initial: "checking",
  states: {
    checking: {
      invoke: {
        src: "check",
        input: ({ context }) => ({ core: context.core, trigger: context.trigger }),
        onDone: [
          {
            guard: { type: "resets", params: ({ event }) => event.output },
            target: "resetting",
            actions: { type: "finish", params: ({ event }) => event.output },
          },
          { guard: "again", target: "afterSync" },
          { target: "waiting" },
        ],
        onError: "waiting",
      },
      on: { "check-sync": { actions: assign({ again: true }) } },
    },
    // A check-sync came during the check: what it asks for, now.
    afterSync: {
      entry: assign({ again: false }),
      always: [
        { guard: "syncUpdate", target: "checking", actions: assign({ trigger: "check-sync" }) },
        { guard: "syncReboot", target: "resetting", actions: "syncReboot" },
        { target: "waiting" },
      ],
    },
    waiting: {
      entry: "planned",
      after: {
        interval: { guard: "periodic", target: "checking", actions: assign({ trigger: "interval" }) },
        daily: { guard: "daily", target: "checking", actions: assign({ trigger: "time" }) },
      },
      on: {
        check: { target: "checking", actions: assign({ trigger: "operator" }) },
        "check-sync": [
          { guard: "syncUpdate", target: "checking", actions: assign({ trigger: "check-sync" }) },
          { guard: "syncReboot", target: "resetting", actions: "syncReboot" },
        ],
      },
    },
    // The device is starting again (its reset stops this chart); nothing more to do here.
    resetting: { tags: ["resetting"] },
  },
});
