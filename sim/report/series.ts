import type { DeviceEvent } from "../../src/role/EventLog.js";
import type { SyncOverview } from "../../src/sync/overview.js";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import { naturalOrder } from "../timelineFold.js";

const USER_REGISTRATION_FAILURE = formatAlarmCode(ALARM.USER_REGISTRATION_FAILURE);

const isAlarm = (e: DeviceEvent): e is Extract<DeviceEvent, { kind: "alarm" | "alarm-cleared" | "alarm-timeout" }> =>
  e.kind === "alarm" || e.kind === "alarm-cleared" || e.kind === "alarm-timeout";

/** One line of a chart: a count that steps at the given times. */
export interface Series {
  readonly name: string;
  /** [virtual ms, value], in time order, one point per instant (the last value at that instant). */
  readonly points: readonly (readonly [number, number])[];
}

/** A chart's data: its title, what the y axis counts, and its lines in a fixed order. */
export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly series: readonly Series[];
}

/** A fault of the run, drawn as a marker on every chart. */
export interface Marker {
  readonly t: number;
  readonly label: string;
}

/**
 * Counts of sets that change with events: each set is named (a Master, a region, a proxy, an alarm code) and holds
 * members (radios, handsets, users, alarm sources); every change at time t records the set's new size at t.
 */
class Tally {
  readonly #sets = new Map<string, Set<string>>();
  readonly #points = new Map<string, [number, number][]>();

  add(t: number, set: string, member: string): void {
    this.#change(t, set, (s) => s.add(member));
  }

  delete(t: number, set: string, member: string): void {
    if (this.#sets.get(set)?.has(member)) this.#change(t, set, (s) => s.delete(member));
  }

  /** Removes a member from every set (it moved, or it stopped). */
  deleteEverywhere(t: number, member: string): void {
    for (const set of [...this.#sets.keys()]) this.delete(t, set, member);
  }

  clear(t: number, set: string): void {
    if ((this.#sets.get(set)?.size ?? 0) > 0) this.#change(t, set, (s) => s.clear());
  }

  /** Removes every member that `drop` selects, from every set. */
  clearWhere(t: number, drop: (member: string) => boolean): void {
    for (const [set, members] of this.#sets) for (const m of [...members]) if (drop(m)) this.delete(t, set, m);
  }

  #change(t: number, set: string, f: (s: Set<string>) => void): void {
    let s = this.#sets.get(set);
    if (s === undefined) {
      s = new Set();
      this.#sets.set(set, s);
      this.#points.set(set, [[0, 0]]);
    }
    f(s);
    const points = this.#points.get(set)!;
    const last = points[points.length - 1]!;
    if (last[0] === t) last[1] = s.size;
    else points.push([t, s.size]);
  }

  series(): Series[] {
    return [...this.#points].sort(([a], [b]) => naturalOrder(a, b)).map(([name, points]) => ({ name, points }));
  }
}

/**
 * What the charts need beyond the events: which region each radio syncs in (from the final Air Sync Overview), and
 * the fleet's PBXs, to name a proxy by its PBX.
 */
export interface SeriesContext {
  readonly sync?: SyncOverview;
  readonly pbx?: readonly { readonly name: string; readonly ip: string }[];
}

/**
 * A user's registration change (§4.6.23): the `registration` event of the SIP detail work of issue 19, developed on
 * a branch beside this one; read through this shape so the chart works as soon as the two meet.
 */
interface RegistrationChange {
  readonly t: number;
  readonly device: string;
  readonly kind: "registration";
  readonly user: string;
  readonly event: string;
  readonly proxy?: string;
}

const isRegistration = (e: { readonly kind: string }): e is RegistrationChange => e.kind === "registration";

/** Users registered per proxy: a user counts at the proxy of its binding from `registered` or `moved` on. */
function registration(e: RegistrationChange, users: Tally, proxyName: (proxy: string) => string): void {
  const member = `${e.device}|${e.user}`;
  if (e.event === "registered" || e.event === "moved") {
    users.deleteEverywhere(e.t, member);
    if (e.proxy !== undefined) users.add(e.t, proxyName(e.proxy), member);
  } else if (e.event === "failed" || e.event === "removed") users.deleteEverywhere(e.t, member);
}

/**
 * The report's charts, replayed from the event log alone (so the same works for a live lab's collected events):
 * radios registered per Master, synchronized radios per sync region (§4.12.1), handsets located per Master (§3.14),
 * users registered per proxy (§4.6.23), users whose SIP registration fails per Master (the sources of 0x00030202),
 * active alarms per code (§6.2). A device that stops takes its radios, handsets and
 * alarms with it (a power cut says goodbye to nobody).
 */
export function reportCharts(events: readonly DeviceEvent[], ctx: SeriesContext = {}): Chart[] {
  const regionOf = new Map<string, string>();
  for (const r of ctx.sync?.regions ?? []) for (const n of r.nodes) regionOf.set(n.name, `region ${r.region}`);
  const radios = new Tally();
  const synced = new Tally();
  const handsets = new Tally();
  const failing = new Tally();
  const users = new Tally();
  const proxyName = (proxy: string) => {
    const pbx = ctx.pbx?.find((p) => proxy.split(":").includes(p.ip));
    return pbx === undefined ? proxy : `${pbx.name} (${proxy})`;
  };
  const alarms = new Tally();
  for (const e of events) {
    const { t } = e;
    switch (e.kind) {
      case "radio-registered":
        radios.add(t, e.device, e.radio);
        break;
      case "radio-unregistered":
        radios.delete(t, e.device, e.radio);
        break;
      case "handset":
        if (e.event === "located" || e.event === "subscribed" || e.event === "assigned") {
          handsets.deleteEverywhere(t, e.ipei);
          handsets.add(t, e.device, e.ipei);
        } else handsets.deleteEverywhere(t, e.ipei);
        break;
      case "alarm":
      case "alarm-cleared":
      case "alarm-timeout": {
        const set = `${e.code} ${e.text}`;
        const member = `${e.device}|${e.source ?? ""}|${e.remote ?? ""}`;
        if (e.kind === "alarm") alarms.add(t, set, member);
        else alarms.delete(t, set, member);
        break;
      }
      case "state":
        if (e.role === "sync") {
          const region = regionOf.get(e.device) ?? "radios";
          if (e.state === "synchronized") synced.add(t, region, e.device);
          else synced.delete(t, region, e.device);
        } else if (e.role === "device" && e.state === "stopped") {
          radios.clear(t, e.device);
          handsets.clear(t, e.device);
          failing.clear(t, e.device);
          users.clearWhere(t, (m) => m.startsWith(`${e.device}|`));
          synced.deleteEverywhere(t, e.device);
          alarms.clearWhere(t, (m) => m.startsWith(`${e.device}|`));
        }
        break;
    }
    if (isRegistration(e)) registration(e, users, proxyName);
    if (isAlarm(e) && e.code === USER_REGISTRATION_FAILURE && e.source !== undefined) {
      if (e.kind === "alarm") failing.add(t, e.device, e.source);
      else failing.delete(t, e.device, e.source);
    }
  }
  return [
    { id: "radios", title: "Radios registered per Master", unit: "radios", series: radios.series() },
    { id: "sync", title: "Synchronized radios per region (§4.12.1)", unit: "radios", series: synced.series() },
    { id: "handsets", title: "Handsets located per Master (§3.14)", unit: "handsets", series: handsets.series() },
    { id: "users", title: "Users registered per proxy (§4.6.23)", unit: "users", series: users.series() },
    {
      id: "failing",
      title: "Users failing to register per Master (0x00030202)",
      unit: "users",
      series: failing.series(),
    },
    { id: "alarms", title: "Active alarms per code (§6.2)", unit: "alarms", series: alarms.series() },
  ];
}

/** The fleet-file faults of the run, for the charts' markers. */
export function faultMarkers(events: readonly DeviceEvent[]): Marker[] {
  return events
    .filter((e) => e.kind === "fault")
    .map((e) => {
      const action = (e as { action?: string }).action ?? "fault";
      return { t: e.t, label: e.device === "network" ? action : `${action} ${e.device}` };
    });
}
