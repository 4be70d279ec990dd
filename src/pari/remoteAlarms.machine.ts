import { setup } from "xstate";

/** §4.23.3: "If an object is removed from the system, object-related alarms are automatically cleared after a timeout
 * period of 30 minutes." */
export const ALARM_TIMEOUT_MS = 30 * 60_000;

export interface RemoteAlarmsInput {
  /** The 30 minutes have passed: the radio's alarms clear as "Alarm timeout" (§4.23.4). */
  readonly timedOut: () => void;
}

export type RemoteAlarmsEvent =
  /** The radio sent an alarm report: it is part of the system again. */
  | { type: "reported" }
  /** The radio was deleted from the PARI Master or stopped reporting: its alarms time out in 30 min. */
  | { type: "removed" };

/**
 * The alarms a PARI Master holds for one radio (§4.23.3, §4.6.33): while the radio reports they stay until it clears
 * them; once it is removed, the chart's `alarmTimeout` delay clears them. A removal while already removed (a radio that
 * stopped reporting and is then deleted) starts the 30 minutes again: the deletion is when the object left the system.
 */
export const remoteAlarmsMachine = setup({
  types: {
    context: {} as RemoteAlarmsInput,
    events: {} as RemoteAlarmsEvent,
    input: {} as RemoteAlarmsInput,
  },
  delays: { alarmTimeout: ALARM_TIMEOUT_MS },
  actions: { timedOut: ({ context }) => context.timedOut() },
}).createMachine({
  id: "remoteAlarms",
  context: ({ input }) => input,
  initial: "reporting",
  states: {
    reporting: { on: { removed: "removed" } },
    removed: {
      after: { alarmTimeout: "timedOut" },
      on: { reported: "reporting", removed: { target: "removed", reenter: true } },
    },
    timedOut: { type: "final", entry: "timedOut" },
  },
});
