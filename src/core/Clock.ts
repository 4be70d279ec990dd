/** Opaque handle of a pending timer. */
export type TimerHandle = { readonly __timer: unique symbol } | number | object;

/**
 * Time as a device sees it. The real world hands in the system clock (platform/node); the sim world hands in one
 * VirtualClock per fleet. The same object is given to XState as its `clock`, so machine delays and every other timer
 * (heartbeats, probes, retransmits) run on one time base (ARCHITECTURE.md "One clock per fleet").
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
