import { formatAlarmCode, lookupAlarm } from "../core/alarms/index.js";
import type { Emit, EventFields } from "./EventLog.js";

export interface ActiveAlarm {
  readonly code: string;
  readonly severity: string;
  readonly text: string;
  readonly source?: string;
  readonly since: number;
}

/**
 * A device's alarm table (manual 003 §4.23.3) and event history feed (§4.23.4). Codes come from the §6.2 catalog;
 * an alarm is keyed by code and source, so "Connection to Radio lost" can be active for several radios at once.
 */
export class Alarms {
  readonly #emit: Emit;
  readonly #now: () => number;
  readonly #active = new Map<string, ActiveAlarm>();

  constructor(emit: Emit, now: () => number) {
    this.#emit = emit;
    this.#now = now;
  }

  raise(code: number, source?: string): void {
    const key = `${code}/${source ?? ""}`;
    if (this.#active.has(key)) return;
    const entry = lookupAlarm(code);
    const alarm: ActiveAlarm = {
      code: formatAlarmCode(code),
      severity: entry.severity,
      text: entry.title,
      ...(source === undefined ? {} : { source }),
      since: this.#now(),
    };
    this.#active.set(key, alarm);
    this.#emit("alarm", {
      code: alarm.code,
      severity: alarm.severity,
      text: alarm.text,
      ...(source === undefined ? {} : { source }),
    });
  }

  clear(code: number, source?: string): void {
    const key = `${code}/${source ?? ""}`;
    const alarm = this.#active.get(key);
    if (alarm === undefined) return;
    this.#active.delete(key);
    this.#emit("alarm-cleared", {
      code: alarm.code,
      severity: alarm.severity,
      text: alarm.text,
      ...(source === undefined ? {} : { source }),
    });
  }

  /** A one-off entry (§4.23.4), e.g. 0x00030206 "Master active". */
  event(code: number, fields: Pick<EventFields["event"], "term" | "reason"> = {}): void {
    const entry = lookupAlarm(code);
    this.#emit("event", { code: formatAlarmCode(code), severity: entry.severity, text: entry.title, ...fields });
  }

  active(): ActiveAlarm[] {
    return [...this.#active.values()];
  }
}
