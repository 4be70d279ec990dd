import type { FrequencyBand } from "../role/bands.js";
/**
 * The Air Sync Overview of a PARI Master (§4.12.1), one model for HTTP (`GET /api/sync`), the CLI text tree, the SVG
 * picture and the sim report.
 */

/** §4.12.1 dot colours. */
export type SyncColour = "green" | "yellow" | "red" | "grey";

/** §4.12.1: yellow when the sync signal is below this RSSI… */
export const POOR_RSSI_DBM = -83;
/** …or its FER is above this (percent). */
export const POOR_FER_PCT = 15;

/** A radio's sync state (§4.12.3 State): synchronized covers master, slave and standby candidate. */
export const SYNC_STATES = ["unsynchronized", "searching", "listening", "synchronized", "holdover"] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/** Sync mode as configured on the radio (§4.6.36); an IPBL is always a master in region 0. */
export type SyncMode = "master" | "slave" | "restricted";

/** What the PARI Master made of a radio in its region's tree. */
export type SyncRole = "active-master" | "standby-candidate" | "slave";

export interface SyncCandidateView {
  readonly rfpi: string;
  readonly rssi: number;
  readonly fer: number;
}

export interface SyncNodeView {
  readonly name: string;
  readonly mac: string;
  readonly rfpi: string;
  readonly mode: SyncMode;
  readonly role: SyncRole;
  readonly state: SyncState;
  readonly colour: SyncColour;
  /** Hops from the region's active sync master (0 for it); absent when the radio is not in the tree. */
  readonly level?: number;
  /** The RFPI this radio was told to follow, and its alternative (§4.6.36). */
  readonly source?: string;
  readonly alternative?: string;
  /** Of the sync bearer from `source`: dBm, and FER 0..100 %. */
  readonly rssi?: number;
  readonly fer?: number;
  /** §4.11.5. */
  readonly syncLost: number;
  /** §4.12.1 IPBS Details: the sync candidates the radio hears (pop-up window). */
  readonly candidates: readonly SyncCandidateView[];
  /** Why a radio is not in the tree (no usable signal path, depth limit, static lock not heard, …). */
  readonly note?: string;
}

export interface SyncReferenceView {
  /** The Reference RFPI (grey dot) the active sync master takes reference sync from, and whether it is locked. */
  readonly rfpi: string;
  readonly name?: string;
  /** The region of the reference radio when it is one of ours. */
  readonly region?: number;
  readonly locked: boolean;
}

export interface SyncRegionStats {
  readonly calculations: number;
  readonly configurations: number;
  readonly syncLost: number;
}

export interface SyncRegionView {
  readonly region: number;
  readonly activeMaster?: string;
  readonly reference?: SyncReferenceView;
  readonly stats: SyncRegionStats;
  /** Parents before children (breadth first from the active sync master), then radios not in the tree. */
  readonly nodes: readonly SyncNodeView[];
}

export interface SyncOverview {
  readonly systemId: number;
  /** The configured maximum depth of a sync tree (hops from the active sync master). */
  readonly maxDepth: number;
  /** DECT → System Frequency (§4.6.6) and Enabled Carriers (§4.6.7) the radios are told. */
  readonly band: FrequencyBand;
  readonly carriers: readonly number[];
  readonly regions: readonly SyncRegionView[];
}

/** §4.12.1 colour of a radio's dot. A radio in holdover still carries traffic, so it is not red. */
export function colourOf(state: SyncState, rssi: number | undefined, fer: number | undefined): SyncColour {
  if (state !== "synchronized" && state !== "holdover") return "red";
  if ((rssi !== undefined && rssi < POOR_RSSI_DBM) || (fer !== undefined && fer > POOR_FER_PCT)) return "yellow";
  return "green";
}

/**
 * The radios of a region that carry traffic (§4.12.1): synchronized, or in holdover after losing their source (which,
 * as for the colour, still counts). One count for the IPDECT-MIB's ipdectSyncRegionSynchronized and the metrics.
 */
export function synchronizedRadios(region: SyncRegionView): number {
  return region.nodes.filter((n) => n.state === "synchronized" || n.state === "holdover").length;
}
