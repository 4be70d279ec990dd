import type { Clock, TimerHandle } from "../src/core/Clock.js";

/**
 * One entry of the clock's queue. `setTimeout` wraps its callback in one; the sim's network schedules each frame
 * delivery as a Timer of its own (`schedule`), one object per frame instead of a timer, a closure and its context.
 */
export abstract class Timer {
  /** Virtual time it is due, set by `schedule`. */
  at = 0;
  cancelled = false;
  abstract fire(): void;
}

class Callback extends Timer {
  readonly #fn: () => void;

  constructor(fn: () => void) {
    super();
    this.#fn = fn;
  }

  fire(): void {
    this.#fn();
  }
}

/**
 * Calls `next` once the promise chains queued so far have run (platform/node/settle.ts `afterChains`). It returns
 * `undefined`, not `void`, so that a promise-returning function (the old `settle`, an `async () => {}`) is a type
 * error here rather than a runner that never takes its next step.
 */
export type AfterChains = ((next: () => void) => undefined) & {
  /**
   * Whether no promise chain can have been started since the last call (which starts a new watch); absent, every
   * callback is followed by an afterChains step.
   */
  readonly quiet?: () => boolean;
};

/** At most this many timers fire back to back without an afterChains step, so its event-loop turns still come. */
const BURST = 64;

/** The timers due at one virtual time, in the order they were set; `next` is the first not yet fired. */
interface Bucket {
  readonly timers: Timer[];
  next: number;
}

/**
 * Virtual time for a whole fleet (docs/architecture.md "One clock per fleet"). It is handed to XState as the actors'
 * `clock` and to every other timer user, so one deadline-ordered queue drives everything. Ties fire in the order the
 * timers were set, which keeps runs byte-for-byte reproducible.
 *
 * The queue is a bucket per deadline (timers appended in the order set) and a min-heap of the deadlines. A big fleet
 * has many timers due in the same millisecond, so setting one is mostly an append, and the heap orders plain numbers.
 */
export class VirtualClock implements Clock {
  #now = 0;
  readonly #buckets = new Map<number, Bucket>();
  /** Deadlines that have a bucket, as a binary min-heap. */
  readonly #times: number[] = [];

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.schedule(new Callback(fn), ms);
  }

  /** Queues `t` to fire in `ms` (at once for `ms` ≤ 0), after every timer already due then; returns it. */
  schedule<T extends Timer>(t: T, ms: number): T {
    t.at = this.#now + Math.max(0, ms);
    let bucket = this.#buckets.get(t.at);
    if (bucket === undefined) {
      bucket = { timers: [], next: 0 };
      this.#buckets.set(t.at, bucket);
      this.#pushTime(t.at);
    }
    bucket.timers.push(t);
    return t;
  }

  clearTimeout(handle: TimerHandle): void {
    (handle as Timer).cancelled = true;
  }

  /** Timers still pending (cancelled ones excluded lazily). */
  get pending(): number {
    let n = 0;
    for (const b of this.#buckets.values())
      for (let i = b.next; i < b.timers.length; i++) if (!b.timers[i]!.cancelled) n++;
    return n;
  }

  /**
   * Fires timers in deadline order until virtual time `until`, then sets the clock to `until`. After every callback
   * the next one waits for `afterChains` (platform/node/settle.ts), so promise chains started by it (store writes,
   * async actors) finish before time moves on; a callback after which `afterChains.quiet` says no chain can have
   * started is followed at once by the next (up to BURST in a row). Rejects with what a callback threw.
   */
  runUntil(until: number, afterChains: AfterChains): Promise<void> {
    const quiet = afterChains.quiet;
    return new Promise((resolve, reject) => {
      const step = (): void => {
        try {
          for (let fired = 0; ;) {
            const next = this.#take(until);
            if (next === undefined) {
              this.#now = Math.max(this.#now, until);
              return resolve();
            }
            this.#now = next.at;
            quiet?.();
            next.fire();
            if (++fired === BURST || quiet?.() !== true) break;
          }
        } catch (err) {
          return reject(err as Error);
        }
        afterChains(step);
      };
      step();
    });
  }

  /** Removes and returns the next live timer due by `until`. A timer set meanwhile for `now` joins the bucket's end. */
  #take(until: number): Timer | undefined {
    for (;;) {
      const at = this.#times[0];
      if (at === undefined || at > until) return undefined;
      const bucket = this.#buckets.get(at)!;
      while (bucket.next < bucket.timers.length) {
        const t = bucket.timers[bucket.next++]!;
        if (!t.cancelled) return t;
      }
      this.#buckets.delete(at);
      this.#popTime();
    }
  }

  #pushTime(at: number): void {
    const h = this.#times;
    let i = h.length;
    h.push(at);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]! <= at) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = at;
  }

  #popTime(): void {
    const h = this.#times;
    const last = h.pop()!;
    const n = h.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && h[r]! < h[l]! ? r : l;
      if (h[m]! >= last) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
  }
}
