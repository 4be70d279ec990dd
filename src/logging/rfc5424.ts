/**
 * The syslog message format of RFC 5424, written by us (issue 17): a device's entries as bytes for the UDP, TCP and TLS
 * transports (RFC 5426, RFC 6587, RFC 5425) and the HTTP GET of §4.9.2. Pure: the same entry gives the same bytes.
 */

/** RFC 5424 §6.1: every receiver of RFC 5425 (TLS) must take 2048 octets, and RFC 5426 §3.2 asks UDP for the same. */
export const MAX_MESSAGE_OCTETS = 2048;
/** RFC 5424 §6: the lengths of the header fields. */
export const MAX_HOSTNAME = 255;
export const MAX_APP_NAME = 48;
export const MAX_PROCID = 128;
export const MAX_MSGID = 32;
/** RFC 5424 §6.3.2, §6.3.3: SD-ID and PARAM-NAME are at most 32 characters. */
export const MAX_SD_NAME = 32;
/** Our limit for one PARAM-VALUE (RFC 5424 sets none), so a long reason cannot push the entry past the maximum. */
export const MAX_PARAM_CHARS = 256;
/** RFC 5424 §6.2.2: the only VERSION. */
const VERSION = 1;
const NIL = "-";
/** RFC 5424 §6.4: a MSG in UTF-8 starts with the BOM. */
const BOM = "\u{FEFF}";
/** RFC 5424 §6.2.3: a four-digit year; Date.toISOString writes others as ±YYYYYY. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** One SD-ELEMENT (RFC 5424 §6.3.1): its SD-ID and its parameters in order. */
export interface SdElement {
  readonly id: string;
  readonly params: readonly (readonly [string, string])[];
}

/** One entry before it is written; an absent header field is the NILVALUE `-`. */
export interface SyslogEntry {
  /** RFC 5424 §6.2.1: facility 0..23 and severity 0..7 make the PRI. */
  readonly facility: number;
  readonly severity: number;
  /** ms since the epoch; absent: the device does not know the time. */
  readonly time?: number;
  readonly hostname?: string;
  readonly appName?: string;
  readonly procId?: string;
  readonly msgId?: string;
  readonly data: readonly SdElement[];
  readonly msg?: string;
}

/**
 * A header field as RFC 5424 §6 allows it: PRINTUSASCII (33..126) only, so other characters (a space in a device
 * name) become `_`; cut to its length; empty is the NILVALUE.
 */
export function headerField(value: string | undefined, max: number): string {
  if (value === undefined || value === "") return NIL;
  return value.replace(/[^\x21-\x7e]/gu, "_").slice(0, max);
}

/** An SD-NAME (RFC 5424 §6.3.2): PRINTUSASCII except `=`, space, `]` and `"`, at most 32 characters. */
export function sdName(name: string): string {
  return name.replace(/[^\x21-\x7e]|[="\]]/gu, "_").slice(0, MAX_SD_NAME);
}

/** A PARAM-VALUE (RFC 5424 §6.3.3): `"`, `\` and `]` escaped with a backslash, cut to MAX_PARAM_CHARS code points. */
export function paramValue(value: string): string {
  return [...value]
    .slice(0, MAX_PARAM_CHARS)
    .join("")
    .replace(/["\\\]]/gu, (c) => `\\${c}`);
}

/** RFC 5424 §6.2.3 TIMESTAMP: UTC with milliseconds, or `-` when unknown. */
export function timestamp(time: number | undefined): string {
  if (time === undefined || !Number.isFinite(time)) return NIL;
  const text = new Date(time).toISOString();
  return TIMESTAMP.test(text) ? text : NIL;
}

/** STRUCTURED-DATA (RFC 5424 §6.3): the elements in order, or `-` when there are none. */
export function structuredData(data: readonly SdElement[]): string {
  if (data.length === 0) return NIL;
  return data
    .map((e) => `[${sdName(e.id)}${e.params.map(([n, v]) => ` ${sdName(n)}="${paramValue(v)}"`).join("")}]`)
    .join("");
}

const encoder = new TextEncoder();

/** The longest prefix of `text` whose UTF-8 fits in `octets`, cut between code points. */
function fitUtf8(text: string, octets: number): string {
  let out = "";
  let used = 0;
  for (const c of text) {
    const n = encoder.encode(c).length;
    if (used + n > octets) break;
    out += c;
    used += n;
  }
  return out;
}

/**
 * The entry as RFC 5424 bytes: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [SP BOM MSG]`, at most `max` octets.
 * A MSG that does not fit is cut (between code points); structured data that does not fit leaves `-` in its place.
 */
export function formatSyslog(entry: SyslogEntry, max = MAX_MESSAGE_OCTETS): Uint8Array {
  const pri = entry.facility * 8 + entry.severity;
  const head = [
    `<${pri}>${VERSION}`,
    timestamp(entry.time),
    headerField(entry.hostname, MAX_HOSTNAME),
    headerField(entry.appName, MAX_APP_NAME),
    headerField(entry.procId, MAX_PROCID),
    headerField(entry.msgId, MAX_MSGID),
  ].join(" ");
  let sd = structuredData(entry.data);
  if (encoder.encode(`${head} ${sd}`).length > max) sd = NIL;
  const line = `${head} ${sd}`;
  if (entry.msg === undefined || entry.msg === "") return encoder.encode(line);
  const room = max - encoder.encode(`${line} ${BOM}`).length;
  return encoder.encode(room > 0 ? `${line} ${BOM}${fitUtf8(entry.msg, room)}` : line);
}
