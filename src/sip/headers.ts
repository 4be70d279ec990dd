import { SipParseError, shown } from "./errors.js";
import { headerValues, type SipMessage } from "./message.js";
import { formatParams, HEADER_PARAMS, parseParams } from "./params.js";
import { hasControl, isToken, quote, quotedEnd, splitTopLevel, unquote } from "./syntax.js";

export { parseCSeq } from "./cseq.js";
export { hasParam, paramValue } from "./params.js";
export { addressOfRecord, formatUri, normalUri, parseUri, type SipUri } from "./uri.js";
export { formatVia, parseVia, type Via } from "./via.js";

/**
 * name-addr or addr-spec with header parameters (RFC 3261 §20.10, §25.1): the display name unquoted, the URI
 * without its angle brackets, the parameters after it (tag, expires, q, +sip.instance, reg-id) as written.
 */
export interface NameAddr {
  readonly display?: string;
  readonly uri: string;
  readonly params: ReadonlyMap<string, string | undefined>;
}

const CTX = { field: "name-addr" };
const URI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"]+$/;

/**
 * Parses From, To, Contact, Route values. Without angle brackets every `;` parameter belongs to the header, not to
 * the URI (RFC 3261 §20.10), and the URI may not hold `,`, `?` or `;`. An unquoted display name may be any text
 * without quotes or angle brackets (more lenient than `*(token LWS)`, as phones write such names).
 */
export function parseNameAddr(v: string): NameAddr {
  const s = v.trim();
  let display: string | undefined;
  let bracketed: string;
  if (s.startsWith('"')) {
    const end = quotedEnd(s, 0);
    if (end < 0) throw new SipParseError("unterminated display name", CTX);
    display = unquote(s.slice(0, end));
    bracketed = s.slice(end).trimStart();
    if (!bracketed.startsWith("<")) throw new SipParseError("a quoted display name is followed by <URI>", CTX);
  } else {
    const lt = s.indexOf("<");
    if (lt < 0) return addrSpec(s);
    const text = s.slice(0, lt).trim();
    if (/["<>]/.test(text) || hasControl(text)) throw new SipParseError(`bad display name "${shown(text)}"`, CTX);
    if (text !== "") display = text;
    bracketed = s.slice(lt);
  }
  const gt = bracketed.indexOf(">");
  if (gt < 0) throw new SipParseError("missing > after the URI", CTX);
  const uri = checkUri(bracketed.slice(1, gt).trim());
  return { ...(display === undefined ? {} : { display }), uri, params: headerParams(bracketed.slice(gt + 1).trim()) };
}

function addrSpec(s: string): NameAddr {
  const semi = s.indexOf(";");
  const uri = checkUri(semi < 0 ? s : s.slice(0, semi).trim());
  if (/[,?]/.test(uri)) throw new SipParseError("a URI with , or ? must be in <> (RFC 3261 §20.10)", CTX);
  return { uri, params: headerParams(semi < 0 ? "" : s.slice(semi)) };
}

function checkUri(uri: string): string {
  if (!URI_RE.test(uri)) throw new SipParseError(`bad URI "${shown(uri)}"`, CTX);
  return uri;
}

function headerParams(rest: string): Map<string, string | undefined> {
  if (rest === "") return new Map();
  if (!rest.startsWith(";")) throw new SipParseError(`unexpected "${shown(rest)}" after the URI`, CTX);
  return parseParams(splitTopLevel(rest.slice(1), ";"), HEADER_PARAMS, CTX);
}

/** Always the `<URI>` form, which is safe whatever the URI holds; the display name quoted unless it is plain tokens. */
export function formatNameAddr(n: NameAddr): string {
  const words = n.display?.split(" ") ?? [];
  const display =
    n.display === undefined || n.display === "" ? "" : words.every(isToken) ? `${n.display} ` : `${quote(n.display)} `;
  return `${display}<${n.uri}>${formatParams(n.params)}`;
}

/**
 * Every Contact of a message in order, or "*" for the wildcard of a removal REGISTER, which must then be the only
 * Contact (RFC 3261 §10.2.2, §10.3 step 6).
 */
export function parseContacts(m: SipMessage): NameAddr[] | "*" {
  const values = headerValues(m, "contact");
  if (!values.includes("*")) return values.map(parseNameAddr);
  if (values.length > 1) throw new SipParseError("Contact * must be the only Contact (RFC 3261 §10.2.2)", CTX);
  return "*";
}
