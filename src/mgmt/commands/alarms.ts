import { StateError } from "../../core/errors.js";
import { alarmHistoryText, alarmsText } from "../../role/eventsText.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { MgmtCode } from "../errors.js";
import { inQuery, trueOrFalse } from "../params.js";
import { ClockMs, OneOf, Result, S } from "../schema.js";
import { AlarmSchema } from "./device.js";

/** One entry of Diagnostics → Events (§4.23.4): an alarm issued or cleared, or an error. */
const HistoryEntrySchema = S.Object({
  time: ClockMs("when it was issued or cleared"),
  type: OneOf(["alarm", "alarm-cleared", "alarm-timeout", "error"], "the four types of §4.23.4"),
  code: S.String({ description: "fault code (§6.2)" }),
  severity: OneOf(["critical", "major", "indeterminate"], "§6.2 columns C, M, I"),
  text: S.String(),
  source: S.Optional(S.String()),
  remote: S.Optional(S.String({ description: "the radio that forwarded it to a PARI Master (§4.6.33)" })),
  detail: S.Optional(S.String({ description: "what the §6.2 title leaves out, e.g. a SIP answer and proxy" })),
});

/** The Prometheus text exposition format (version 0.0.4), as Prometheus asks for it. */
const PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

/**
 * Diagnostics → Alarms (§4.23.3) and Diagnostics → Events (§4.23.4), and the device's metrics (beyond the manual:
 * docs/user-guide.md "Metrics"). `/metrics` needs a login like every page of the device (§3.4); a login-free scrape
 * of every device of a process is `ipdect node --metrics`.
 */
export const ALARM_COMMANDS: readonly Command[] = [
  command({
    name: "alarms",
    summary: "active alarms (§4.23.3); --system: every alarm of the system, with Remote, on a PARI Master",
    need: "auditor",
    method: "GET",
    path: "/api/alarms",
    params: { system: { ...inQuery("false", trueOrFalse), ctl: { flag: "system" } } },
    response: S.Array(AlarmSchema),
    run: ({ device }, a) => (a.system ? device.alarms.system() : device.alarms.active()),
    ctl: { text: shown(alarmsText) },
  }),
  command({
    name: "alarm-events",
    summary: "the history of alarms and errors (§4.23.4): alarm, alarm-cleared, alarm-timeout, error",
    need: "auditor",
    method: "GET",
    path: "/api/alarms/events",
    params: {},
    response: S.Array(HistoryEntrySchema, { description: "oldest first" }),
    run: ({ device }) => device.alarms.history(),
    ctl: { text: shown(alarmHistoryText) },
  }),
  command({
    name: "alarm-events-clear",
    summary: "Clear under Diagnostics → Events (§4.23.4): the history goes, active alarms stay",
    need: "system-admin",
    method: "POST",
    path: "/api/alarms/events/clear",
    params: {},
    response: Result("cleared", { count: S.Integer({ description: "the entries the history held" }) }),
    run: ({ device }) => ({ result: "cleared", count: device.alarms.clearHistory() }),
    ctl: {
      text: said<{ count: number }>((a) => `cleared ${a.count} entries of the history; active alarms stay (§4.23.4)`),
    },
  }),
  command({
    name: "metrics",
    summary:
      "the IPDECT-MIB's counters: frames, alarms (§4.23.3), radios, users, LDAP (§4.5.2, §4.5.4), air sync (§4.12), CPU and MEM (§4.23.5), in the Prometheus text format (beyond the manual)",
    need: "auditor",
    method: "GET",
    path: "/metrics",
    params: {},
    contentType: PROMETHEUS_TEXT,
    response: S.String({ description: "the Prometheus text exposition format 0.0.4" }),
    run: (on) => {
      if (on.metrics === undefined)
        throw new StateError(MgmtCode.NoMetrics, "this world renders no metrics: read the status or the sim report");
      return on.metrics();
    },
  }),
];
