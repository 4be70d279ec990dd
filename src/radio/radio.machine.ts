import { setup } from "xstate";
import { LEASE_MARGIN_MS, leaseOutlastMs, REDUNDANCY_DEFAULTS } from "../role/redundancy.js";
import { deadline, ticker } from "../role/timerActors.js";
import type { RadioEvent, StandingName } from "./events.js";
import type { RadioCore } from "./RadioCore.js";

/**
 * A radio that (re)starts has forgotten when it last spoke to a Master and what it echoed, so it waits out a Master's
 * lease (plus the margin for a frame still on the wire) before it registers anywhere: a quick reboot must not leave
 * it held by the old Master and registered to another. Masters with a longer `radioLostMs` than the default rely on
 * radios taking longer than that to boot.
 */
export const BOOT_WAIT_MS = leaseOutlastMs(REDUNDANCY_DEFAULTS.radioLostMs) + LEASE_MARGIN_MS;

/** What the Device hands the radio role machine: the core it created (and reads itself). */
export interface RadioInput {
  readonly core: RadioCore;
}

/** A radio the Master refused (e.g. system name/password mismatch, §4.6.1) asks again after this long. */
export const REFUSED_RETRY_MS = 10_000;

/** Sends `lost` when the Master has not answered for masterLostMs (each answer moves the deadline; no re-entry). */
const watchInput = ({ context }: { context: { core: RadioCore } }) => ({
  clock: context.core.io.clock,
  until: () => context.core.lostDeadline(),
  type: "lost",
});

/** A Master's answer of this standing to the radio's current attempt. */
const answered = (standing: StandingName) => ({ type: "is", params: { standing } }) as const;

/**
 * The radio role, minimal for redundancy (manual 003 §4.6.31, §3.12): it registers to its Master, heartbeats, and
 * when the Master stops answering it aborts its stream and stays silent until the Master's lease on it has run out
 * (RadioCore.leaseWaitMs), then registers to the other Master (the Standby or the other Mirror) at once. A Master's
 * REDIRECT moves it at once (the Master released it).
 * The chart owns the radio's standing: `registered` (tag "registered") while a serving Master registered it,
 * `pending` (tag "pending") while an inactive Master holds it; RadioCore keeps the data only.
 */
const radioSetup = setup({
  types: { context: {} as { core: RadioCore }, events: {} as RadioEvent, input: {} as RadioInput },
  actors: { ticker, lostWatch: deadline },
  delays: {
    leaseWait: ({ context }) => context.core.leaseWaitMs(),
    bootWait: BOOT_WAIT_MS,
    refusedRetry: REFUSED_RETRY_MS,
  },
  guards: {
    disabled: ({ context }) => !context.core.cfg.enabled,
    unconfigured: ({ context }) => context.core.target === "",
    is: ({ context, event }, params: { standing: string }) =>
      event.type === "status" &&
      event.status.attempt === context.core.attempt &&
      event.status.standing === params.standing,
  },
  actions: {
    connectToTarget: ({ context }) => context.core.startConnecting(context.core.target),
    connectToOther: ({ context }) => context.core.startConnecting(context.core.other()),
    connectToRedirect: ({ context, event }) => {
      if (event.type === "status") context.core.startConnecting(event.status.redirectTo);
    },
    register: ({ context }) => context.core.sendRegister(),
    heartbeat: ({ context }) => context.core.sendHeartbeat(),
    attach: ({ context, event }) => {
      if (event.type === "status") context.core.attached(event.status);
    },
    standingIs: ({ context }, params: { standing: "registered" | "pending" }) =>
      context.core.io.emit("state", { role: "radio", state: params.standing, master: context.core.target }),
    leave: ({ context }) => context.core.leaving(),
    refused: ({ context, event }) => {
      if (event.type === "status") context.core.refused(event.status.reason);
    },
    unregister: ({ context }) => context.core.sendUnregister("shutdown"),
    disabled: ({ context }) => context.core.io.emit("state", { role: "radio", state: "disabled" }),
  },
});

/**
 * Attached to a Master that registered (`standing` "registered") or holds ("pending") the radio: it heartbeats, and
 * follows the Master's answers (the other standing, a release, "not registered here", a refusal). Entering the state
 * is what the event log shows. Two flat states rather than one with substates: a radio's heartbeat answers are the
 * sim's most frequent events.
 */
const attached = (standing: "registered" | "pending", other: "registered" | "pending") =>
  radioSetup.createStateConfig({
    tags: standing,
    entry: { type: "standingIs", params: { standing } },
    invoke: { src: "lostWatch", input: watchInput },
    on: {
      tick: { actions: "heartbeat" },
      status: [
        { guard: answered(standing), actions: "attach" },
        { guard: answered(other), target: other, actions: "attach" },
        { guard: answered("redirect"), target: "redirected" },
        { guard: answered("unknown"), target: "connecting" },
        { guard: answered("refused"), target: "refused", actions: "refused" },
      ],
    },
  });

export const radioMachine = radioSetup.createMachine({
  id: "radio",
  context: ({ input }) => ({ core: input.core }),
  initial: "boot",
  states: {
    boot: {
      always: [
        { guard: "disabled", target: "disabled" },
        { guard: "unconfigured", target: "unconfigured" },
        { target: "booting" },
      ],
    },
    booting: { after: { bootWait: "running" } },
    disabled: { entry: "disabled" },
    // Plug and play (§3.11): no Master until an administrator adds the radio on a PARI Master (see pariClient).
    unconfigured: {},
    running: {
      invoke: {
        src: "ticker",
        input: ({ context }) => ({ clock: context.core.io.clock, ms: context.core.cfg.heartbeatMs }),
      },
      initial: "connecting",
      on: { shutdown: { target: "#radio.disabled", actions: "unregister" }, lost: ".leaving" },
      states: {
        connecting: {
          entry: "connectToTarget",
          on: {
            tick: { actions: "register" },
            status: [
              { guard: answered("registered"), target: "registered", actions: "attach" },
              { guard: answered("pending"), target: "pending", actions: "attach" },
              { guard: answered("redirect"), target: "redirected" },
              { guard: answered("refused"), target: "refused", actions: "refused" },
            ],
          },
          invoke: { src: "lostWatch", input: watchInput },
        },
        refused: {
          after: { refusedRetry: "connecting" },
        },
        registered: attached("registered", "pending"),
        pending: attached("pending", "registered"),
        redirected: {
          entry: "connectToRedirect",
          always: "awaiting",
        },
        awaiting: {
          invoke: { src: "lostWatch", input: watchInput },
          on: {
            tick: { actions: "register" },
            status: [
              { guard: answered("registered"), target: "registered", actions: "attach" },
              { guard: answered("pending"), target: "pending", actions: "attach" },
              { guard: answered("redirect"), target: "redirected" },
            ],
          },
        },
        leaving: {
          entry: "leave",
          after: { leaseWait: { target: "awaiting", actions: "connectToOther" } },
        },
      },
    },
  },
});
