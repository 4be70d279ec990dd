import { setup } from "xstate";
import { deadline, ticker } from "../role/timerActors.js";
import { PARI_TIMING } from "../pari/timing.js";
import type { PariClientEvent } from "./pariEvents.js";
import type { PariClientCore } from "./PariClientCore.js";

/** What the Device hands the PARI client machine: the core it created (and reads itself). */
export interface PariClientMachineInput {
  readonly core: PariClientCore;
}

const watchInput = ({ context }: { context: { core: PariClientCore } }) => ({
  clock: context.core.io.clock,
  until: () => context.core.lostDeadline(),
  type: "lost",
});

const tickEvery = (ms: (core: PariClientCore) => number, type = "tick") => ({
  src: "ticker" as const,
  input: ({ context }: { context: { core: PariClientCore } }) => ({
    clock: context.core.io.clock,
    ms: ms(context.core),
    type,
  }),
});

/** Takes an assignment: the first since the radio was not assigned, or a renewal while assigned. */
const adopt = (first: boolean) => ({ type: "adopt", params: { first } }) as const;

/**
 * The radio's PARI client (§4.6.32, §3.11): unconfigured it announces itself until an administrator adds it; then it
 * asks its PARI Master for RFPIs and keeps the connection alive, moving to the Standby PARI Master when the PARI
 * Master stops answering or says it is not active. A refused radio (capacity, system name/password) asks again later.
 * The state `assigned` (tag "assigned") is the radio's standing; PariClientCore keeps the data only.
 */
export const pariClientMachine = setup({
  types: {
    context: {} as { core: PariClientCore },
    events: {} as PariClientEvent,
    input: {} as PariClientMachineInput,
  },
  actors: { ticker, lostWatch: deadline },
  delays: { refusedRetry: PARI_TIMING.refusedRetryMs },
  guards: {
    disabled: ({ context }) => !context.core.input.cfg.enabled,
    unconfigured: ({ context }) => context.core.unconfigured,
    is: ({ context, event }, params: { standing: string }) =>
      event.type === "grant" && context.core.isCurrent(event.grant) && event.grant.standing === params.standing,
  },
  actions: {
    announce: ({ context }) => context.core.announce(),
    provisioned: ({ context, event }) => {
      if (event.type === "provision") context.core.provisioned(event.provision);
    },
    kerberos: ({ context, event }) => {
      if (event.type === "kerberos") context.core.kerberosOrdered(event.mac, event.order, event.from);
    },
    connect: ({ context }) => context.core.startConnecting(),
    register: ({ context }) => {
      // Still on air while it looks for a PARI Master: keep looking at the air too.
      context.core.sync.tick();
      context.core.sendRegister(false);
    },
    adopt: ({ context, event }, params: { first: boolean }) => {
      if (event.type === "grant") context.core.adopt(event.grant, params.first);
    },
    refused: ({ context, event }) => {
      if (event.type === "grant") context.core.refused(event.grant);
    },
    switchTarget: ({ context }) => {
      context.core.leave();
      context.core.switchTarget();
    },
    keepalive: ({ context }) => {
      context.core.sync.tick();
      context.core.sendRegister(true);
      context.core.exchangeWithRfps();
      context.core.reportAlarms(true);
    },
    reportAlarms: ({ context }) => context.core.reportAlarms(),
    forwardAlarm: ({ context, event }) => {
      if (event.type === "alarm") context.core.forwardAlarm(event.change);
    },
    scan: ({ context }) => context.core.scanAir(),
    disabled: ({ context }) => context.core.io.emit("state", { role: "pari-client", state: "disabled" }),
  },
}).createMachine({
  id: "pariClient",
  context: ({ input }) => ({ core: input.core }),
  initial: "boot",
  // The Kerberos section of Add comes from the PARI Master this radio registered with, whatever its standing now.
  on: { kerberos: { actions: "kerberos" } },
  states: {
    boot: {
      always: [
        { guard: "disabled", target: "disabled" },
        { guard: "unconfigured", target: "announcing" },
        { target: "connecting" },
      ],
    },
    disabled: { entry: "disabled" },
    announcing: {
      entry: "announce",
      invoke: tickEvery(() => PARI_TIMING.announceMs),
      on: { tick: { actions: "announce" }, provision: { target: "provisioning", actions: "provisioned" } },
    },
    // Provisioned: the settings are being stored and the device restarts; a second provision still in flight (the
    // answer to an announcement crossing the Add) must not restart it twice.
    provisioning: {},
    connecting: {
      entry: "connect",
      invoke: [tickEvery((core) => core.input.cfg.heartbeatMs), { src: "lostWatch", input: watchInput }],
      on: {
        tick: { actions: "register" },
        lost: { target: "connecting", reenter: true, actions: "switchTarget" },
        grant: [
          { guard: { type: "is", params: { standing: "assigned" } }, target: "assigned", actions: adopt(true) },
          { guard: { type: "is", params: { standing: "refused" } }, target: "refused", actions: "refused" },
          // Not active (a Standby PARI Master while the PARI Master runs): the next tick asks the other one.
          { guard: { type: "is", params: { standing: "inactive" } }, actions: "switchTarget" },
        ],
      },
    },
    // Assigned, a forwarding radio reports its alarms to the PARI Master (§4.6.33): the whole list on entry.
    assigned: {
      tags: "assigned",
      entry: "reportAlarms",
      invoke: [
        tickEvery(() => PARI_TIMING.keepaliveMs),
        tickEvery(() => PARI_TIMING.airScanMs, "scan"),
        { src: "lostWatch", input: watchInput },
      ],
      on: {
        tick: { actions: "keepalive" },
        scan: { actions: "scan" },
        alarm: { actions: "forwardAlarm" },
        lost: { target: "connecting", actions: "switchTarget" },
        grant: [
          { guard: { type: "is", params: { standing: "assigned" } }, actions: adopt(false) },
          { guard: { type: "is", params: { standing: "refused" } }, target: "refused", actions: "refused" },
          { guard: { type: "is", params: { standing: "inactive" } }, target: "connecting", actions: "switchTarget" },
        ],
      },
    },
    refused: {
      after: { refusedRetry: "connecting" },
      on: {
        grant: {
          guard: { type: "is", params: { standing: "assigned" } },
          target: "assigned",
          actions: adopt(true),
        },
      },
    },
  },
});
