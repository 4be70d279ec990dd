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
/** §3.3.5: sync regions are 0..249. */
export const SYNC_REGION_MAX = 249;
/** §4.11.2: an IPBL has up to 16 RFP ports; an IPBL radio section without `rfps` has all 16 in use. */
export const IPBL_MAX_RFPS = 16;
/** Cable length of an IPBL's RFPs when not set, in metres. */
export const DEFAULT_CABLE_M = 100;
