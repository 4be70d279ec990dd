import type { SipSource } from "./received.js";

/** A contact bound to an address-of-record (RFC 3261 §10.3). `expiresAt` is Clock time in ms. */
export interface Binding {
  readonly aor: string;
  readonly contact: string;
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
  readonly instance?: string;
  readonly regId?: string;
  readonly source: SipSource;
}

/**
 * One Contact of a REGISTER, ready to apply: `key` says which binding it is (the same key replaces), `expires` in
 * seconds (0 removes).
 */
export interface BindingChange {
  readonly key: string;
  readonly contact: string;
  readonly expires: number;
  readonly instance?: string;
  readonly regId?: string;
}

/** Who asks: the Call-ID and CSeq number of the REGISTER (RFC 3261 §10.3 step 7) and its source. */
export interface RegisterOrigin {
  readonly callId: string;
  readonly cseq: number;
  readonly source: SipSource;
}

/** The location service of a registrar: bindings per AOR, keyed, in the order first bound. */
export class BindingTable {
  readonly #byAor = new Map<string, Map<string, Binding>>();

  /** The unexpired bindings, of `aor` or of all; expired ones are dropped on the way. */
  list(now: number, aor?: string): Binding[] {
    const aors = aor === undefined ? [...this.#byAor.keys()] : [aor];
    return aors.flatMap((a) => [...this.#live(a, now).values()]);
  }

  /**
   * Applies all changes or none (RFC 3261 §10.3 step 8: atomic). A change to a binding made with the same Call-ID
   * and a CSeq not lower than the request's aborts everything (step 7): returns false.
   */
  update(aor: string, changes: readonly BindingChange[], origin: RegisterOrigin, now: number): boolean {
    const current = this.#live(aor, now);
    if (changes.some((c) => this.#isOutOfOrder(current.get(c.key), origin))) return false;
    for (const c of changes) {
      if (c.expires === 0) current.delete(c.key);
      else
        current.set(c.key, {
          aor,
          contact: c.contact,
          expiresAt: now + c.expires * 1000,
          callId: origin.callId,
          cseq: origin.cseq,
          ...(c.instance === undefined ? {} : { instance: c.instance }),
          ...(c.regId === undefined ? {} : { regId: c.regId }),
          source: origin.source,
        });
    }
    this.#store(aor, current);
    return true;
  }

  /** Removes every binding of `aor` (Contact: *, RFC 3261 §10.3 step 6), or none when one is out of order. */
  removeAll(aor: string, origin: RegisterOrigin, now: number): boolean {
    const current = this.#live(aor, now);
    if ([...current.values()].some((b) => this.#isOutOfOrder(b, origin))) return false;
    this.#byAor.delete(aor);
    return true;
  }

  #isOutOfOrder(b: Binding | undefined, origin: RegisterOrigin): boolean {
    return b !== undefined && b.callId === origin.callId && b.cseq >= origin.cseq;
  }

  #live(aor: string, now: number): Map<string, Binding> {
    const bindings = this.#byAor.get(aor) ?? new Map<string, Binding>();
    for (const [key, b] of bindings) if (b.expiresAt <= now) bindings.delete(key);
    this.#store(aor, bindings);
    return bindings;
  }

  #store(aor: string, bindings: Map<string, Binding>): void {
    if (bindings.size === 0) this.#byAor.delete(aor);
    else this.#byAor.set(aor, bindings);
  }
}
