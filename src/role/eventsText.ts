import { listText } from "../core/textTable.js";
import { formatElapsed, formatTime } from "../core/timeText.js";
import type { ActiveAlarm, HistoryEntry } from "./Alarms.js";
import type { DeviceEvent } from "./EventLog.js";

/** The event stream (§4.23.4) and the alarms (§4.23.3) for people: `ipdect ctl events`, `alarms`, `alarm-events`. */

/** One field of an event: a `…Ms` duration readable, a list joined, a text with spaces quoted. */
function valueText(key: string, v: unknown): string {
  if (typeof v === "number" && key.endsWith("Ms")) return formatElapsed(v);
  if (Array.isArray(v)) return v.map(String).join(",");
  if (typeof v === "string") return /[\s"]/.test(v) || v === "" ? JSON.stringify(v) : v;
  return typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
}

/** An event's own fields as `key=value`, in the order they were written. */
const detailsOf = ({ t: _t, device: _d, kind: _k, ...fields }: DeviceEvent): string =>
  Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${valueText(k, v)}`)
    .join(" ");

/** `ipdect ctl events`: one row per event, oldest first: its time, kind and fields. */
export function eventsText(events: readonly DeviceEvent[]): string {
  return listText(
    ["Time", "Kind", "Details"],
    events.map((e) => [formatTime(e.t), e.kind, detailsOf(e)]),
    "no events",
  );
}

/** Diagnostics → Alarms (§4.23.3): Remote only where a radio forwarded an alarm (a PARI Master's system list). */
export function alarmsText(list: readonly ActiveAlarm[]): string {
  const remote = list.some((a) => a.remote !== undefined);
  return listText(
    ["Code", "Severity", "Text", "Source", "Since", ...(remote ? ["Remote"] : [])],
    list.map((a) => [
      a.code,
      a.severity,
      a.text,
      a.source ?? "",
      formatTime(a.since),
      ...(remote ? [a.remote ?? ""] : []),
    ]),
    "no active alarms",
  );
}

/** Diagnostics → Events (§4.23.4): the history of alarms and errors, oldest first. */
export function alarmHistoryText(list: readonly HistoryEntry[]): string {
  const remote = list.some((a) => a.remote !== undefined);
  return listText(
    ["Time", "Type", "Code", "Severity", "Text", "Source", ...(remote ? ["Remote"] : [])],
    list.map((e) => [
      formatTime(e.time),
      e.type,
      e.code,
      e.severity,
      e.text,
      e.source ?? "",
      ...(remote ? [e.remote ?? ""] : []),
    ]),
    "no alarm events",
  );
}
