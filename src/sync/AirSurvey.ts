import type { Beacon, Heard } from "../role/Air.js";
import { DEFAULT_BAND, samePlan, type CarrierPlan, type FrequencyBand } from "../role/bands.js";
import { SENSITIVITY_DBM, SYNC_USABLE_RSSI_DBM, usableForSync } from "./air/model.js";
import {
  MAX_CANDIDATES,
  type RadioSyncSettings,
  type RfpScanResult,
  type SyncAlien,
  type SyncCandidate,
  type SyncInstruction,
} from "./protocol.js";

/** A radio reports this many alien systems at most, strongest first (§4.12.2 Disturbances). */
const MAX_ALIENS = 4;

/** The system a radio is on air in: beacons of the same System ID and air domain are its own system's radios. */
export type AirSystem = Pick<Beacon, "systemId" | "domain">;

/**
 * What a radio hears, and which beacon it may take its air values from (§4.6.36): its list of received sync
 * candidates and the aliens it hears (the report to the PARI Master), the instructed source or its alternative, a
 * radio of its region (a listening sync master), its reference.
 */
export class AirSurvey {
  readonly #region: number;
  #system: AirSystem | undefined;
  /** The list last surveyed (the air returns the same list while nothing on air changed); none after a retune. */
  #surveyed: readonly Heard[] | undefined;
  /** The band the receiver is tuned to (§4.6.6): beacons of another band are not heard. */
  #band: FrequencyBand = DEFAULT_BAND;
  /** What the receiver hears of the list last surveyed: the beacons of its band. */
  #audible: readonly Heard[] = [];
  /** The audible list last observed, where sources and references are looked up; a retune does not clear it. */
  #observed: readonly Heard[] = [];
  /** Radios of our system and region strong enough to be a sync source, strongest first (§4.6.36). */
  candidates: SyncCandidate[] = [];
  /** Other DECT systems heard (§4.12.2). */
  aliens: SyncAlien[] = [];
  /** The last source chosen, for what it was chosen: the chart asks several times per look. */
  #chosen: { instruction: SyncInstruction; current: string | undefined; pick: Heard | undefined } | undefined;

  constructor(region: number) {
    this.#region = region;
  }

  /** On air in `system`; new RFPIs in the same system keep what was surveyed. */
  tuneIn(system: AirSystem): void {
    if (system.systemId === this.#system?.systemId && system.domain === this.#system.domain) return;
    this.#surveyed = undefined;
    this.#chosen = undefined;
    this.#system = { systemId: system.systemId, domain: system.domain };
  }

  tuneOut(): void {
    this.#system = undefined;
  }

  /**
   * Takes in what the radio receives now (one look at the air) on `band` (§4.6.6): a transmitter on another band is
   * not heard at all. False when that is what it received before.
   */
  observe(heard: readonly Heard[], band: FrequencyBand): boolean {
    if (band === this.#band && (heard === this.#surveyed || (heard.length === 0 && this.#surveyed?.length === 0)))
      return false;
    this.#surveyed = heard;
    this.#band = band;
    // Mostly every beacon is of the band: the list itself then, not a copy per radio.
    this.#audible = heard.every((h) => h.beacon.band === band) ? heard : heard.filter((h) => h.beacon.band === band);
    this.#observed = this.#audible;
    this.#chosen = undefined;
    const cands: SyncCandidate[] = [];
    const aliens: SyncAlien[] = [];
    for (const h of this.#audible) {
      if (h.rssi < SENSITIVITY_DBM) continue;
      if (!this.#ours(h)) {
        if (aliens.length < MAX_ALIENS)
          aliens.push({ rfpi: h.beacon.rfpis[0] ?? "", systemId: h.beacon.systemId, rssi: h.rssi });
      } else if (
        // Candidates strong enough to be a sync source: weaker ones could never be chosen (§4.6.36).
        h.rssi >= SYNC_USABLE_RSSI_DBM &&
        h.beacon.region === this.#region &&
        cands.length < MAX_CANDIDATES
      )
        cands.push({ rfpi: h.beacon.rfpis[0] ?? "", rssi: h.rssi, fer: h.fer });
    }
    this.candidates = cands;
    this.aliens = aliens;
    return true;
  }

  /**
   * The source a slave follows (§4.6.36 "The PARI Master informs the IPBS sync slaves which sync candidate it shall
   * synchronize to", static Sync RFPI and Alternative Sync RFPI alike): the instructed source first, then its
   * alternative, in sync (not in holdover). Failing both, the radio stays with its `current` source while that is one
   * of the two, even into the source's holdover, rather than jump to another radio in holdover.
   */
  chooseSource(instruction: SyncInstruction, current: string | undefined): Heard | undefined {
    const c = this.#chosen;
    if (c?.instruction === instruction && c.current === current) return c.pick;
    const { source, alternative, carriers } = instruction;
    let pick = this.#find(source, carriers, false) ?? this.#find(alternative, carriers, false);
    if (pick === undefined && current !== undefined && (current === source || current === alternative))
      pick = this.#find(current, carriers, true);
    this.#chosen = { instruction, current, pick };
    return pick;
  }

  /** §4.6.36: a newly active sync master takes slot, frame, multiframe and PSCN from a radio of its region. */
  regionRadio(carriers: CarrierPlan): Heard | undefined {
    if (this.#surveyed === undefined) return undefined;
    return this.#audible.find(
      (h) =>
        this.#ours(h) &&
        h.beacon.region === this.#region &&
        h.beacon.timing !== undefined &&
        samePlan(h.beacon.timing.carriers, carriers) &&
        usableForSync(h.rssi, h.fer),
    );
  }

  /**
   * The sync master's reference (§4.6.36 Reference RFPI, else the Alternative reference RFPI), "another or same DECT
   * system". A reference the PARI Master refused (it would close a ring) is never followed.
   */
  reference(instruction: SyncInstruction, settings: RadioSyncSettings): Heard | undefined {
    if (instruction.referenceRefused !== undefined) return undefined;
    const { carriers } = instruction;
    return (
      this.#find(instruction.reference ?? settings.referenceRfpi, carriers, false, true) ??
      this.#find(instruction.altReference ?? settings.altReferenceRfpi, carriers, false, true)
    );
  }

  /**
   * §4.23.10: every system heard other than our own, strongest radio of each; System ID 0 is another vendor's. The
   * scan listens on the radio's band (§4.6.6).
   */
  scan(heard: readonly Heard[]): RfpScanResult {
    const seen = new Map<string, { systemId: number; rfpi: string; rssi: number }>();
    for (const h of heard) {
      if (h.beacon.band !== this.#band) continue;
      if (this.#system !== undefined && this.#ours(h)) continue;
      const key = h.beacon.systemId === 0 ? `rfpi:${h.beacon.rfpis[0]}` : `id:${h.beacon.systemId}/${h.beacon.domain}`;
      if (!seen.has(key)) seen.set(key, { systemId: h.beacon.systemId, rfpi: h.beacon.rfpis[0] ?? "", rssi: h.rssi });
    }
    return { systems: [...seen.values()] };
  }

  #ours(h: Heard): boolean {
    const s = this.#system!;
    return !h.beacon.alien && h.beacon.systemId === s.systemId && h.beacon.domain === s.domain;
  }

  /**
   * A beacon carrying `rfpi`, received usably and in sync with `carriers` enabled. Sources are radios of our own
   * system; a reference may be another system's (`anySystem`, §4.6.36).
   */
  #find(rfpi: string | undefined, carriers: CarrierPlan, holdoverOk: boolean, anySystem = false): Heard | undefined {
    if (rfpi === undefined) return undefined;
    // The strongest beacon carrying it: a search of the list rather than a map per radio, which at 2047 radios of some
    // 160 beacons heard each held about 14 MiB; the chart asks a few times per look that can be news.
    const h = this.#observed.find((x) => x.beacon.rfpis.includes(rfpi));
    if (h === undefined || (!anySystem && !this.#ours(h))) return undefined;
    const timing = h.beacon.timing;
    return timing !== undefined &&
      samePlan(timing.carriers, carriers) &&
      (holdoverOk || !h.beacon.holdover) &&
      usableForSync(h.rssi, h.fer)
      ? h
      : undefined;
  }
}
