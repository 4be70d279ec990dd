import type { TimerHandle } from "../core/Clock.js";
import type { RegistrationUser } from "./registerRequest.js";
import { targetKey, type SipTarget } from "./target.js";

/** The key of the §4.6.24 registration for anonymous handsets. */
export const ANONYMOUS_KEY = "anonymous";

export type RegistrationState = "queued" | "registering" | "registered" | "waiting" | "failed";

/** One user's registration as the status pages show it. */
export interface RegistrationStatus {
  readonly number: string;
  readonly aor: string;
  readonly authUser: string;
  readonly state: RegistrationState;
  /** `udp:127.0.0.1:5060`: where the user is (or is being) registered. */
  readonly target?: string;
  /** Where the last REGISTER went (a failed user's proxy), when it is not `target`. */
  readonly lastProxy?: string;
  readonly expiresInS?: number;
  readonly lastStatus?: number;
  readonly reason?: string;
}

/** One user's registration as the RegistrationAgent keeps it (RFC 3261 §10.2: one Call-ID, rising CSeq). */
export interface Registration {
  user: RegistrationUser;
  readonly targets: readonly SipTarget[];
  /** Position of this user's refreshes in the refresh period, in [0, 1). */
  readonly phase: number;
  readonly callId: string;
  readonly fromTag: string;
  cseq: number;
  state: RegistrationState;
  /** Where the binding is (registered) or the last attempt went. */
  target?: SipTarget;
  /** Where the last REGISTER of the user went (the binding's refreshes included). */
  lastTarget?: SipTarget;
  /** Set by a 3xx: the next attempt goes there (§4.7.1.2). */
  redirect?: SipTarget;
  expiresAt: number;
  lastStatus?: number;
  reason?: string;
  timer?: TimerHandle;
  /** Bumped on removal or restart: an exchange still in flight for an older generation is ignored. */
  gen: number;
  queued: boolean;
  /** The first REGISTER of this run also removes the other Master's binding of the user. */
  firstSent: boolean;
  /** 0x00030202 (or 0x00030203 for the anonymous registration) is active for this registration. */
  alarmed: boolean;
  /** What the event stream was last told (registrationNews.ts): the proxy of a REGISTER sent, and the outcome. */
  readonly told: { sent?: string; outcome?: string };
}

/** `r` as the status pages show it at `now`, its address-of-record in `domain`. */
export function registrationStatus(r: Registration, now: number, domain: string): RegistrationStatus {
  return {
    number: r.user.label,
    aor: `sip:${r.user.aorUser}@${domain}`,
    authUser: r.user.authUser,
    state: r.state,
    ...(r.target === undefined ? {} : { target: targetKey(r.target) }),
    ...(r.lastTarget === undefined || (r.target !== undefined && targetKey(r.target) === targetKey(r.lastTarget))
      ? {}
      : { lastProxy: targetKey(r.lastTarget) }),
    ...(r.state === "registered" ? { expiresInS: Math.max(0, Math.round((r.expiresAt - now) / 1000)) } : {}),
    ...(r.lastStatus === undefined ? {} : { lastStatus: r.lastStatus }),
    ...(r.reason === undefined ? {} : { reason: r.reason }),
  };
}
