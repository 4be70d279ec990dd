import { DecodeError, type ErrorContext } from "../core/errors.js";

/**
 * A SIP message or header value that does not parse (RFC 3261 §7, §25). Code `SIP_PARSE`; `context.line` is the
 * 1-based line of the message, `context.field` the header a value came from. The `reason` is short enough to go into
 * a Warning header of a 400 reply.
 */
export class SipParseError extends DecodeError {
  constructor(reason: string, context: ErrorContext = {}) {
    super("SIP_PARSE", reason, context);
  }
}

/** At most 40 characters of `s`, for error messages about huge inputs. */
export function shown(s: string): string {
  return s.length <= 40 ? s : `${s.slice(0, 40)}…`;
}
