import { DecodeError } from "./errors.js";
import { CoreCode } from "./coreErrors.js";

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const RE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;
/** One year: longer runs or timeouts are a typo, not a plan. */
export const MAX_DURATION_MS = 365 * 24 * 3_600_000;

/** "10m", "90s", "250ms", "1.5h" or a plain number of milliseconds → milliseconds. */
export function parseDuration(value: unknown): number {
  if (typeof value === "number" && value >= 0 && value <= MAX_DURATION_MS) return Math.round(value);
  if (typeof value === "string") {
    const m = RE.exec(value.trim());
    const ms = m === null ? NaN : Math.round(Number(m[1]) * UNITS[m[2]!]!);
    if (ms <= MAX_DURATION_MS) return ms;
  }
  throw new DecodeError(
    CoreCode.DurationInvalid,
    `not a duration: ${JSON.stringify(value)} (use e.g. 250ms, 90s, 10m, 1h; at most a year)`,
  );
}

/** Milliseconds → the shortest exact form, e.g. 600000 → "10m". */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
  ] as const)
    if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
