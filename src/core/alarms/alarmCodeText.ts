/** The largest fault code: codes are 32-bit and printed as `0x` and 8 hex digits (§6.2). */
export const ALARM_CODE_MAX = 0xffff_ffff;

export const HEX_DIGITS = 8;

/**
 * `0x00030201`: `0x`, then 8 lower-case hex digits, as §6.2 prints the codes; undefined for a number that is not a
 * 32-bit code. Throws nothing, so the error about an unknown code can print the code too.
 */
export function alarmCodeText(code: number): string | undefined {
  return Number.isInteger(code) && code >= 0 && code <= ALARM_CODE_MAX
    ? `0x${code.toString(16).padStart(HEX_DIGITS, "0")}`
    : undefined;
}
