import { RadioStanding, type Message } from "../wire/codec.js";
import type { Endpoint } from "../wire/Transport.js";
import { isIpv4 } from "../core/config/ipv4.js";

export type StandingName = "registered" | "pending" | "redirect" | "unknown" | "refused";

/** A Master's answer about this radio (proto RadioStatus), validated. */
export interface StatusUpdate {
  readonly standing: StandingName;
  readonly attempt: number;
  readonly redirectTo: string;
  readonly masterId: number;
  readonly leaseMs: number;
  /** The seq of the register or heartbeat this answers (0: a status the Master pushed). */
  readonly seq: number;
  /** The Master's clock when it answered: the radio echoes it in its heartbeats. */
  readonly grantMs: number;
  readonly reason: string;
  readonly from: Endpoint;
}

export type RadioEvent =
  { type: "status"; status: StatusUpdate } | { type: "tick" } | { type: "lost" } | { type: "shutdown" };

const STANDINGS: Record<number, StandingName> = {
  [RadioStanding.REGISTERED]: "registered",
  [RadioStanding.PENDING]: "pending",
  [RadioStanding.REDIRECT]: "redirect",
  [RadioStanding.UNKNOWN]: "unknown",
  [RadioStanding.REFUSED]: "refused",
};

/** Wire message -> radio event; undefined when not for the radio role, `null` when invalid (dropped). */
export function toRadioEvent(msg: Message, from: Endpoint): RadioEvent | undefined | null {
  if (msg.body !== "radioStatus") return undefined;
  const s = msg.radioStatus;
  const standing = STANDINGS[s.standing ?? 0];
  if (standing === undefined) return null;
  const redirectTo = s.redirectTo ?? "";
  if (standing === "redirect" && !isIpv4(redirectTo)) return null;
  const grantMs = s.grantMs ?? 0;
  if (!Number.isFinite(grantMs) || grantMs < 0) return null;
  return {
    type: "status",
    status: {
      standing,
      attempt: s.attempt ?? 0,
      redirectTo,
      masterId: s.masterId ?? 0,
      leaseMs: s.leaseMs ?? 0,
      seq: s.seq ?? 0,
      grantMs,
      reason: (s.reason ?? "").slice(0, 200),
      from,
    },
  };
}
