import type { ErrorContext } from "../core/errors.js";
import { isIpv4 } from "../core/config/ipv4.js";
import { SipParseError, shown } from "./errors.js";

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const TOPLABEL = "[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
/** hostname = *( domainlabel "." ) toplabel [ "." ] (RFC 3261 §25.1). */
const HOSTNAME_RE = new RegExp(`^(?:${LABEL}\\.)*${TOPLABEL}\\.?$`);

/** IPv6address of RFC 3261 §25.1 (RFC 4291 §2.2 text forms, an IPv4 tail allowed), without brackets. */
export function isIpv6(s: string): boolean {
  const halves = s.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === "" ? [] : h.split(":")));
  let count = groups.length;
  const last = groups.at(-1);
  if (last !== undefined && last.includes(".")) {
    if (!isIpv4(last) || !s.endsWith(last)) return false;
    groups.pop();
    count++;
  }
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** A host of RFC 3261 §25.1: hostname, IPv4address or IPv6reference (`[...]`, brackets kept). */
export function isHost(s: string): boolean {
  if (s.startsWith("[")) return s.endsWith("]") && isIpv6(s.slice(1, -1));
  return isIpv4(s) || (s.length <= 253 && HOSTNAME_RE.test(s));
}

/** Whether the host is an IP address literal rather than a name. */
export function isIpLiteral(host: string): boolean {
  return isIpv4(host) || host.startsWith("[");
}

/** hostport = host [ ":" port ] (RFC 3261 §25.1); an IPv6 host keeps its brackets; ports are 1..65535. */
export function parseHostPort(s: string, ctx: ErrorContext): { readonly host: string; readonly port?: number } {
  const close = s.startsWith("[") ? s.indexOf("]") + 1 : 0;
  const colon = s.indexOf(":", close);
  const host = colon < 0 ? s : s.slice(0, colon);
  if (!isHost(host)) throw new SipParseError(`bad host "${shown(host)}"`, ctx);
  if (colon < 0) return { host };
  const port = s.slice(colon + 1);
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)
    throw new SipParseError(`bad port "${shown(port)}"`, ctx);
  return { host, port: Number(port) };
}

/** `host[:port]` */
export function formatHostPort(host: string, port: number | undefined): string {
  return port === undefined ? host : `${host}:${port}`;
}
