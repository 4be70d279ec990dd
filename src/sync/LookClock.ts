import type { Clock, TimerHandle } from "../core/Clock.js";

interface Timer {
  readonly at: number;
  readonly fn: () => void;
}

/**
 * The clock of the radio sync chart (docs/design.md "Radio side"). A radio knows the air only from its looks, one per
 * PARI keep-alive, so its chart's deadlines — a sync master listening 30 s, 9 minutes without a source, the scheduled
 * resync — are XState delays on this clock, which catches up with the device's clock whenever the chart is about to
 * get an event. A deadline so passes at its own time, just before the look (or instruction) that first comes after
 * it: when the radio would notice. A radio that stops (its PARI client ends) leaves no timer behind.
 */
export class LookClock implements Clock {
  #now: number;
  /** Pending timers in deadline order, ties in the order they were set. */
  readonly #timers: Timer[] = [];

  constructor(now: number) {
    this.#now = now;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t: Timer = { at: this.#now + Math.max(0, ms), fn };
    let i = this.#timers.length;
    while (i > 0 && this.#timers[i - 1]!.at > t.at) i--;
    this.#timers.splice(i, 0, t);
    return t;
  }

  clearTimeout(handle: TimerHandle): void {
    const i = this.#timers.indexOf(handle as Timer);
    if (i >= 0) this.#timers.splice(i, 1);
  }

  /**
   * Lets time pass up to `t`: each timer due by then fires in deadline order, the clock reading its deadline. Returns
   * whether any fired.
   */
  catchUp(t: number): boolean {
    let fired = false;
    for (let next = this.#timers[0]; next !== undefined && next.at <= t; next = this.#timers[0]) {
      this.#timers.shift();
      this.#now = next.at;
      next.fn();
      fired = true;
    }
    this.#now = Math.max(this.#now, t);
    return fired;
  }
}
