import type { Clock, TimerHandle } from "../../core/Clock.js";

/** Wall-clock time for real nodes. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h: TimerHandle) => clearTimeout(h as NodeJS.Timeout),
};
