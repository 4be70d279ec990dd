import type { GatekeeperSettings } from "./settings.js";
import { randomHex, type Rng } from "../core/Rng.js";
import { pickChallenge } from "./digest.js";
import { header, headerValues, type SipResponse } from "./message.js";
import { parseContacts, parseUri } from "./headers.js";
import { contactUri, grantedExpires, redirectTarget, registerRequest } from "./registerRequest.js";
import type { Registration } from "./registration.js";
import type { SipEndpoint } from "./SipEndpoint.js";
import type { SipTarget } from "./target.js";

/**
 * A binding is refreshed every this fraction of its granted lifetime, each user at its own phase of that period
 * (RFC 3261 §10.2.4 leaves the margin to us): N users refresh evenly instead of in one burst.
 */
export const REFRESH_FRACTION = 0.7;
/** The first refresh comes at least this fraction of the period after a registration. */
const MIN_FIRST_REFRESH = 0.25;

/**
 * How one REGISTER exchange (with its digest round) ended; `status` is the final answer's status code, absent when
 * there was none (a timeout, a transport error).
 */
export type RegisterResult =
  | {
      readonly kind: "ok";
      readonly granted: number;
      readonly status: number;
      readonly reason: string;
      /** Bindings of the user at the other Master's address that the 200 lists (first REGISTER of a run only). */
      readonly peerContacts: readonly string[];
    }
  | { readonly kind: "redirect"; readonly to: SipTarget; readonly status: number }
  | { readonly kind: "user-failure"; readonly reason: string; readonly status?: number }
  | {
      readonly kind: "target-failure";
      readonly reason: string;
      readonly status?: number;
      readonly retryAfterS?: number;
    };

/** What a REGISTER exchange needs of the gatekeeper. */
export interface ExchangeDeps {
  readonly settings: GatekeeperSettings;
  /** Host of addresses-of-record and of the Request-URI: the Domain, else the Proxy's host (§4.6.23 step 7). */
  readonly domain: string;
  readonly rng: Rng;
  /** The other Master of a redundant pair (Standby or the Master it stands in for), whose bindings we replace. */
  readonly peerIp: () => string | undefined;
}

/**
 * One REGISTER of `reg` at `target` for `expires` seconds from the user's own socket `endpoint` (App. H footnote 1),
 * answering a digest challenge once (RFC 3261 §22.2) and a 423 with its Min-Expires (§10.2.8). With `only`, just that
 * contact is registered (Expires 0 removes it); otherwise our own. The first REGISTER of a run reports the peer
 * Master's bindings of the user listed in the 200 (§10.3 step 8), for the agent to remove: the peer's port for the
 * user is its own random one, so it is known only from the registrar.
 */
export async function registerExchange(
  d: ExchangeDeps,
  endpoint: SipEndpoint,
  reg: Registration,
  target: SipTarget,
  expires: number,
  only?: string,
): Promise<RegisterResult> {
  const contact = contactUri(reg.user.aorUser, endpoint.ip, endpoint.localPort, target);
  const peer = only === undefined && !reg.firstSent ? d.peerIp() : undefined;
  let auth: Parameters<typeof registerRequest>[0]["auth"];
  let ask = expires;
  for (let round = 0; round < 4; round++) {
    const req = registerRequest({
      user: reg.user,
      domain: d.domain,
      target,
      callId: reg.callId,
      fromTag: reg.fromTag,
      cseq: ++reg.cseq,
      expires: ask,
      contact: only ?? contact,
      instanceId: d.settings.instanceId,
      ...(auth === undefined ? {} : { auth }),
    });
    reg.firstSent = true;
    const out = await endpoint.request(target, req);
    if (out.kind === "timeout") return { kind: "target-failure", reason: "no answer (Timer F, RFC 3261 §17.1.2.2)" };
    if (out.kind === "transport-error") return { kind: "target-failure", reason: out.reason };
    const res = out.response;
    reg.lastStatus = res.status;
    const status = `${res.status} ${res.reason}`;
    if (res.status === 401 || res.status === 407) {
      const challenge = pickChallenge(
        headerValues(res, res.status === 401 ? "www-authenticate" : "proxy-authenticate"),
      );
      if (challenge === undefined)
        return { kind: "user-failure", status: res.status, reason: `${status} without a usable Digest challenge` };
      if (auth !== undefined && !challenge.stale)
        return {
          kind: "user-failure",
          status: res.status,
          reason: `${status} to our credentials: wrong Auth Name or password`,
        };
      auth = { challenge, cnonce: randomHex(d.rng, 16), proxy: res.status === 407 };
      continue;
    }
    if (res.status >= 200 && res.status < 300)
      return {
        kind: "ok",
        granted: grantedExpires(res, contact, ask),
        status: res.status,
        reason: res.reason,
        peerContacts: peer === undefined ? [] : contactsAt(res, peer),
      };
    if (res.status === 423) {
      const min = Number(header(res, "min-expires"));
      if (!Number.isInteger(min) || min <= ask)
        return { kind: "user-failure", status: res.status, reason: `${status} without a usable Min-Expires` };
      ask = min;
      continue;
    }
    if (res.status >= 300 && res.status < 400) {
      const to = redirectTarget(res, target);
      if (to !== undefined) return { kind: "redirect", to, status: res.status };
      return { kind: "user-failure", status: res.status, reason: `${status} without a usable Contact` };
    }
    if (res.status >= 500 && res.status < 600) {
      const ra = Number.parseInt(header(res, "retry-after") ?? "", 10);
      return {
        kind: "target-failure",
        status: res.status,
        reason: status,
        ...(Number.isInteger(ra) && ra >= 0 ? { retryAfterS: ra } : {}),
      };
    }
    return { kind: "user-failure", status: res.status, reason: status };
  }
  return { kind: "user-failure", reason: "no final answer after repeated challenges" };
}

/** The Contacts of a 200 to REGISTER whose host is `ip`. */
function contactsAt(res: SipResponse, ip: string): string[] {
  const contacts = parseContacts(res);
  if (contacts === "*") return [];
  return contacts.map((c) => c.uri).filter((uri) => hostOf(uri) === ip);
}

function hostOf(uri: string): string | undefined {
  try {
    return parseUri(uri).host;
  } catch {
    return undefined;
  }
}

/**
 * Milliseconds from `now` to the refresh of a binding granted for `grantedS` seconds: the next slot of the user's
 * `phase` at least MIN_FIRST_REFRESH of a period away, so steady refreshes stay spread.
 */
export function refreshDelayMs(phase: number, grantedS: number, now: number): number {
  const period = Math.max(1000, grantedS * 1000 * REFRESH_FRACTION);
  const earliest = now + period * MIN_FIRST_REFRESH;
  const slot = Math.ceil((earliest - phase * period) / period) * period + phase * period;
  return Math.max(0, Math.round(slot - now));
}
