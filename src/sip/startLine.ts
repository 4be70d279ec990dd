import { SipParseError, shown } from "./errors.js";
import { isToken } from "./syntax.js";

export type StartLine =
  | { readonly type: "request"; readonly method: string; readonly uri: string }
  | { readonly type: "response"; readonly status: number; readonly reason: string };

/** The only version spoken; the string is compared case-insensitively and always sent in upper case (RFC 3261 §7.1). */
export const SIP_VERSION = "SIP/2.0";

const URI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:.+$/;

/**
 * Request-Line = Method SP Request-URI SP SIP-Version; Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
 * (RFC 3261 §7.1, §7.2). Status codes are 100..699 (§21). A missing reason phrase is tolerated.
 */
export function parseStartLine(text: string, line: number): StartLine {
  const parts = text.split(" ");
  const first = parts[0] ?? "";
  if (first.toUpperCase().startsWith("SIP/")) {
    if (first.toUpperCase() !== SIP_VERSION) throw new SipParseError(`unsupported version "${shown(first)}"`, { line });
    const code = parts[1] ?? "";
    if (!/^[0-9]{3}$/.test(code) || Number(code) < 100)
      throw new SipParseError(`bad status code "${shown(code)}" (100..699)`, { line });
    if (Number(code) > 699) throw new SipParseError(`status code ${code} is over 699`, { line });
    return { type: "response", status: Number(code), reason: parts.slice(2).join(" ") };
  }
  if (parts.length !== 3) throw new SipParseError("a request line is METHOD SP Request-URI SP SIP/2.0", { line });
  const [method, uri, version] = parts as [string, string, string];
  if (!isToken(method)) throw new SipParseError(`bad method "${shown(method)}"`, { line });
  if (!URI_RE.test(uri)) throw new SipParseError(`bad Request-URI "${shown(uri)}"`, { line });
  if (version.toUpperCase() !== SIP_VERSION)
    throw new SipParseError(`unsupported version "${shown(version)}"`, { line });
  return { type: "request", method, uri };
}

export function formatStartLine(s: StartLine): string {
  return s.type === "request" ? `${s.method} ${s.uri} ${SIP_VERSION}` : `${SIP_VERSION} ${s.status} ${s.reason}`;
}
