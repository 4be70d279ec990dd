/**
 * Which sequence numbers of one link were taken already (docs/design.md "Device links"). Datagrams may arrive late,
 * twice or out of order, so a datagram link keeps the highest number and a 64-entry sliding window below it (the
 * anti-replay window of RFC 4303 §3.4.3): a number in the window is taken once, one below it is too old. A stream
 * delivers in order, so a stream link takes only numbers above the highest.
 */
export type SeqVerdict = "fresh" | "duplicate" | "too-old";

export const REPLAY_WINDOW = 64;

export class ReplayWindow {
  readonly strict: boolean;
  #top = 0;
  /** Bit i: number top - i was taken (lo: i = 0..31, hi: i = 32..63). */
  #lo = 0;
  #hi = 0;

  /** `strict`: a stream link, numbers must rise. */
  constructor(strict: boolean) {
    this.strict = strict;
  }

  /** Forgets every number taken (a new boot of the peer numbers from 1 again). */
  reset(): void {
    this.#top = this.#lo = this.#hi = 0;
  }

  /** Takes `seq` when it is fresh; says why not otherwise. Numbers start at 1. */
  take(seq: number): SeqVerdict {
    if (seq > this.#top) {
      this.#shift(seq - this.#top);
      this.#top = seq;
      this.#lo |= 1;
      return "fresh";
    }
    const back = this.#top - seq;
    if (this.strict || back >= REPLAY_WINDOW || seq === 0) return back === 0 ? "duplicate" : "too-old";
    const taken = back < 32 ? this.#lo & (1 << back) : this.#hi & (1 << (back - 32));
    if (taken !== 0) return "duplicate";
    if (back < 32) this.#lo |= 1 << back;
    else this.#hi |= 1 << (back - 32);
    return "fresh";
  }

  #shift(d: number): void {
    if (d >= REPLAY_WINDOW) {
      this.#lo = this.#hi = 0;
    } else if (d >= 32) {
      this.#hi = d === 32 ? this.#lo : this.#lo << (d - 32);
      this.#lo = 0;
    } else {
      this.#hi = (this.#hi << d) | (this.#lo >>> (32 - d));
      this.#lo <<= d;
    }
  }
}
