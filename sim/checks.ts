import type { DeviceEvent } from "../src/role/EventLog.js";

export interface DoubleRegistration {
  readonly t: number;
  readonly radio: string;
  readonly masters: readonly string[];
}

/**
 * Replays an event log and finds every moment a radio was registered to two Masters at once. Masters only register
 * radios while active, and report every release, so this is "registered to two active Masters". A stopped device
 * holds nothing.
 */
export function doubleRegistrations(events: readonly DeviceEvent[]): DoubleRegistration[] {
  const holders = new Map<string, Set<string>>();
  const found: DoubleRegistration[] = [];
  for (const e of events) {
    if (e.kind === "radio-registered") {
      const radio = String(e["radio"]);
      const set = holders.get(radio) ?? new Set<string>();
      set.add(e.device);
      holders.set(radio, set);
      if (set.size > 1) found.push({ t: e.t, radio, masters: [...set].sort() });
    } else if (e.kind === "radio-unregistered") {
      holders.get(String(e["radio"]))?.delete(e.device);
    } else if (e.kind === "state" && e["role"] === "device" && e["state"] === "stopped") {
      for (const set of holders.values()) set.delete(e.device);
    }
  }
  return found;
}
