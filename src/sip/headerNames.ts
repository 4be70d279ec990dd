/**
 * Header field names: compact forms (RFC 3261 §7.3.3 and the IANA "Header Field Parameters and Parameter Values"
 * registry), the spelling we write, and which headers hold comma-separated lists (RFC 3261 §7.3.1).
 */

/** Compact form → long form, lower-case. */
const COMPACT: ReadonlyMap<string, string> = new Map([
  ["a", "accept-contact"], // RFC 3841
  ["b", "referred-by"], // RFC 3892
  ["c", "content-type"],
  ["d", "request-disposition"], // RFC 3841
  ["e", "content-encoding"],
  ["f", "from"],
  ["i", "call-id"],
  ["j", "reject-contact"], // RFC 3841
  ["k", "supported"],
  ["l", "content-length"],
  ["m", "contact"],
  ["n", "identity-info"], // RFC 4474
  ["o", "event"], // RFC 6665
  ["r", "refer-to"], // RFC 3515
  ["s", "subject"],
  ["t", "to"],
  ["u", "allow-events"], // RFC 6665
  ["v", "via"],
  ["x", "session-expires"], // RFC 4028
  ["y", "identity"], // RFC 8224
]);

/** Names whose usual spelling is not "each word capitalised". */
const SPELLING: ReadonlyMap<string, string> = new Map(
  ["Call-ID", "CSeq", "WWW-Authenticate", "MIME-Version", "RAck", "RSeq", "SIP-ETag", "SIP-If-Match"].map((n) => [
    n.toLowerCase(),
    n,
  ]),
);

/**
 * Headers whose value is a `#element` list that may be split at top-level commas (RFC 3261 §7.3.1). The
 * authentication headers and Date contain commas of their own and are never split.
 */
const LISTS: ReadonlySet<string> = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "alert-info",
  "allow",
  "allow-events",
  "call-info",
  "contact",
  "content-encoding",
  "content-language",
  "error-info",
  "in-reply-to",
  "path", // RFC 3327
  "proxy-require",
  "record-route",
  "require",
  "route",
  "service-route", // RFC 3608
  "supported",
  "unsupported",
  "via",
  "warning",
]);

/** The canonical name: lower-case long form ("v" → "via", "Call-Id" → "call-id"). */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT.get(lower) ?? lower;
}

/** Spellings worked out so far: every message we send writes the same few names again. */
const spelt = new Map<string, string>(SPELLING);
/** Names echoed from the network could be anything: the cache stops growing at this size. */
const MAX_SPELT = 256;

/** The spelling written on the wire for a canonical name ("call-id" → "Call-ID", "max-forwards" → "Max-Forwards"). */
export function wireName(canonical: string): string {
  const known = spelt.get(canonical);
  if (known !== undefined) return known;
  const name = canonical
    .split("-")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("-");
  if (spelt.size < MAX_SPELT) spelt.set(canonical, name);
  return name;
}

/** Whether the header's values are comma-separated lists (RFC 3261 §7.3.1). */
export function isListHeader(canonical: string): boolean {
  return LISTS.has(canonical);
}
