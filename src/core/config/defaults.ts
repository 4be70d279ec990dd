/**
 * Defaults filled in when a field is absent, shared by both faces so that omitting an option and writing its
 * default mean the same. Redundancy timing defaults and the DECT system default live in DeviceConfig.ts.
 */

/** §4.6.20 Master Id of a device that does not set one. */
export const DEFAULT_MASTER_ID = 1;
/** §4.6.31: a radio section without /disable is an enabled radio. */
export const DEFAULT_RADIO_ENABLED = true;
/** Floor of a position that does not set one. */
export const DEFAULT_FLOOR = 0;
