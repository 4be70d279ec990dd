import { DecodeError, InternalError } from "../errors.js";
import { CoreCode, UnknownAlarmCodeError } from "../coreErrors.js";
import { alarmCodeText, HEX_DIGITS } from "./alarmCodeText.js";
import { ALARM_CATALOG, type AlarmEntry } from "./catalog.js";

const TEXT_LENGTH = 2 + HEX_DIGITS;

/** `0x00030201`: `0x`, then 8 lower-case hex digits, as §6.2 prints the codes. */
export function formatAlarmCode(code: number): string {
  const text = alarmCodeText(code);
  if (text === undefined) {
    throw new InternalError(CoreCode.AlarmCodeRange, `an alarm code is an integer 0..0xffffffff, got ${String(code)}`);
  }
  return text;
}

/**
 * Reads `0x` and exactly 8 hex digits (either case, `0X` too) into a code. It checks the syntax only; whether
 * the code is in §6.2 is `lookupAlarm`'s business. Throws `DecodeError` (`ALARM_CODE_INVALID`) whose `offset`
 * is the first character that is wrong, or missing.
 */
export function parseAlarmCode(text: string): number {
  const offset = firstBadOffset(text);
  if (offset !== undefined) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    throw new DecodeError(
      CoreCode.AlarmCodeInvalid,
      `not an alarm code: ${JSON.stringify(shown)} (expected 0x and 8 hex digits, e.g. 0x00030201)`,
      { offset },
    );
  }
  return Number.parseInt(text.slice(2), 16);
}

function firstBadOffset(text: string): number | undefined {
  if (text[0] !== "0") return 0;
  if (text[1] !== "x" && text[1] !== "X") return 1;
  const end = Math.min(text.length, TEXT_LENGTH);
  for (let i = 2; i < end; i++) if (!isHexDigit(text.charCodeAt(i))) return i;
  return text.length === TEXT_LENGTH ? undefined : end;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

const BY_CODE: ReadonlyMap<number, AlarmEntry> = indexCatalog(ALARM_CATALOG);

function indexCatalog(catalog: readonly AlarmEntry[]): ReadonlyMap<number, AlarmEntry> {
  const map = new Map<number, AlarmEntry>();
  for (const entry of catalog) {
    if (map.has(entry.code)) {
      throw new InternalError(CoreCode.AlarmCatalogDuplicate, `${formatAlarmCode(entry.code)} is in the catalog twice`);
    }
    map.set(entry.code, entry);
  }
  return map;
}

/** The catalog row for `code`, or `undefined` if §6.2 does not list it. */
export function findAlarm(code: number): AlarmEntry | undefined {
  return BY_CODE.get(code);
}

/** The catalog row for `code`; throws `UnknownAlarmCodeError` if §6.2 does not list it. */
export function lookupAlarm(code: number): AlarmEntry {
  const entry = BY_CODE.get(code);
  if (entry === undefined) throw new UnknownAlarmCodeError(code);
  return entry;
}
