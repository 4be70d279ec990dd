import type { Device } from "../device/Device.js";
import type { DeviceEvent, LoginAction } from "../role/EventLog.js";
import type { ApiResponse } from "./route.js";

/**
 * How long the answer of a GET whose command says so (`maxAgeMs`) is served again (docs/design.md "Management API
 * under load"). GET /api/status of a PARI Master with 1023 radios is about 900 kB of JSON, about 10 ms to build and
 * 5 ms to write out; 200 clients polling it every second would need two cores (bench/apiLoad.ts). Like the SNMP
 * agent's view (snmp/ViewCache.ts, 1 s), an answer is at most this old on the device's clock; an event of the device
 * (lastChange) or a command that changes it ends it at once, so what a caller did or the device reported is seen by
 * the next GET.
 */
export const ANSWER_MAX_AGE_MS = 1000;

interface Kept {
  readonly builtAt: number;
  /** The device's newest event when the answer was built: a newer one means something changed. */
  readonly lastEvent: DeviceEvent | undefined;
  readonly answer: Promise<ApiResponse>;
}

/**
 * Login attempts and ends of sessions change nothing an answer shows, and every HTTP Basic request is a login that
 * the device logs (§3.4.5.1): they must not end a kept answer, or polling with Basic would build every answer anew.
 */
const ATTEMPTS: ReadonlySet<LoginAction> = new Set(["ok", "failed", "blocked", "refused", "logout", "idle-logout"]);

/** The newest of `events` (oldest first) that may change an answer. */
export function lastChange(events: readonly DeviceEvent[]): DeviceEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind !== "login" || !ATTEMPTS.has(e.action)) return e;
  }
  return undefined;
}

/** Per device, by command and query. */
const kept = new WeakMap<Device, Map<string, Kept>>();

/**
 * The kept answer for `key` while it is fresh, else a new one from `build` (kept when it succeeds). Requests that
 * arrive while an answer is built share it.
 */
export function keptAnswer(
  device: Device,
  key: string,
  lastEvent: DeviceEvent | undefined,
  maxAgeMs: number,
  build: () => Promise<ApiResponse>,
): Promise<ApiResponse> {
  const now = device.env.clock.now();
  let mine = kept.get(device);
  if (mine === undefined) kept.set(device, (mine = new Map()));
  const k = mine.get(key);
  // A clock set back (the system clock of a real node) cannot tell the age: build anew.
  if (k !== undefined && k.lastEvent === lastEvent && now >= k.builtAt && now - k.builtAt < maxAgeMs) return k.answer;
  const entry: Kept = { builtAt: now, lastEvent, answer: build() };
  mine.set(key, entry);
  const drop = () => (mine.get(key) === entry ? mine.delete(key) : undefined);
  entry.answer.then((a) => (a.status === 200 ? undefined : drop()), drop);
  return entry.answer;
}

/** A command changed something on `device`: every kept answer of it ends. */
export function forgetAnswers(device: Device): void {
  kept.delete(device);
}
