import { SipParseError, shown } from "./errors.js";
import { canonicalName } from "./headerNames.js";
import { MAX_SIP_HEADERS } from "./limits.js";
import { hasControl, isToken } from "./syntax.js";

/** One header field as read: canonical name, unfolded and trimmed value. */
export interface RawField {
  readonly name: string;
  readonly value: string;
}

/** The start line and header fields of a message (everything before the empty line). */
export interface HeaderBlock {
  readonly startLine: string;
  /** The fields as a message carries them (no copy needed: they hold nothing else). */
  readonly fields: readonly RawField[];
  /** The 1-based line each field starts on, for errors. */
  readonly lines: readonly number[];
  /** Lines of the section, the start line and continuation lines included. */
  readonly lineCount: number;
}

/** A control character other than HTAB, or a CR or LF that is not part of a CRLF (RFC 3261 §25.1). */
// eslint-disable-next-line no-control-regex
const STRAY_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|(?<!\r)\n/;

const CR = 0x0d;
const LF = 0x0a;

/** The offset after the CRLFs at `from`: a stream may carry them before a message (RFC 3261 §7.5, RFC 5626 §3.5.1). */
export function skipCrlfs(bytes: Uint8Array, from: number): number {
  let i = from;
  while (bytes[i] === CR && bytes[i + 1] === LF) i += 2;
  return i;
}

/** The offset of the first CRLF CRLF at or after `from` (the end of the header section, RFC 3261 §7), or -1. */
export function blankLineAt(bytes: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(CR, from); i >= 0 && i + 3 < bytes.length; i = bytes.indexOf(CR, i + 1))
    if (bytes[i + 1] === LF && bytes[i + 2] === CR && bytes[i + 3] === LF) return i;
  return -1;
}

/**
 * Reads the header section `text` (lines joined by CRLF, without the empty line) whose first line is line
 * `firstLine` of the message. Continuation lines (starting with SP or HTAB) are unfolded into one space (RFC 3261
 * §7.3.1); names must be tokens followed by optional whitespace and a colon (HCOLON, §25.1).
 */
export function readHeaderBlock(text: string, firstLine: number): HeaderBlock {
  const lines = text.split("\r\n");
  const startLine = lines[0] ?? "";
  // One scan of the whole section; a line-by-line search for the culprit only when something is wrong.
  const dirty = STRAY_CONTROL.test(text);
  if (dirty && hasControl(startLine))
    throw new SipParseError("control character in the start line", { line: firstLine });
  const fields: { name: string; value: string }[] = [];
  const at: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = firstLine + i;
    if (dirty && hasControl(raw)) throw new SipParseError("control character in a header (a bare CR or LF?)", { line });
    const last = fields.at(-1);
    if (raw.startsWith(" ") || raw.startsWith("\t")) {
      if (last === undefined) throw new SipParseError("continuation line without a header before it", { line });
      last.value += ` ${raw.trim()}`;
      continue;
    }
    const colon = raw.indexOf(":");
    if (colon < 0) throw new SipParseError("header without colon", { line });
    const name = raw.slice(0, colon).trimEnd();
    if (!isToken(name)) throw new SipParseError(`bad header name "${shown(name)}"`, { line });
    if (fields.length === MAX_SIP_HEADERS) throw new SipParseError(`more than ${MAX_SIP_HEADERS} headers`, { line });
    fields.push({ name: canonicalName(name), value: raw.slice(colon + 1) });
    at.push(line);
  }
  for (const f of fields) f.value = f.value.trim();
  return { startLine, fields, lines: at, lineCount: lines.length };
}

/**
 * The index of the one field called `name` (canonical), -1 when absent; a second one is an error (RFC 3261 §7.3.1).
 */
export function singleField(block: HeaderBlock, name: string): number {
  const found = block.fields.findIndex((f) => f.name === name);
  if (found < 0) return -1;
  const second = block.fields.findIndex((f, i) => i > found && f.name === name);
  if (second >= 0) throw new SipParseError(`more than one ${name} header`, { line: block.lines[second]! });
  return found;
}

/** The Content-Length (RFC 3261 §20.14: 1*DIGIT) and its line, or undefined when the message has none. */
export function contentLength(block: HeaderBlock): { readonly length: number; readonly line: number } | undefined {
  const i = singleField(block, "content-length");
  if (i < 0) return undefined;
  const value = block.fields[i]!.value;
  const line = block.lines[i]!;
  if (!/^[0-9]{1,10}$/.test(value))
    throw new SipParseError(`Content-Length "${shown(value)}" is not a number`, { line });
  return { length: Number(value), line };
}
