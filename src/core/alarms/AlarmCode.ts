import { DecodeError, InternalError, IpdectError } from "../errors.js";
import { ALARM_CATALOG, type AlarmEntry } from "./catalog.js";

/** The largest fault code: codes are 32-bit and printed as `0x` and 8 hex digits (§6.2). */
export const ALARM_CODE_MAX = 0xffff_ffff;

const HEX_DIGITS = 8;
const TEXT_LENGTH = 2 + HEX_DIGITS;

/** `0x00030201`: `0x`, then 8 lower-case hex digits, as §6.2 prints the codes. */
export function formatAlarmCode(code: number): string {
  if (!Number.isInteger(code) || code < 0 || code > ALARM_CODE_MAX) {
    throw new InternalError("ALARM_CODE_RANGE", `an alarm code is an integer 0..0xffffffff, got ${String(code)}`);
  }
  return `0x${code.toString(16).padStart(HEX_DIGITS, "0")}`;
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
      "ALARM_CODE_INVALID",
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

/** A code that is not in the §6.2 catalog. `alarmCode` is the number asked for. */
export class UnknownAlarmCodeError extends IpdectError {
  readonly alarmCode: number;

  constructor(alarmCode: number) {
    const shown =
      Number.isInteger(alarmCode) && alarmCode >= 0 && alarmCode <= ALARM_CODE_MAX
        ? formatAlarmCode(alarmCode)
        : String(alarmCode);
    super("ALARM_UNKNOWN_CODE", `${shown} is not a fault code of manual 003 §6.2`);
    this.alarmCode = alarmCode;
  }
}

const BY_CODE: ReadonlyMap<number, AlarmEntry> = indexCatalog(ALARM_CATALOG);

function indexCatalog(catalog: readonly AlarmEntry[]): ReadonlyMap<number, AlarmEntry> {
  const map = new Map<number, AlarmEntry>();
  for (const entry of catalog) {
    if (map.has(entry.code)) {
      throw new InternalError("ALARM_CATALOG_DUPLICATE", `${formatAlarmCode(entry.code)} is in the catalog twice`);
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
