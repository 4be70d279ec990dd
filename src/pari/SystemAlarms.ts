import { createActor, type Actor } from "xstate";
import { formatAlarmCode } from "../core/alarms/index.js";
import type { Clock } from "../core/Clock.js";
import type { Alarms } from "../role/Alarms.js";
import type { AlarmReport, ForwardedChange } from "./events.js";
import { remoteAlarmsMachine } from "./remoteAlarms.machine.js";

/** What the PARI Master keeps of one radio that forwards its alarms. */
interface Remote {
  /** The radio's address: the Remote of its alarms (§4.23.3). */
  ip: string;
  bootedAt: number;
  /** Its active alarms, code and source, by `code/source`. */
  readonly alarms: Map<string, { readonly code: string; readonly source: string }>;
  readonly chart: Actor<typeof remoteAlarmsMachine>;
}

const keyOf = (c: { code: number; source: string }) => `${formatAlarmCode(c.code)}/${c.source}`;
/** A forwarded alarm without a source has none in the table either (the radio's own key). */
const sourceOf = (source: string): string | undefined => (source === "" ? undefined : source);

/**
 * The system alarm list of a PARI Master (§4.23.3 "An IP-DECT Master can collect alarms from Radios and it can display
 * all active alarms in the system"): the alarms radios forward (§4.6.33) go into the device's alarm table with the
 * radio's address as Remote. A radio that restarted (a new boot time) has its old alarms cleared; one that is removed
 * has them cleared 30 minutes later by its chart (remoteAlarms.machine.ts), on the device's clock.
 */
export class SystemAlarms {
  readonly #alarms: Alarms;
  readonly #clock: Clock;
  readonly #remotes = new Map<string, Remote>();

  constructor(alarms: Alarms, clock: Clock) {
    this.#alarms = alarms;
    this.#clock = clock;
  }

  /** A radio's report: a restart or a new address clears what it had, a full report replaces the set. */
  report(r: AlarmReport): void {
    const ip = r.from.ip;
    let remote = this.#remotes.get(r.mac);
    if (remote !== undefined && (remote.bootedAt !== r.bootedAt || remote.ip !== ip)) {
      // §4.23.3: "Active alarms are also cleared if the related object is restarted."
      this.#clearAll(remote, "alarm-cleared");
      remote.ip = ip;
      remote.bootedAt = r.bootedAt;
    }
    remote ??= this.#add(r.mac, ip, r.bootedAt);
    remote.chart.send({ type: "reported" });
    if (r.full) {
      const listed = new Set(r.changes.map(keyOf));
      for (const [key, a] of remote.alarms)
        if (!listed.has(key)) this.#clear(remote, key, a.code, a.source, "alarm-cleared");
    }
    for (const c of r.changes) this.#apply(remote, c);
  }

  /** The radio was deleted, or stopped reporting (its connection was lost): its alarms time out (§4.23.3). */
  removed(mac: string): void {
    this.#remotes.get(mac)?.chart.send({ type: "removed" });
  }

  /** The device stops: the charts stop with it (the alarm table itself is the device's). */
  close(): void {
    for (const r of this.#remotes.values()) r.chart.stop();
    this.#remotes.clear();
  }

  #add(mac: string, ip: string, bootedAt: number): Remote {
    const chart = createActor(remoteAlarmsMachine, {
      clock: this.#clock,
      input: { timedOut: () => this.#timedOut(mac) },
    });
    const remote: Remote = { ip, bootedAt, alarms: new Map(), chart };
    this.#remotes.set(mac, remote);
    chart.start();
    return remote;
  }

  #timedOut(mac: string): void {
    const remote = this.#remotes.get(mac);
    if (remote === undefined) return;
    this.#clearAll(remote, "alarm-timeout");
    this.#remotes.delete(mac);
  }

  #apply(remote: Remote, c: ForwardedChange): void {
    const key = keyOf(c);
    if (!c.raised) {
      const a = remote.alarms.get(key);
      if (a !== undefined) this.#clear(remote, key, a.code, a.source, "alarm-cleared");
      return;
    }
    if (remote.alarms.has(key)) return;
    remote.alarms.set(key, { code: formatAlarmCode(c.code), source: c.source });
    this.#alarms.raiseRemote(remote.ip, c.code, sourceOf(c.source), c.time);
  }

  #clear(remote: Remote, key: string, code: string, source: string, how: "alarm-cleared" | "alarm-timeout"): void {
    remote.alarms.delete(key);
    this.#alarms.clearRemote(remote.ip, code, sourceOf(source), how);
  }

  #clearAll(remote: Remote, how: "alarm-cleared" | "alarm-timeout"): void {
    for (const [key, a] of remote.alarms) this.#clear(remote, key, a.code, a.source, how);
  }
}
