import type { Fleet } from "../../sim/Fleet.js";

/** How far a long run has come: virtual time reached and asked for, wall time spent, events so far. */
export interface Progress {
  readonly virtualMs: number;
  readonly untilMs: number;
  readonly wallMs: number;
  readonly events: number;
}

/** `sim  83.0 s / 180.0 s virtual (46%)  57.1 s/s  1 234 events`: speed in virtual seconds per real second. */
export function progressLine(p: Progress): string {
  const pct = p.untilMs > 0 ? Math.floor((100 * p.virtualMs) / p.untilMs) : 100;
  const speed = p.wallMs > 0 ? (p.virtualMs / p.wallMs).toFixed(1) : "–";
  const events = String(p.events).replace(/\B(?=(\d{3})+$)/g, " ");
  return `sim ${(p.virtualMs / 1000).toFixed(1)} s / ${(p.untilMs / 1000).toFixed(1)} s virtual (${pct}%)  ${speed} s/s  ${events} events`;
}

/** Virtual time run between two looks at the wall clock. */
const STEP_MS = 1000;
/** How often the line is rewritten, in wall ms: often enough to see it move, rarely enough to cost nothing. */
const REDRAW_MS = 200;

/**
 * Runs the fleet to `untilMs`. With a terminal to draw on (`ipdect sim` passes stderr when it is a TTY), it runs in
 * steps of STEP_MS virtual time and keeps one line up to date (carriage return, erase to the end of the line), erased
 * at the end; without one it runs in one go and prints nothing. The steps change nothing in the run: the clock fires
 * the same timers in the same order whether it stops on the way or not.
 */
export async function runWithProgress(
  fleet: Fleet,
  untilMs: number,
  tty: { write(s: string): unknown } | undefined,
  now: () => number = () => performance.now(),
): Promise<void> {
  if (tty === undefined) return fleet.runUntil(untilMs);
  const started = now();
  let drawn = -Infinity;
  for (let t = Math.min(fleet.now + STEP_MS, untilMs); ; t = Math.min(t + STEP_MS, untilMs)) {
    await fleet.runUntil(t);
    const wall = now();
    if (wall - drawn >= REDRAW_MS || t === untilMs) {
      drawn = wall;
      const line = progressLine({ virtualMs: t, untilMs, wallMs: wall - started, events: fleet.events.events.length });
      tty.write(`\r${line}\x1b[K`);
    }
    if (t >= untilMs) break;
  }
  tty.write("\r\x1b[K");
}
