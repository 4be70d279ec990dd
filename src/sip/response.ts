import { createHash } from "node:crypto";
import { SipParseError } from "./errors.js";
import { canonicalName } from "./headerNames.js";
import { hasParam, parseNameAddr } from "./headers.js";
import { header, type SipHeader, type SipRequest, type SipResponse } from "./message.js";
import { quote } from "./syntax.js";

/** Headers a response copies from its request (RFC 3261 §8.2.6.2). */
const COPIED: ReadonlySet<string> = new Set(["via", "from", "to", "call-id", "cseq"]);

/**
 * A response to `req` (RFC 3261 §8.2.6): Via (all, in order), From, To, Call-ID and CSeq copied, then
 * `extraHeaders`, no body. A To without a tag gets one (§8.2.6.2), except in a 100 Trying: `toTag` when given,
 * otherwise one derived from the request, so that a retransmitted request gets the same tag (§8.2.6.2: "the same
 * tag MUST be used for all responses to that request").
 */
export function responseTo(
  req: SipRequest,
  status: number,
  reason: string,
  extraHeaders: readonly SipHeader[] = [],
  toTag?: string,
): SipResponse {
  const headers: SipHeader[] = [];
  for (const h of req.headers) {
    const name = canonicalName(h.name);
    if (!COPIED.has(name)) continue;
    const value = name === "to" && status > 100 ? withTag(h.value, toTag ?? derivedTag(req)) : h.value;
    headers.push({ name, value });
  }
  for (const h of extraHeaders) headers.push({ name: canonicalName(h.name), value: h.value });
  return { type: "response", status, reason, headers, body: "" };
}

/** The To value with `;tag=` added unless it has a tag; a To that does not parse is left as it is. */
function withTag(to: string, tag: string): string {
  try {
    if (hasParam(parseNameAddr(to).params, "tag")) return to;
  } catch (e) {
    if (e instanceof SipParseError) return to;
    throw e;
  }
  return `${to};tag=${tag}`;
}

/**
 * 64 bits of a hash over Call-ID, From, CSeq and the top Via of the request. Those carry the caller's randomness
 * (From tag, branch, Call-ID), which is what RFC 3261 §19.3 asks of a tag, and the same request gives the same tag.
 */
function derivedTag(req: SipRequest): string {
  const parts = ["call-id", "from", "cseq", "via"].map((n) => header(req, n) ?? "");
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}

/** A Warning header (RFC 3261 §20.43, code 399 "miscellaneous") explaining a 4xx in words. */
export function warning(text: string): SipHeader {
  // eslint-disable-next-line no-control-regex
  return { name: "warning", value: `399 ipdect ${quote(text.replace(/[\x00-\x1f\x7f]/g, " "))}` };
}
