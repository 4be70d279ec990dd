import { samePlan, type CarrierPlan } from "../role/bands.js";
import type { SyncMode, SyncRole, SyncState } from "./overview.js";
import type { TimingChange } from "./timing.js";

/**
 * What a radio and its PARI Master tell each other about air sync (§4.6.36), and what a radio shows of it (§4.12.3).
 * `wire.ts` carries these over PariRegister/PariGrant.
 */

/** A radio's air sync settings (§4.6.36 DECT → Air Sync). RFPIs may also name a device (fleet files). */
export interface RadioSyncSettings {
  readonly mode: SyncMode;
  readonly region: number;
  readonly syncRfpi?: string;
  readonly altSyncRfpi?: string;
  readonly referenceRfpi?: string;
  readonly altReferenceRfpi?: string;
  readonly resync: "manual" | "scheduled";
  /** Scheduled resync time of day, minutes after midnight (UTC on real nodes; virtual midnight in the sim). */
  readonly resyncAtMin: number;
}

/** What the PARI Master told this radio (§4.6.36). */
export interface SyncInstruction {
  readonly role: SyncRole;
  readonly source?: string;
  readonly alternative?: string;
  /** The system's band and enabled carriers (DECT → System, §4.6.6, §4.6.7): every radio uses them. */
  readonly carriers: CarrierPlan;
  /** Bumped when an administrator asks the region's sync master to resynchronise to its reference (§4.12.1). */
  readonly resync: number;
  /** Why the radio has no source, or why its reference was refused. */
  readonly note?: string;
  readonly referenceRefused?: string;
  /** The Reference RFPI and alternative as RFPIs (the settings may name a device). */
  readonly reference?: string;
  readonly altReference?: string;
  /** The reference is one of our radios, still synchronising: a listening sync master waits for it. */
  readonly waitReference?: boolean;
}

/** §4.11.5 reasons: the four air value changes, and no source for 9 minutes. */
export type SyncLostReason = TimingChange | "no-source";

export interface SyncCandidate {
  readonly rfpi: string;
  readonly rssi: number;
  readonly fer: number;
}

export interface SyncAlien {
  readonly rfpi: string;
  readonly systemId: number;
  readonly rssi: number;
}

/** What a radio reports to its PARI Master (§4.6.36 "sends its list of received sync candidates"). */
export interface SyncReport {
  readonly settings: RadioSyncSettings;
  readonly state: SyncState;
  readonly source?: string;
  readonly rssi?: number;
  readonly fer?: number;
  readonly syncLost: number;
  readonly referenceLocked: boolean;
  readonly candidates: readonly SyncCandidate[];
  readonly aliens: readonly SyncAlien[];
}

/** §4.12.3 Status of one radio. */
export interface RadioSyncStatus {
  readonly mode: SyncMode;
  readonly region: number;
  readonly role: SyncRole;
  readonly state: SyncState;
  /** Can carry calls (§4.11.5: not while unsynchronized). */
  readonly traffic: boolean;
  readonly rfpi?: string;
  readonly source?: string;
  readonly alternative?: string;
  readonly carrier?: number;
  readonly slot?: number;
  readonly rssi?: number;
  readonly fer?: number;
  /** Frequency adjustment in progress against the source, ppm. */
  readonly offsetPpm: number;
  /** Time difference to the source, µs. */
  readonly driftUs: number;
  readonly syncLost: number;
  readonly lastLost?: { readonly t: number; readonly reasons: readonly SyncLostReason[] };
  readonly referenceLocked: boolean;
  readonly candidates: readonly SyncCandidate[];
  readonly note?: string;
}

/** §4.23.10 RFP Scan: the other IP-DECT systems (System IDs) and other DECT systems heard. */
export interface RfpScanResult {
  readonly systems: readonly { readonly systemId: number; readonly rfpi: string; readonly rssi: number }[];
}

/**
 * A radio reports up to this many candidates, strongest first: all it receives usably on any site we model, so the
 * PARI Master can give every radio its fewest hops (docs/design.md "Sync tree").
 */
export const MAX_CANDIDATES = 255;

/**
 * Whether two instructions tell a radio the same (the PARI Master repeats its instruction with every grant). Field by
 * field, all of them: `_compared` stops the build when SyncInstruction gains one not compared here.
 */
export function sameInstruction(a: SyncInstruction, b: SyncInstruction): boolean {
  return (
    a.role === b.role &&
    a.source === b.source &&
    a.alternative === b.alternative &&
    samePlan(a.carriers, b.carriers) &&
    a.resync === b.resync &&
    a.note === b.note &&
    a.referenceRefused === b.referenceRefused &&
    a.reference === b.reference &&
    a.altReference === b.altReference &&
    a.waitReference === b.waitReference
  );
}

type Compared =
  | "role"
  | "source"
  | "alternative"
  | "carriers"
  | "resync"
  | "note"
  | "referenceRefused"
  | "reference"
  | "altReference"
  | "waitReference";
const _compared: Exclude<keyof SyncInstruction, Compared> extends never ? true : never = true;

/** Whether two lists of candidates (or of aliens) name the same radios, in the same order, at the same RSSI and FER. */
export function sameHeardList<T extends { rfpi: string; rssi: number }>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.rfpi !== y.rfpi || x.rssi !== y.rssi || (x as { fer?: number }).fer !== (y as { fer?: number }).fer)
      return false;
  }
  return true;
}
