import { ConfigCode } from "./configCodes.js";
import type { FieldReader } from "./FieldReader.js";
import type { Path } from "./Locator.js";
import type { PlainObject } from "./plainObject.js";

/**
 * Largest timing value in milliseconds: timers hold a signed 32-bit delay (Node's setTimeout turns anything
 * larger into 1 ms), about 24.8 days.
 */
export const TIMING_MAX_MS = 2_147_483_647;

/** An optional timing field in whole milliseconds, 1..TIMING_MAX_MS; `fallback` when absent. */
export function readTiming(r: FieldReader, obj: PlainObject, path: Path, fallback: number): number {
  const what = `a positive whole number of milliseconds (at most ${TIMING_MAX_MS})`;
  return r.optional(obj, path, (v, p) => r.integer(v, p, 1, TIMING_MAX_MS, ConfigCode.Timing, what)) ?? fallback;
}
