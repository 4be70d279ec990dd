/** Opaque handle of a pending timer. */
export type TimerHandle = { readonly __timer: unique symbol } | number | object;

/**
 * Time as a device sees it. The real world hands in the system clock (platform/node); the sim world hands in one
 * VirtualClock per fleet. The same object is given to XState as its `clock`, so machine delays and every other timer
 * (heartbeats, probes, retransmits) run on one time base (docs/architecture.md "One clock per fleet").
 */
export interface Clock {
  /** Milliseconds: wall time since the epoch (node world) or virtual time since the fleet started (sim world). */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Repeats `fn` every `ms` until the returned function is called. */
export function every(clock: Clock, ms: number, fn: () => void): () => void {
  let handle: TimerHandle | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    handle = clock.setTimeout(tick, ms);
    fn();
  };
  handle = clock.setTimeout(tick, ms);
  return () => {
    stopped = true;
    if (handle !== undefined) clock.clearTimeout(handle);
  };
}

/**
 * Calls `expired` once the time `until()` has passed. `until` may move later while waiting (a lease renewed, an
 * answer received): it is read again when the timer fires and the timer re-armed, so renewals cost nothing. While
 * `until()` is Infinity it is re-read every `idleMs`. Returns a function that cancels the watch.
 */
export function watchDeadline(clock: Clock, until: () => number, expired: () => void, idleMs = 1000): () => void {
  let handle: TimerHandle | undefined;
  const arm = () => {
    const at = until();
    const wait = at === Infinity ? idleMs : at - clock.now();
    if (wait <= 0) {
      handle = undefined;
      expired();
    } else handle = clock.setTimeout(arm, wait);
  };
  arm();
  return () => {
    if (handle !== undefined) clock.clearTimeout(handle);
  };
}

/**
 * Calls `due` each time `next()` has passed, for a table of deadlines that only move later (leases: one timer for
 * all of them). `next` is read again after each call, at least 1 ms later should `due` not have moved it; while it is
 * Infinity it is re-read every `idleMs`. Returns a function that cancels the watch.
 */
export function watchDeadlines(clock: Clock, next: () => number, due: () => void, idleMs: number): () => void {
  let handle: TimerHandle | undefined;
  const arm = () => {
    if (next() <= clock.now()) due();
    const at = next();
    handle = clock.setTimeout(arm, at === Infinity ? idleMs : Math.max(1, at - clock.now()));
  };
  arm();
  return () => {
    if (handle !== undefined) clock.clearTimeout(handle);
  };
}
