/**
 * The login block of §3.4.4.1 and §3.4.5.1: "If the login fails, the user is blocked for a certain period of time,
 * and every failed login attempt increases the time while the user is blocked. The minimum blocked time is 5 seconds
 * and the maximum time is 1800 seconds." Kept per login name (known or not, so probing names costs the same), for
 * HTTP and LDAP binds alike.
 *
 * Choices where the manual is silent (docs/design.md "Login protection"): the block doubles with each failure that was
 * checked (5, 10, 20 … 1800 s); an attempt while blocked is refused without looking at the password and neither
 * counts nor lengthens the block, so a flood cannot keep a user out for longer than the schedule says; a successful
 * login starts the schedule again at 5 s. The state is in memory, as the device's sessions are.
 */
export const BLOCK_MIN_MS = 5_000;
export const BLOCK_MAX_MS = 1_800_000;
/**
 * Names remembered at once (about 1 MiB): past it the least recently used name that is not blocked goes first, so a
 * spray of names cannot grow memory, and lifting a user's block that way takes this many checked failures first.
 */
export const GUARD_NAMES_MAX = 16_384;

interface NameState {
  /** The block that ends at `blockedUntil` (0: none yet). */
  blockMs: number;
  blockedUntil: number;
  /** Failures while not blocked since the last successful login (§3.4.4.1 step 5). */
  failures: number;
  /** Refused while blocked in the current block (reported once per block). */
  refused: number;
  lastLogin?: number;
}

/** What a blocked attempt is told. */
export interface Blocked {
  readonly until: number;
  /** The first refusal of this block (the one that is logged). */
  readonly first: boolean;
}

/** What a successful login learns (§3.4.4.1 step 5: "the last login date, and the number of failed login attempts"). */
export interface LoginRecord {
  readonly failures: number;
  readonly lastLogin?: number;
}

export class LoginGuard {
  readonly #names = new Map<string, NameState>();

  /** Undefined: `name` may try now; else until when it is blocked. */
  blocked(name: string, now: number): Blocked | undefined {
    const s = this.#names.get(name);
    if (s === undefined || now >= s.blockedUntil) return undefined;
    s.refused++;
    return { until: s.blockedUntil, first: s.refused === 1 };
  }

  /** A checked attempt failed: the block starts, twice as long as the last one (5 s … 1800 s). */
  failed(name: string, now: number): { readonly blockMs: number; readonly failures: number } {
    const s = this.#state(name, now);
    s.blockMs = s.blockMs === 0 ? BLOCK_MIN_MS : Math.min(s.blockMs * 2, BLOCK_MAX_MS);
    s.blockedUntil = now + s.blockMs;
    s.failures++;
    s.refused = 0;
    return { blockMs: s.blockMs, failures: s.failures };
  }

  /** A checked attempt succeeded: what the welcome screen shows, then a fresh schedule. */
  succeeded(name: string, now: number): LoginRecord {
    const s = this.#state(name, now);
    const record: LoginRecord = {
      failures: s.failures,
      ...(s.lastLogin === undefined ? {} : { lastLogin: s.lastLogin }),
    };
    Object.assign(s, { blockMs: 0, blockedUntil: 0, failures: 0, refused: 0, lastLogin: now });
    return record;
  }

  #state(name: string, now: number): NameState {
    let s = this.#names.get(name);
    if (s !== undefined) {
      // Most recently used last, so the first key is the one to forget.
      this.#names.delete(name);
      this.#names.set(name, s);
      return s;
    }
    if (this.#names.size >= GUARD_NAMES_MAX) this.#forgetOne(now);
    s = { blockMs: 0, blockedUntil: 0, failures: 0, refused: 0 };
    this.#names.set(name, s);
    return s;
  }

  /** Forgets the least recently used name that is not blocked now, else the least recently used. */
  #forgetOne(now: number): void {
    for (const [name, s] of this.#names)
      if (now >= s.blockedUntil) {
        this.#names.delete(name);
        return;
      }
    const first = this.#names.keys().next();
    if (first.done !== true) this.#names.delete(first.value);
  }
}
