import { formatAlarmCode, lookupAlarm } from "../core/alarms/index.js";
import type { Emit, EventFields } from "./EventLog.js";

export interface ActiveAlarm {
  readonly code: string;
  readonly severity: string;
  readonly text: string;
  readonly source?: string;
  readonly since: number;
  /** The address of the device that reported it (§4.23.3 "Remote"); absent for the device's own alarms. */
  readonly remote?: string;
  /** What the §6.2 title leaves out, e.g. the SIP answer and proxy of 0x00030202. */
  readonly detail?: string;
}

/** The four types of an entry under Diagnostics → Events (§4.23.4). */
export type EventType = "alarm" | "alarm-cleared" | "alarm-timeout" | "error";

/** One entry of the event history (§4.23.4): when the alarm or error was issued or cleared, and what it was. */
export interface HistoryEntry {
  readonly time: number;
  readonly type: EventType;
  readonly code: string;
  readonly severity: string;
  readonly text: string;
  readonly source?: string;
  readonly remote?: string;
}

/** A raise or clear of one of the device's own alarms, for whoever forwards them (§4.6.33). */
export interface AlarmChange {
  readonly code: number;
  readonly source: string;
  readonly raised: boolean;
  readonly time: number;
}

/**
 * How many entries the event history keeps; the oldest go first. §4.23.4 gives no number; a Master with 2047 radios
 * forwarding their alarms fills it in one bad minute, and the syslog and SNMP outputs keep the full story.
 */
export const EVENT_HISTORY_MAX = 1000;

const keyOf = (code: string, source: string | undefined, remote: string | undefined) =>
  `${remote ?? ""}/${code}/${source ?? ""}`;

/** The event fields of an alarm: the §6.2 entry, its source and where it came from. */
function fieldsOf(a: ActiveAlarm): EventFields["alarm"] {
  return {
    code: a.code,
    severity: a.severity,
    text: a.text,
    ...(a.source === undefined ? {} : { source: a.source }),
    ...(a.remote === undefined ? {} : { remote: a.remote }),
    ...(a.detail === undefined ? {} : { detail: a.detail }),
  };
}

/**
 * A device's alarm table (manual 003 §4.23.3) and event history (§4.23.4). Codes come from the §6.2 catalog; an
 * alarm is keyed by code and source, so "Connection to Radio lost" can be active for several radios at once. On a
 * PARI Master the table also holds the alarms radios forward (system alarms), keyed by their Remote as well.
 */
export class Alarms {
  readonly #emit: Emit;
  readonly #now: () => number;
  readonly #active = new Map<string, ActiveAlarm>();
  readonly #history: HistoryEntry[] = [];
  readonly #listeners = new Set<(change: AlarmChange) => void>();
  #silenced = false;

  constructor(emit: Emit, now: () => number) {
    this.#emit = emit;
    this.#now = now;
  }

  /**
   * The device is powering off: the table stays as it was, and what its own teardown would raise or clear (closed
   * sockets, registrations dropped) is not reported. A device switched off tells nobody; its alarms were active to
   * the end (a sim run's report lists them).
   */
  silence(): void {
    this.#silenced = true;
  }

  /** Raises `code` for `source`; `detail` says what the §6.2 title leaves out (kept from this raise until the clear). */
  raise(code: number, source?: string, detail?: string): void {
    if (!this.#raise(code, source, undefined, this.#now(), detail)) return;
    for (const l of this.#listeners) l({ code, source: source ?? "", raised: true, time: this.#now() });
  }

  clear(code: number, source?: string): void {
    if (!this.#clear(formatAlarmCode(code), source, undefined, "alarm-cleared")) return;
    for (const l of this.#listeners) l({ code, source: source ?? "", raised: false, time: this.#now() });
  }

  /** An alarm a radio forwarded (§4.6.33), raised at `since` on the radio's clock; false if it was already active. */
  raiseRemote(remote: string, code: number, source: string | undefined, since: number): boolean {
    return this.#raise(code, source, remote, since);
  }

  /** A forwarded alarm cleared by its radio, or after its radio was removed or restarted (`alarm-timeout`, §4.23.3). */
  clearRemote(remote: string, code: string, source: string | undefined, how: "alarm-cleared" | "alarm-timeout"): void {
    this.#clear(code, source, remote, how);
  }

  /** A one-off entry (§4.23.4 type "Error"), e.g. 0x00030206 "Master active". */
  event(code: number, fields: Pick<EventFields["event"], "term" | "reason"> = {}): void {
    const entry = lookupAlarm(code);
    const text = formatAlarmCode(code);
    this.#record({ time: this.#now(), type: "error", code: text, severity: entry.severity, text: entry.title });
    this.#emit("event", { code: text, severity: entry.severity, text: entry.title, ...fields });
  }

  /** Calls `listener` on every raise and clear of the device's own alarms; returns the function that stops it. */
  onChange(listener: (change: AlarmChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The device's own active alarms. */
  active(): ActiveAlarm[] {
    return [...this.#active.values()].filter((a) => a.remote === undefined);
  }

  /** Every active alarm of the system (§4.23.3): this device's and those its radios forward. */
  system(): ActiveAlarm[] {
    return [...this.#active.values()];
  }

  /** The event history (§4.23.4), oldest first. */
  history(): HistoryEntry[] {
    return [...this.#history];
  }

  /** "Clear" under Diagnostics → Events (§4.23.4): the history goes; active alarms stay active. */
  clearHistory(): number {
    const n = this.#history.length;
    this.#history.length = 0;
    this.#emit("command", { command: "alarm-events-clear", result: "cleared", count: n });
    return n;
  }

  #raise(
    code: number,
    source: string | undefined,
    remote: string | undefined,
    since: number,
    detail?: string,
  ): boolean {
    if (this.#silenced) return false;
    const text = formatAlarmCode(code);
    const key = keyOf(text, source, remote);
    if (this.#active.has(key)) return false;
    const entry = lookupAlarm(code);
    const alarm: ActiveAlarm = {
      code: text,
      severity: entry.severity,
      text: entry.title,
      ...(source === undefined ? {} : { source }),
      since,
      ...(remote === undefined ? {} : { remote }),
      ...(detail === undefined ? {} : { detail }),
    };
    this.#active.set(key, alarm);
    this.#record({ time: since, type: "alarm", ...fieldsOf(alarm) });
    this.#emit("alarm", fieldsOf(alarm));
    return true;
  }

  #clear(code: string, source: string | undefined, remote: string | undefined, how: EventType): boolean {
    const key = keyOf(code, source, remote);
    const alarm = this.#active.get(key);
    if (alarm === undefined || this.#silenced) return false;
    this.#active.delete(key);
    this.#record({ time: this.#now(), type: how, ...fieldsOf(alarm) });
    this.#emit(how === "alarm-timeout" ? "alarm-timeout" : "alarm-cleared", fieldsOf(alarm));
    return true;
  }

  #record(entry: HistoryEntry): void {
    if (this.#history.length >= EVENT_HISTORY_MAX) this.#history.shift();
    this.#history.push(entry);
  }
}
