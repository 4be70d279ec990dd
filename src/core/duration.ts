import { DecodeError } from "./errors.js";
import { CoreCode } from "./coreErrors.js";

const UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
/**
 * One or more `<number><unit>` parts, largest unit first, each unit at most once: `90s`, `5m30s`, `1h2m3.5s`,
 * `5m 30s`, `250ms`. Only the last part may have a fraction, so `1.5h` reads and `1.5h30m` does not.
 */
const PART = /\s*(\d+(?:\.\d+)?)\s*(ms|h|m|s)/y;
/** One year: longer runs or timeouts are a typo, not a plan. */
export const MAX_DURATION_MS = 365 * 24 * 3_600_000;

/**
 * "10m", "90s", "250ms", "1.5h", "5m30s", "1h2m3.5s" or a plain number of milliseconds → milliseconds. `field`
 * (e.g. `--until`) names the option or field in the error.
 */
export function parseDuration(value: unknown, field?: string): number {
  if (typeof value === "number" && value >= 0 && value <= MAX_DURATION_MS) return Math.round(value);
  const ms = typeof value === "string" ? durationText(value.trim()) : NaN;
  if (ms <= MAX_DURATION_MS) return ms;
  throw new DecodeError(
    CoreCode.DurationInvalid,
    `not a duration: ${JSON.stringify(value)} (use e.g. 250ms, 90s, 5m30s, 1h; at most a year)`,
    field === undefined ? {} : { field },
  );
}

/** The milliseconds of a duration text, or NaN when it is not one. */
function durationText(text: string): number {
  const order = Object.keys(UNITS);
  let total = 0;
  let last = -1;
  let fraction = false;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    if (fraction) return NaN;
    const m = PART.exec(text);
    if (m === null) return NaN;
    const rank = order.indexOf(m[2]!);
    if (rank <= last) return NaN;
    last = rank;
    fraction = m[1]!.includes(".");
    total += Number(m[1]) * UNITS[m[2]!]!;
  }
  return last === -1 ? NaN : Math.round(total);
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
