/** Limits of the user directory, as the manual gives them (§3.14.3, §4.10.5–4.10.10). Each has a boundary test. */

/** Maximum characters per user field (§3.14.3 table). */
export const USER_FIELD_MAX = {
  longName: 30,
  displayName: 30,
  name: 30,
  number: 30,
  authName: 60,
  password: 30,
  ipei: 13,
  authCode: 8,
  idleDisplay: 47,
} as const;

export type UserField = keyof typeof USER_FIELD_MAX;
/** The user fields in the order of the §3.14 table. */
export const USER_FIELDS = Object.keys(USER_FIELD_MAX) as UserField[];

/** §3.14.3 Limitations: "Maximum 1000 rows in the csv file" (users and anonymous IPEIs alike). */
export const CSV_MAX_ROWS = 1000;
/** §3.14.3: "The maximum csv file size is 128 Kb", read as 128 KiB = 131 072 bytes of UTF-8. */
export const CSV_MAX_BYTES = 128 * 1024;
/** §4.6.3: the system Authentication Code is "a code consisting of 4 to 8 numbers (0–9)". */
export const SYSTEM_AC_MIN_DIGITS = 4;
export const SYSTEM_AC_MAX_DIGITS = 8;
/** A generated Auth. Code has this many digits (the field allows 8; §4.6.3 system ACs are 4–8 digits). */
export const GENERATED_AC_DIGITS = 4;
