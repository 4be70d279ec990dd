/** Every this many calls, afterChains takes a full event-loop turn (see below). */
const TURN_EVERY = 1024;
let calls = 0;

/**
 * Calls `next` once every promise chain queued so far has run to its end: the sim's VirtualClock hands it each step
 * after a timer callback, so that store writes and async device work started by the callback finish before time
 * moves on.
 *
 * Node runs `process.nextTick` callbacks only after the microtask queue is empty, including microtasks queued while
 * it drains; so a tick queued from a microtask runs after every promise chain queued before it, like a macrotask turn
 * (setImmediate) does but at about a third of the cost, which a fleet pays for every frame. A callback rather than a
 * promise: no promise, resolver and await resumption per step (docs/performance.md "Device links"). Every TURN_EVERY
 * calls it does take a macrotask turn, so that I/O and real timers (output streams, test timeouts) are not starved
 * while a long run goes on; the sim's own state never waits on them.
 */
export function afterChains(next: () => void): void {
  if (++calls % TURN_EVERY === 0) setImmediate(next);
  else queueMicrotask(() => process.nextTick(next));
}
