import { authorization, type DigestChallenge } from "./digest.js";
import { header, type SipHeader, type SipResponse } from "./message.js";
import { parseContacts, paramValue, parseUri } from "./headers.js";
import { escapeUser } from "./uri.js";
import type { OutgoingRequest } from "./SipEndpoint.js";
import type { SipTarget } from "./target.js";

/** The identity one registration stands for (manual 003 §4.6.23): a DECT user, or the anonymous registration. */
export interface RegistrationUser {
  /** Directory key (`user/<guid>`), or `anonymous` for the §4.6.24 registration. */
  readonly key: string;
  /** The user part of the address-of-record: Name, or Number with "Register with number". */
  readonly aorUser: string;
  /** Digest user name: Auth Name, else Name (§3.14 "Auth Name (SIP)"). */
  readonly authUser: string;
  readonly password: string;
  /** `urn:uuid:…`, the same on every Master that registers this user (RFC 5627 §4.1). */
  readonly instance: string;
  /** How status and alarms name the user: the Number. */
  readonly label: string;
}

/** One REGISTER of a dialog-less registration (RFC 3261 §10.2): Call-ID and tag stay, CSeq grows. */
export interface RegisterParams {
  readonly user: RegistrationUser;
  /** The host of the address-of-record and Request-URI: the Domain, or the proxy as configured. */
  readonly domain: string;
  readonly target: SipTarget;
  readonly callId: string;
  readonly fromTag: string;
  readonly cseq: number;
  readonly expires: number;
  /** Our Contact URI for this user on this Master. */
  readonly contact: string;
  /** §4.7.1.1 Add Instance ID. */
  readonly instanceId: boolean;
  readonly auth?: { readonly challenge: DigestChallenge; readonly cnonce: string; readonly proxy: boolean };
}

/** `sip:<user>@<host>:<port>[;transport=tcp]` (RFC 3261 §19.1.1; UDP is the default transport). */
export function contactUri(aorUser: string, ip: string, port: number, target: SipTarget): string {
  const transport = target.transport === "udp" ? "" : `;transport=${target.transport}`;
  return `sip:${escapeUser(aorUser)}@${ip}:${port}${transport}`;
}

/** RFC 3261 §10.2: a REGISTER adding our binding (or removing it with `expires` 0) for one user. */
export function registerRequest(p: RegisterParams): OutgoingRequest {
  const aor = `sip:${escapeUser(p.user.aorUser)}@${p.domain}`;
  const requestUri = `sip:${p.domain}`;
  const instance = p.instanceId ? `;+sip.instance="<${p.user.instance}>"` : "";
  const contact = `<${p.contact}>;expires=${p.expires}${instance}`;
  const headers: SipHeader[] = [
    { name: "max-forwards", value: "70" },
    { name: "from", value: `<${aor}>;tag=${p.fromTag}` },
    { name: "to", value: `<${aor}>` },
    { name: "call-id", value: p.callId },
    { name: "cseq", value: `${p.cseq} REGISTER` },
    { name: "contact", value: contact },
    { name: "expires", value: String(p.expires) },
    { name: "user-agent", value: "ipdect" },
  ];
  if (p.auth !== undefined) {
    const value = authorization(
      p.auth.challenge,
      { username: p.user.authUser, password: p.user.password },
      "REGISTER",
      requestUri,
      p.auth.cnonce,
      1,
    );
    headers.push({ name: p.auth.proxy ? "proxy-authorization" : "authorization", value });
  }
  return { method: "REGISTER", uri: requestUri, headers };
}

/**
 * The lifetime the registrar granted our binding (RFC 3261 §10.2.4): the `expires` of our Contact in the 200, else
 * the Expires header, else what we asked for.
 */
export function grantedExpires(res: SipResponse, contact: string, asked: number): number {
  const contacts = parseContacts(res);
  if (contacts !== "*") {
    let ours: string | undefined;
    for (const c of contacts) {
      // Most registrars echo our Contact as we wrote it; only another spelling needs the comparison of parts.
      if (c.uri !== contact && normalise(c.uri) !== (ours ??= normalise(contact))) continue;
      const v = Number(paramValue(c.params, "expires"));
      if (Number.isInteger(v) && v >= 0) return v;
    }
  }
  const h = Number(header(res, "expires"));
  return Number.isInteger(h) && h >= 0 ? h : asked;
}

/** Where a 3xx sends the registration (RFC 3261 §21.3): the first Contact as a target, if it parses. */
export function redirectTarget(res: SipResponse, fallback: SipTarget): SipTarget | undefined {
  const contacts = parseContacts(res);
  if (contacts === "*" || contacts.length === 0) return undefined;
  try {
    const uri = parseUri(contacts[0]!.uri);
    const t = paramValue(uri.params, "transport")?.toLowerCase();
    const transport = t === "tcp" || t === "udp" || t === "tls" ? t : fallback.transport;
    return { ip: uri.host, port: uri.port ?? (uri.scheme === "sips" ? 5061 : 5060), transport };
  } catch {
    return undefined;
  }
}

/** Registrars echo our Contact with their own spelling of case and parameter order: compare user, host and port. */
function normalise(uri: string): string {
  try {
    const u = parseUri(uri);
    return `${u.user ?? ""}@${u.host.toLowerCase()}:${u.port ?? 5060}`;
  } catch {
    return uri;
  }
}
