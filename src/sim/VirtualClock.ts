import type { Clock, TimerHandle } from "../core/Clock.js";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for a whole fleet (ARCHITECTURE.md "One clock per fleet"). It is handed to XState as the actors'
 * `clock` and to every other timer user, so one deadline-ordered queue drives everything. Ties fire in the order the
 * timers were set, which keeps runs byte-for-byte reproducible.
 */
export class VirtualClock implements Clock {
  #now = 0;
  #seq = 0;
  readonly #heap: Timer[] = [];

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#push(t);
    return t;
  }

  clearTimeout(handle: TimerHandle): void {
    (handle as Timer).cancelled = true;
  }

  /** Timers still pending (cancelled ones excluded lazily). */
  get pending(): number {
    return this.#heap.filter((t) => !t.cancelled).length;
  }

  /**
   * Fires timers in deadline order until virtual time `until`, then sets the clock to `until`. `settle` runs after
   * every callback so promise chains started by it (store writes, async actors) finish before time moves on.
   */
  async runUntil(until: number, settle: () => Promise<void>): Promise<void> {
    for (;;) {
      const next = this.#peek();
      if (next === undefined || next.at > until) break;
      this.#pop();
      this.#now = next.at;
      next.fn();
      await settle();
    }
    this.#now = Math.max(this.#now, until);
  }

  #peek(): Timer | undefined {
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) this.#pop();
    return this.#heap[0];
  }

  #less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(t: Timer): void {
    const h = this.#heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.#less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
