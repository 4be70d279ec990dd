import { promiseHooks } from "node:v8";

/** Every this many calls, afterChains takes a full event-loop turn (see below). */
const TURN_EVERY = 1024;
let calls = 0;
/** A promise was made or settled since `quiet` last looked (true until the hooks run: nothing known yet). */
let stirred = true;
let hooked = false;
const stir = (): void => {
  stirred = true;
};

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
export function afterChains(next: () => void): undefined {
  if (++calls % TURN_EVERY === 0) setImmediate(next);
  else queueMicrotask(() => process.nextTick(next));
}

/**
 * Whether no promise was made or settled since the last call, which then starts a new watch. The sim's clock asks
 * around each timer callback: a callback that made or settled none (a frame delivered and answered, a heartbeat
 * tick) left no chain behind, so the next timer may fire without an afterChains step, which a fleet would otherwise
 * pay per frame (docs/performance.md "Sim speed"). The watch is V8's promise hooks (`init` covers new promises and
 * async calls, `settled` covers resolving one made earlier, whose awaiting continuation then runs). They are turned
 * on at the first call, so a process that never runs virtual time (a real node) never pays for them. Work deferred
 * with queueMicrotask or process.nextTick and no promise is not seen: device code does not defer that way.
 */
afterChains.quiet = (): boolean => {
  if (!hooked) {
    hooked = true;
    promiseHooks.createHook({ init: stir, settled: stir });
  }
  const quiet = !stirred;
  stirred = false;
  return quiet;
};
