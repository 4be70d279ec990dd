/** Limits checked by deviceFromObject; each has a test at its boundary. */

/** §4.6.1: the DECT system password has at most 15 characters. */
export const SYSTEM_PASSWORD_MAX = 15;
/** §4.6.1: allowed characters of the DECT system password: a-z/A-Z, 0-9, !#$%&'()*+,-.:;<=>?@[]^_`{|}~ */
export const SYSTEM_PASSWORD_CHARS = /^[A-Za-z0-9!#$%&'()*+,\-.:;<=>?@[\]^_`{|}~]+$/;
/**
 * Largest timing value in milliseconds: timers hold a signed 32-bit delay (Node's setTimeout turns anything
 * larger into 1 ms), about 24.8 days.
 */
export const TIMING_MAX_MS = 2_147_483_647;
