import { DecodeError, errorCodes, InternalError, IpdectError, type ErrorContext } from "../core/errors.js";

/**
 * A SIP message or header value that does not parse (RFC 3261 §7, §25). Code `SIP_PARSE`; `context.line` is the
 * 1-based line of the message, `context.field` the header a value came from. The `reason` is short enough to go into
 * a Warning header of a 400 reply.
 */
export class SipParseError extends DecodeError {
  constructor(reason: string, context: ErrorContext = {}) {
    super(SipCode.SipParse, reason, context);
  }
}

/** The SIP area's error codes (docs/errors.md): the SIP codec, the transaction layer and the gatekeeper's proxies. */
export const SipCode = errorCodes("sip", {
  SipParse: {
    code: "SIP_PARSE",
    class: SipParseError,
    meaning: "a SIP message or header value that does not parse (RFC 3261 §7, §25)",
  },
  SipFormat: {
    code: "SIP_FORMAT",
    class: InternalError,
    meaning: "a message to send with a header name that is not a token or a control character (RFC 3261 §7)",
  },
  SipDigestNc: {
    code: "SIP_DIGEST_NC",
    class: InternalError,
    meaning: "a Digest nonce count out of 1..0xffffffff (RFC 2617 §3.2.2)",
  },
  SipNoDns: {
    code: "SIP_NO_DNS",
    class: IpdectError,
    meaning: "a proxy given as a DNS name on a device without DNS servers (§4.6.23 step 5, RFC 3263)",
  },
  SipNoTransaction: {
    code: "SIP_NO_TRANSACTION",
    class: IpdectError,
    meaning: "a response that matches no client transaction: dropped (RFC 3261 §17.1.3)",
  },
  ProxyAddress: {
    code: "PROXY_ADDRESS",
    class: DecodeError,
    meaning: "a proxy that is not host or host:port (§4.6.23 steps 5, 6)",
  },
});

/** At most 40 characters of `s`, for error messages about huge inputs. */
export function shown(s: string): string {
  return s.length <= 40 ? s : `${s.slice(0, 40)}…`;
}
