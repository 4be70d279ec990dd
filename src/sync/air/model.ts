/**
 * The radio propagation model both worlds share (docs/design.md "Air model"): log-distance path loss at DECT's
 * 1.89 GHz with ITU-R P.1238 floor penetration, a loss per wall crossed, and seeded log-normal shadowing; FER follows
 * from the signal to noise-plus-interference ratio. Numbers are our choice, documented and settable per fleet.
 */
export interface AirModelSettings {
  /** Path loss exponent n of 10·n·log10(d): 2 is free space, 3–4 an office with walls (ITU-R P.1238: 3.0). */
  readonly pathLossExponent: number;
  /** Standard deviation of the log-normal shadowing, dB (ITU-R P.1238 office: 8–10; we default lower). */
  readonly shadowingDb: number;
  /** Loss of the first floor between two radios, dB; each further floor adds `extraFloorLossDb` (P.1238: 15 + 4(n−1)). */
  readonly floorLossDb: number;
  readonly extraFloorLossDb: number;
  /** Floor height, m: floors add to the distance too. */
  readonly floorHeightM: number;
  /** Loss of one outer building wall, dB (a link between buildings crosses two). */
  readonly wallLossDb: number;
  /** A radio's transmit power (EIRP), dBm: 24 dBm is DECT's 250 mW. */
  readonly txDbm: number;
}

export const AIR_DEFAULTS: AirModelSettings = {
  pathLossExponent: 3.5,
  shadowingDb: 4,
  floorLossDb: 15,
  extraFloorLossDb: 4,
  floorHeightM: 3.5,
  wallLossDb: 12,
  txDbm: 24,
};

/** Path loss at 1 m for 1.89 GHz: 20·log10(4π/λ). */
const LOSS_AT_1M_DB = 20 * Math.log10((4 * Math.PI * 1.89e9) / 299_792_458);

/** Below this a beacon is not received at all (typical DECT receiver sensitivity). */
export const SENSITIVITY_DBM = -95;
/** Thermal noise in a DECT channel plus the receiver's noise figure. */
export const NOISE_FLOOR_DBM = -104;
/** SINR at which half the frames are lost, and how steeply FER falls around it (a logistic fit of a DECT receiver). */
const SINR_HALF_FER_DB = 9;
const SINR_SLOPE_DB = 1.5;
/**
 * An alien system picks its channels among DECT's 10 carriers × 12 duplex slots without coordination with ours: about
 * one of its bearers in a hundred lands on our sync bearer's slot and carrier, so its interference counts 20 dB below
 * its received level.
 */
export const ALIEN_OVERLAP_DB = 20;

/** A sync bearer is usable when at least this strong and its FER at most this (docs/user-guide.md "Air sync"). */
export const SYNC_USABLE_RSSI_DBM = -90;
export const SYNC_USABLE_FER_PCT = 50;

export function pathLossDb(distanceM: number, s: AirModelSettings): number {
  return LOSS_AT_1M_DB + 10 * s.pathLossExponent * Math.log10(Math.max(distanceM, 1));
}

export function floorLossDb(floors: number, s: AirModelSettings): number {
  return floors === 0 ? 0 : s.floorLossDb + s.extraFloorLossDb * (floors - 1);
}

export const dbmToMw = (dbm: number): number => 10 ** (dbm / 10);
export const mwToDbm = (mw: number): number => 10 * Math.log10(mw);

/** FER in whole percent (0..100) of a bearer received at `rssiDbm` over noise plus `interferenceMw`. */
export function ferPct(rssiDbm: number, interferenceMw: number): number {
  const sinr = rssiDbm - mwToDbm(dbmToMw(NOISE_FLOOR_DBM) + interferenceMw);
  return Math.round(100 / (1 + Math.exp((sinr - SINR_HALF_FER_DB) / SINR_SLOPE_DB)));
}

export function usableForSync(rssiDbm: number, fer: number): boolean {
  return rssiDbm >= SYNC_USABLE_RSSI_DBM && fer <= SYNC_USABLE_FER_PCT;
}

/** How far a beacon can possibly be received: no walls or floors, shadowing at +4σ. */
export function maxRangeM(s: AirModelSettings, txDbm: number): number {
  const budget = txDbm - SENSITIVITY_DBM + 4 * s.shadowingDb - LOSS_AT_1M_DB;
  return 10 ** (budget / (10 * s.pathLossExponent));
}
