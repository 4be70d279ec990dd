const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * How long from `now` (device clock ms) until the next `HH:MM` of the day (seed 002 "check → time": "a certain
 * checking time for each day"), strictly later than now, so a check at 10:00 that ends within the minute is next due
 * tomorrow at 10:00. The device models no time zone (core/timeText.ts): its local time is UTC.
 */
export function msUntilTimeOfDay(now: number, time: string): number {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const at = (h * 60 + m) * MINUTE_MS;
  const sinceMidnight = ((now % DAY_MS) + DAY_MS) % DAY_MS;
  const ms = at - sinceMidnight;
  return ms > 0 ? ms : ms + DAY_MS;
}

/** Seed 002 "check → interval": minutes between polls; 0 is no periodic polling (undefined). */
export function intervalMs(minutes: number): number | undefined {
  return minutes > 0 ? minutes * MINUTE_MS : undefined;
}
