import type { Principal } from "./Principal.js";

/** One form-login session (§4.1.3–§4.1.7): who, since when, last used. The token itself is only the map's key. */
export interface Session {
  readonly principal: Principal;
  readonly started: number;
  lastUsed: number;
  readonly source: string;
}

/** §4.1.4 and §4.1.5: automatic logout and session limits; undefined is "the field is empty" (off). */
export interface SessionLimits {
  readonly idleMs?: number;
  readonly perUser?: number;
  readonly perSystem?: number;
}

/** Why a session ended, in the `login` event. */
export type SessionEnd = "logout" | "idle";

/**
 * The device's login sessions. A session idle longer than the automatic logout time (§4.1.4) ends when it is next
 * looked at (a request with its cookie, a count for the limits, a list): nothing runs between requests, and the
 * outcome is the same as a timer's, since an ended session can do nothing until it is used. The limits of §4.1.5
 * refuse a new login when the user or the device has that many sessions.
 */
export class Sessions {
  readonly #sessions = new Map<string, Session>();
  readonly #ended: (s: Session, why: SessionEnd) => void;

  constructor(ended: (s: Session, why: SessionEnd) => void) {
    this.#ended = ended;
  }

  /** A new session under `token`, or the limit that refuses it. */
  open(
    token: string,
    principal: Principal,
    source: string,
    now: number,
    limits: SessionLimits,
  ): { readonly refused?: "user" | "system" } {
    this.#expire(now, limits);
    const mine = [...this.#sessions.values()].filter((s) => s.principal.user === principal.user).length;
    if (limits.perUser !== undefined && mine >= limits.perUser) return { refused: "user" };
    if (limits.perSystem !== undefined && this.#sessions.size >= limits.perSystem) return { refused: "system" };
    this.#sessions.set(token, { principal, started: now, lastUsed: now, source });
    return {};
  }

  /** The session of `token` if it is still open, marked as used now. */
  use(token: string, now: number, limits: SessionLimits): Session | undefined {
    this.#expire(now, limits);
    const s = this.#sessions.get(token);
    if (s !== undefined) s.lastUsed = now;
    return s;
  }

  close(token: string): Session | undefined {
    const s = this.#sessions.get(token);
    if (s === undefined) return undefined;
    this.#sessions.delete(token);
    this.#ended(s, "logout");
    return s;
  }

  /** The open sessions, oldest first (§3.4.4.1 step 5: "the current sessions"). */
  list(now: number, limits: SessionLimits): readonly Session[] {
    this.#expire(now, limits);
    return [...this.#sessions.values()];
  }

  /** Ends every session (a reset of the device). */
  clear(): void {
    this.#sessions.clear();
  }

  #expire(now: number, { idleMs }: SessionLimits): void {
    if (idleMs === undefined) return;
    for (const [token, s] of this.#sessions)
      if (now - s.lastUsed >= idleMs) {
        this.#sessions.delete(token);
        this.#ended(s, "idle");
      }
  }
}
