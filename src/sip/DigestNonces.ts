import type { Clock } from "../core/Clock.js";
import { randomHex, type Rng } from "../core/Rng.js";

/** How long a nonce may be used; after it a correct digest is answered with stale=true (RFC 2617 §3.2.1, §3.3). */
export const NONCE_LIFETIME_MS = 30_000;

/** At most this many nonces are remembered, oldest dropped first, so a flood of challenges cannot grow memory. */
export const MAX_NONCES = 10_000;

/** The nonces a registrar has handed out (RFC 2617 §3.2.1: the server chooses and checks them), 128 random bits each. */
export class DigestNonces {
  readonly #clock: Clock;
  readonly #rng: Rng;
  /** nonce → time issued, in the order issued. */
  readonly #issued = new Map<string, number>();

  constructor(clock: Clock, rng: Rng) {
    this.#clock = clock;
    this.#rng = rng;
  }

  issue(): string {
    const now = this.#clock.now();
    for (const [nonce, at] of this.#issued) {
      if (now - at < NONCE_LIFETIME_MS && this.#issued.size < MAX_NONCES) break;
      this.#issued.delete(nonce);
    }
    const nonce = randomHex(this.#rng, 32);
    this.#issued.set(nonce, now);
    return nonce;
  }

  /** Whether `nonce` was issued here less than NONCE_LIFETIME_MS ago. */
  isFresh(nonce: string): boolean {
    const at = this.#issued.get(nonce);
    return at !== undefined && this.#clock.now() - at < NONCE_LIFETIME_MS;
  }
}
