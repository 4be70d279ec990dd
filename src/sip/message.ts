import { InternalError } from "../core/errors.js";
import { parseCSeq } from "./cseq.js";
import { SipParseError, SipCode } from "./errors.js";
import { canonicalName, isListHeader, wireName } from "./headerNames.js";
import {
  blankLineAt,
  contentLength,
  readHeaderBlock,
  singleField,
  skipCrlfs,
  type HeaderBlock,
} from "./headerSection.js";
import { MAX_SIP_MESSAGE } from "./limits.js";
import { formatStartLine, parseStartLine, type StartLine } from "./startLine.js";
import { hasControl, isToken, splitTopLevel } from "./syntax.js";

export { SipParseError } from "./errors.js";
export { MAX_SIP_HEADERS, MAX_SIP_MESSAGE } from "./limits.js";

/** A header field: canonical lower-case long name ("v" → "via"), value unfolded and trimmed. */
export interface SipHeader {
  readonly name: string;
  readonly value: string;
}

export interface SipRequest {
  readonly type: "request";
  readonly method: string;
  readonly uri: string;
  readonly headers: readonly SipHeader[];
  readonly body: string;
}

export interface SipResponse {
  readonly type: "response";
  readonly status: number;
  readonly reason: string;
  readonly headers: readonly SipHeader[];
  readonly body: string;
}

export type SipMessage = SipRequest | SipResponse;

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Parses one SIP message (RFC 3261 §7) from a datagram or a framed stream message. The body is Content-Length
 * bytes when the header is there (bytes after it are ignored, §18.3) and the rest of the input otherwise. A valid
 * message has Via, From, To, Call-ID and CSeq (§8.1.1), and a request's CSeq names its method (§8.1.1.5).
 * Throws SipParseError saying which line and why.
 */
export function parseSip(data: Uint8Array | string): SipMessage {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  if (bytes.length > MAX_SIP_MESSAGE)
    throw new SipParseError(`a message of ${bytes.length} bytes is over the ${MAX_SIP_MESSAGE}-byte limit`, {
      line: 1,
    });
  const start = skipCrlfs(bytes, 0);
  const firstLine = start / 2 + 1;
  if (start === bytes.length) throw new SipParseError("empty message", { line: firstLine });
  const end = blankLineAt(bytes, start);
  if (end < 0) {
    const lines = utf8.decode(bytes.subarray(start)).split("\r\n").length;
    throw new SipParseError("no empty line ends the headers (RFC 3261 §7)", { line: firstLine + lines - 1 });
  }
  const headerText = utf8.decode(bytes.subarray(start, end));
  const block = readHeaderBlock(headerText, firstLine);
  const startLine = parseStartLine(block.startLine, firstLine);
  checkMandatory(startLine, block, firstLine + block.lineCount);
  const bodyStart = end + 4;
  const available = bytes.length - bodyStart;
  const declared = contentLength(block);
  if (declared !== undefined && declared.length > available)
    throw new SipParseError(`Content-Length ${declared.length} but only ${available} bytes of body`, {
      line: declared.line,
    });
  const bodyLength = declared?.length ?? available;
  const body = bodyLength === 0 ? "" : utf8.decode(bytes.subarray(bodyStart, bodyStart + bodyLength));
  return startLine.type === "request"
    ? { type: "request", method: startLine.method, uri: startLine.uri, headers: block.fields, body }
    : { type: "response", status: startLine.status, reason: startLine.reason, headers: block.fields, body };
}

/** RFC 3261 §8.1.1: Via (one or more), From, To, Call-ID, CSeq (exactly one each, not empty). */
function checkMandatory(startLine: StartLine, block: HeaderBlock, blankLine: number): void {
  const what = startLine.type === "request" ? "a request" : "a response";
  if (!block.fields.some((f) => f.name === "via"))
    throw new SipParseError(`${what} without Via (RFC 3261 §8.1.1.7)`, { line: blankLine });
  let cseq = -1;
  for (const name of MANDATORY_SINGLE) {
    const i = singleField(block, name);
    if (i < 0) throw new SipParseError(`${what} without ${wireName(name)} (RFC 3261 §8.1.1)`, { line: blankLine });
    if (block.fields[i]!.value === "") throw new SipParseError(`empty ${wireName(name)}`, { line: block.lines[i]! });
    cseq = i;
  }
  const method = cseqMethod(block.fields[cseq]!.value, block.lines[cseq]!);
  if (startLine.type === "request" && method !== startLine.method)
    throw new SipParseError(`CSeq method ${method} is not the request method ${startLine.method} (RFC 3261 §8.1.1.5)`, {
      line: block.lines[cseq]!,
    });
}

/** The headers every message has once (§8.1.1), CSeq last. */
const MANDATORY_SINGLE = ["from", "to", "call-id", "cseq"] as const;

/** The method of a CSeq value; a CSeq that does not parse is reported on its line. */
function cseqMethod(value: string, line: number): string {
  try {
    return parseCSeq(value).method;
  } catch (e) {
    if (!(e instanceof SipParseError)) throw e;
    throw new SipParseError(e.reason, { line, cause: e });
  }
}

/**
 * The message as text: start line, headers in order with their usual spelling, a Content-Length of its own (any
 * given one is dropped) and the body, lines ending in CRLF (RFC 3261 §7). A header name that is not a token or a
 * value with a control character (CR, LF: header injection) is our bug and throws an InternalError.
 */
export function formatSip(m: SipMessage): string {
  const start = formatStartLine(m);
  if (hasControl(start)) throw new InternalError(SipCode.SipFormat, "control character in the start line");
  const lines = [start];
  const values: string[] = [];
  for (const h of m.headers) {
    const name = canonicalName(h.name);
    if (name === "content-length") continue;
    if (!isToken(name))
      throw new InternalError(SipCode.SipFormat, `header name ${JSON.stringify(h.name)} is not a token`);
    lines.push(`${wireName(name)}: ${h.value}`);
    values.push(h.value);
  }
  // One scan of every value; the search for the culprit only when there is one.
  if (hasControl(values.join(""))) {
    const bad = m.headers.find((h) => hasControl(h.value))!;
    throw new InternalError(
      SipCode.SipFormat,
      `header ${JSON.stringify(bad.name)} has a control character in its value`,
    );
  }
  lines.push(`Content-Length: ${encoder.encode(m.body).length}`, "", m.body);
  return lines.join("\r\n");
}

/** The first value of header `name` (any case, compact or long form), or undefined; message names are canonical. */
export function header(m: SipMessage, name: string): string | undefined {
  const want = canonicalName(name);
  for (const h of m.headers) if (h.name === want) return h.value;
  return undefined;
}

/**
 * Every value of header `name` in order. List headers (Via, Contact, Route, Allow, Supported, …) are split at
 * top-level commas (RFC 3261 §7.3.1); WWW-Authenticate, Authorization, Date and other headers are not.
 */
export function headerValues(m: SipMessage, name: string): string[] {
  const want = canonicalName(name);
  const values: string[] = [];
  for (const h of m.headers) if (h.name === want) values.push(h.value);
  if (!isListHeader(want)) return values;
  return values.flatMap((v) => splitTopLevel(v, ",")).filter((v) => v !== "");
}
