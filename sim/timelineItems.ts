import type { DeviceEvent } from "../src/role/EventLog.js";

/**
 * One thing a person wants to see in a run's timeline, before repeats are folded (timelineFold.ts): the event's time
 * and device, what happened (`text`), whom it is about (`subject`: a user, a radio, a device) and the `key` that
 * repeats share. Items with the same key differ only in their subject, their time and `ms`.
 */
export interface TimelineItem {
  readonly t: number;
  readonly device: string;
  /** Equal for repeats of one happening; never contains the subject. */
  readonly key: string;
  readonly subject: string;
  readonly text: string;
  /** How long it lasted (a radio's time without a Master), shown as a range when folded. */
  readonly ms?: number;
  /** Said after the duration: what came of it (`then on 127.0.1.2`). Part of the key. */
  readonly then?: string;
}

/**
 * The timeline's items, in event order: faults, Master state changes, alarms and events (§6.2), warnings, commands,
 * certificate changes, the update client's work (App. A), and each radio's time without a Master (from leaving
 * `registered` to registering again).
 */
export function timelineItems(events: readonly DeviceEvent[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const outages = new RadioOutages();
  events.forEach((e, i) => {
    const item = eventItem(e, i) ?? outages.next(e);
    if (item !== undefined) items.push(item);
  });
  return items;
}

function eventItem(e: DeviceEvent, i: number): TimelineItem | undefined {
  const { t, device } = e;
  switch (e.kind) {
    case "fault": {
      const { t: _t, device: _d, kind: _k, ...rest } = e;
      // Each fault of the file is its own line: `i` keeps two equal faults apart.
      return { t, device: "fault", key: `fault|${i}`, subject: "fault", text: `${device}: ${describe(rest)}` };
    }
    case "state":
      if (e.role !== "master") return undefined;
      return single(t, device, `Master ${String(e.mode)} → ${e.state}`);
    case "alarm":
    case "alarm-cleared":
    case "alarm-timeout":
    case "event": {
      // `detail` (0x00030202: the SIP answer and proxy) comes with the SIP detail work of issue 19, beside this one.
      const detail = (e as { readonly detail?: string }).detail;
      const text = `${e.kind} ${e.code} ${e.text}${detail === undefined ? "" : ` — ${detail}`}`;
      // An alarm about a user, proxy or forwarded radio: the device raising it is part of what repeats.
      if (e.source !== undefined || e.remote !== undefined) {
        const about = [e.source, e.remote === undefined ? undefined : `from ${e.remote}`].filter(
          (s) => s !== undefined,
        );
        return { t, device, key: `${device}|${text}`, subject: about.join(" "), text };
      }
      return { t, device, key: text, subject: device, text };
    }
    case "warning":
    case "command":
    case "certificate": {
      const { t: _t, device: _d, kind, ...rest } = e;
      const text = `${kind === "command" ? "" : `${kind} `}${describe(rest)}`;
      return { t, device, key: `${kind}|${text}`, subject: device, text };
    }
    case "update": {
      const { t: _t, device: _d, kind: _k, action, result, ...rest } = e;
      // A poll that fetched the file, and a file whose check serial is done already, change nothing: every interval.
      if ((action === "poll" && result === "done") || (action === "check" && result === "cancelled")) return undefined;
      const details = Object.keys(rest).length === 0 ? "" : ` ${describe(rest)}`;
      const text = `update ${action} ${result}${details}`;
      return { t, device, key: `update|${text}`, subject: device, text };
    }
    case "provisioning": {
      const { t: _t, device: _d, kind: _k, action, result, ...rest } = e;
      // What changes nothing repeats at every check of every device: a check done, a file unchanged, skipped or absent.
      if (QUIET_PROVISIONING.has(result)) return undefined;
      const details = Object.keys(rest).length === 0 ? "" : ` ${describe(rest)}`;
      const text = `provisioning ${action} ${result}${details}`;
      return { t, device, key: `provisioning|${text}`, subject: device, text };
    }
    default:
      return undefined;
  }
}

/** The second dialect's results that change nothing (ProvisioningClient.FileOutcome, a check's `done`). */
const QUIET_PROVISIONING = new Set(["done", "unchanged", "skipped", "not-found"]);

/** An item that folds only with the same text of the same device. */
const single = (t: number, device: string, text: string): TimelineItem => ({
  t,
  device,
  key: `${device}|${text}`,
  subject: device,
  text,
});

const describe = (fields: Record<string, unknown>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");

/**
 * Each radio's time without a Master: a registered radio left `registered` (searching, connecting, pending: its Master
 * stopped, handed it back or refused it) and registered again, to the Master named in the item. A radio's first
 * registration after its start is not an outage, so a radio that is itself stopped starts afresh.
 */
class RadioOutages {
  /** Radios registered since their start, and when each left `registered` (undefined while it is registered). */
  readonly #since = new Map<string, number | undefined>();

  next(e: DeviceEvent): TimelineItem | undefined {
    if (e.kind !== "state") return undefined;
    if (e.role === "device" && e.state === "stopped") this.#since.delete(e.device);
    if (e.role !== "radio") return undefined;
    const lost = this.#since.get(e.device);
    if (e.state !== "registered") {
      if (this.#since.has(e.device) && lost === undefined) this.#since.set(e.device, e.t);
      return undefined;
    }
    this.#since.set(e.device, undefined);
    if (lost === undefined) return undefined;
    const then = `then on ${e.master ?? "?"}`;
    const text = "radio without a Master";
    return { t: e.t, device: e.device, key: `outage|${then}`, subject: e.device, text, ms: e.t - lost, then };
  }
}
