import type { Clock, TimerHandle } from "../../src/core/Clock.js";
import { InternalError } from "../../src/core/errors.js";
import { authorization, pickChallenge } from "../../src/sip/digest.js";
import { headerValues, parseSip, type SipRequest, type SipResponse } from "../../src/sip/message.js";
import type { Registrar, SipSource } from "../../src/sip/Registrar.js";
import { crlf } from "./golden.js";

/** A clock whose time the test sets; the code under test must not set timers on it. */
export class FakeClock implements Clock {
  t = 0;
  now(): number {
    return this.t;
  }
  setTimeout(): TimerHandle {
    throw new InternalError("TEST_CLOCK", "this clock has no timers");
  }
  clearTimeout(): void {}
}

export const PHONE: SipSource = { ip: "192.0.2.10", port: 5060, transport: "udp" };

export interface RegisterSpec {
  readonly uri?: string;
  readonly user?: string;
  readonly domain?: string;
  /** Contact header values; none → no Contact header (a query). */
  readonly contacts?: readonly string[];
  readonly expires?: string;
  readonly callId?: string;
  readonly cseq?: number;
  readonly authorization?: string;
  readonly extra?: readonly string[];
}

/** A REGISTER as a phone sends it, parsed from its text. */
export function register(spec: RegisterSpec = {}): SipRequest {
  const domain = spec.domain ?? "pbx.example.com";
  const aor = `sip:${spec.user ?? "1001"}@${domain}`;
  const text = crlf(
    `REGISTER ${spec.uri ?? `sip:${domain}`} SIP/2.0`,
    `Via: SIP/2.0/UDP ${PHONE.ip}:${PHONE.port};branch=z9hG4bK${spec.cseq ?? 1};rport`,
    "Max-Forwards: 70",
    `From: <${aor}>;tag=f1`,
    `To: <${aor}>`,
    `Call-ID: ${spec.callId ?? "call-1@192.0.2.10"}`,
    `CSeq: ${spec.cseq ?? 1} REGISTER`,
    ...(spec.contacts ?? [`<sip:${spec.user ?? "1001"}@${PHONE.ip}:${PHONE.port}>`]).map((c) => `Contact: ${c}`),
    ...(spec.expires === undefined ? [] : [`Expires: ${spec.expires}`]),
    ...(spec.authorization === undefined ? [] : [`Authorization: ${spec.authorization}`]),
    ...(spec.extra ?? []),
    "Content-Length: 0",
    "",
    "",
  );
  const m = parseSip(text);
  if (m.type !== "request") throw new InternalError("TEST_REGISTER", "not a request");
  return m;
}

/**
 * What a phone does: REGISTER, and on a 401 the same REGISTER again with credentials for `authUser` and the next
 * CSeq. Returns both responses.
 */
export function registerWithAuth(
  registrar: Registrar,
  spec: RegisterSpec & { readonly authUser?: string; readonly password?: string },
): { first: SipResponse; final: SipResponse } {
  const cseq = spec.cseq ?? 1;
  const first = registrar.handle(register({ ...spec, cseq }), PHONE);
  if (first.status !== 401) return { first, final: first };
  const ch = pickChallenge(headerValues(first, "www-authenticate"));
  if (ch === undefined) throw new InternalError("TEST_REGISTER", "401 without a usable challenge");
  const uri = spec.uri ?? `sip:${spec.domain ?? "pbx.example.com"}`;
  const cred = { username: spec.authUser ?? spec.user ?? "1001", password: spec.password ?? "secret" };
  const auth = authorization(ch, cred, "REGISTER", uri, `cn${cseq}`, 1);
  const final = registrar.handle(register({ ...spec, cseq: cseq + 1, authorization: auth }), PHONE);
  return { first, final };
}
