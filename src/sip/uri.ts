import { SipParseError, shown } from "./errors.js";
import { formatHostPort, parseHostPort } from "./host.js";
import { formatParams, parseParams, type ParamSyntax } from "./params.js";

/**
 * A SIP or SIPS URI (RFC 3261 §19.1.1). `user` is unescaped ("%20" → " "); `host` is as written (an IPv6 host with
 * its brackets); `params` keep names and values as written; `headers` is the raw text after "?".
 */
export interface SipUri {
  readonly scheme: "sip" | "sips";
  readonly user?: string;
  readonly password?: never;
  readonly host: string;
  readonly port?: number;
  readonly params: ReadonlyMap<string, string | undefined>;
  readonly headers?: string;
}

const ESCAPED = "%[0-9A-Fa-f]{2}";
/** user = 1*( unreserved / escaped / user-unreserved ) (RFC 3261 §25.1). */
const USER_RE = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/]|${ESCAPED})+$`);
/** paramchar = param-unreserved / unreserved / escaped. */
const PARAM_RE = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()[\\]/:&+$]|${ESCAPED})+$`);
/** headers = hname "=" hvalue *( "&" hname "=" hvalue ), hnv-unreserved / unreserved / escaped. */
const HEADERS_RE = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()[\\]/?:+$&=]|${ESCAPED})+$`);

const URI_PARAMS: ParamSyntax = { name: (s) => PARAM_RE.test(s), value: (s) => PARAM_RE.test(s) };

const CTX = { field: "URI" };

/** Parses a sip: or sips: URI. A password in the user part is refused (RFC 3261 §19.1.1: NOT RECOMMENDED). */
export function parseUri(s: string): SipUri {
  const colon = s.indexOf(":");
  const scheme = s.slice(0, Math.max(colon, 0)).toLowerCase();
  if (scheme !== "sip" && scheme !== "sips") throw new SipParseError(`not a sip: or sips: URI: "${shown(s)}"`, CTX);
  let rest = s.slice(colon + 1);
  const at = rest.indexOf("@");
  let user: string | undefined;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (userinfo.includes(":")) throw new SipParseError("a password in a SIP URI is not supported", CTX);
    if (!USER_RE.test(userinfo)) throw new SipParseError(`bad user part "${shown(userinfo)}"`, CTX);
    user = unescape(userinfo);
  }
  const q = rest.indexOf("?");
  const headers = q < 0 ? undefined : rest.slice(q + 1);
  if (headers !== undefined && !HEADERS_RE.test(headers))
    throw new SipParseError(`bad URI headers "${shown(headers)}"`, CTX);
  const pieces = (q < 0 ? rest : rest.slice(0, q)).split(";");
  const { host, port } = parseHostPort(pieces[0]!, CTX);
  const params = parseParams(pieces.slice(1), URI_PARAMS, CTX);
  return {
    scheme,
    ...(user === undefined ? {} : { user }),
    host,
    ...(port === undefined ? {} : { port }),
    params,
    ...(headers === undefined ? {} : { headers }),
  };
}

function unescape(userinfo: string): string {
  try {
    return decodeURIComponent(userinfo);
  } catch (e) {
    throw new SipParseError(`bad escape in user part "${shown(userinfo)}"`, { ...CTX, cause: e });
  }
}

/** RFC 3261 §25.1: the characters a user part carries as they are (unreserved and user-unreserved). */
const USER_AS_IS = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/]*$/;
const USER_ESCAPED = /[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/gu;
const utf8 = new TextEncoder();

/**
 * The user part escaped where RFC 3261 §25.1 needs it: every other character as its UTF-8 bytes, `%XX` each (a lone
 * surrogate as U+FFFD, so that no name can make it throw).
 */
export function escapeUser(user: string): string {
  if (USER_AS_IS.test(user)) return user;
  return user.replace(USER_ESCAPED, (c) =>
    Array.from(utf8.encode(c), (b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join(""),
  );
}

export function formatUri(u: SipUri): string {
  const user = u.user === undefined ? "" : `${escapeUser(u.user)}@`;
  const headers = u.headers === undefined ? "" : `?${u.headers}`;
  return `${u.scheme}:${user}${formatHostPort(u.host, u.port)}${formatParams(u.params)}${headers}`;
}

/**
 * The address-of-record of a URI: `scheme:user@host`, host in lower case, without port, parameters and headers
 * (RFC 3261 §10.3 step 5, simplified as registrars such as Kamailio do: the port does not make another AOR).
 */
export function addressOfRecord(u: SipUri): string {
  return formatUri({
    scheme: u.scheme,
    ...(u.user === undefined ? {} : { user: u.user }),
    host: u.host.toLowerCase(),
    params: new Map(),
  });
}

/**
 * A URI in a form where equal URIs are equal strings, the comparison of RFC 3261 §19.1.4 simplified: scheme and
 * host in lower case, user unescaped and re-escaped, parameter names in lower case, order kept, headers dropped.
 */
export function normalUri(u: SipUri): string {
  const params = new Map([...u.params].map(([k, v]) => [k.toLowerCase(), v]));
  return formatUri({ ...u, host: u.host.toLowerCase(), params, headers: undefined });
}
