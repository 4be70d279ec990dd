/** Every this many calls, settle takes a full event-loop turn (see below). */
const TURN_EVERY = 1024;
let calls = 0;
const resolved = Promise.resolve();

/**
 * Resolves once every promise chain queued so far has run to its end: the sim's VirtualClock awaits it after each
 * timer callback, so that store writes and async device work started by the callback finish before time moves on.
 *
 * Node runs `process.nextTick` callbacks only after the microtask queue is empty, including microtasks queued while
 * it drains; so a tick queued from a microtask resolves after every promise chain queued before it, like a macrotask
 * turn (setImmediate) does but at about a third of the cost, which a fleet pays for every frame. Every TURN_EVERY
 * calls it does take a macrotask turn, so that I/O and real timers (output streams, test timeouts) are not starved
 * while a long run goes on; the sim's own state never waits on them.
 */
export function settle(): Promise<void> {
  if (++calls % TURN_EVERY === 0) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => void resolved.then(() => process.nextTick(resolve)));
}
