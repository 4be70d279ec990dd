import { ALARM } from "../core/alarms/index.js";
import type { Beacon, Heard } from "../role/Air.js";
import type { RoleIo } from "../role/RoleIo.js";
import { SENSITIVITY_DBM, SYNC_USABLE_RSSI_DBM, usableForSync } from "./air/model.js";
import type { SyncMode, SyncRole, SyncState } from "./overview.js";
import { SYNC_TIMING } from "./syncTiming.js";
import { driftUs, reanchor, timingChanges, type AirTiming, type TimingChange } from "./timing.js";

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
  readonly carriers: number;
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
const MAX_ALIENS = 4;
/** DECT's 12 duplex slots, for the sync bearer's slot shown in status. */
const SLOTS = 12;
const DAY_MS = 86_400_000;

interface Locked {
  readonly rfpi: string;
  readonly rssi: number;
  readonly fer: number;
  readonly timing: AirTiming;
}

/**
 * The radio side of air synchronisation (§4.6.36, §4.11.5, §4.12.3), driven once per PARI keep-alive tick:
 *
 * | state          | carries traffic | leaves when                                                               |
 * |----------------|-----------------|---------------------------------------------------------------------------|
 * | unsynchronized | no              | assigned RFPIs → searching                                                |
 * | searching      | no              | the instructed source (or alternative) is received in sync → synchronized |
 * | listening      | no              | active sync master: a radio of its region or its reference heard, or 30 s |
 * | synchronized   | yes             | source lost → holdover; air values changed → sync lost, searching         |
 * | holdover       | yes             | source back → synchronized; 9 minutes without source → sync lost          |
 *
 * Holdover also covers a radio whose source is itself in holdover: its timing no longer traces to a sync master.
 */
export class RadioSync {
  readonly settings: RadioSyncSettings;
  readonly #io: RoleIo;
  state: SyncState = "unsynchronized";
  instruction: SyncInstruction = { role: "slave", carriers: SYNC_TIMING.defaultCarriers, resync: 0 };
  timing: AirTiming | undefined;
  locked: Locked | undefined;
  syncLost = 0;
  lastLost: RadioSyncStatus["lastLost"];
  referenceLocked = false;
  candidates: SyncCandidate[] = [];
  aliens: SyncAlien[] = [];
  /** When the radio last had a source (or started searching): the 9-minute rule counts from here. */
  #lostSince = 0;
  #listenSince = 0;
  #everReferenced = false;
  #resyncDone = 0;
  #lastTick = 0;
  #beaconBase: Pick<Beacon, "rfpis" | "systemId" | "domain"> | undefined;
  /** This radio's crystal error (ppm) and its holdover stability (ppm): seeded per radio. */
  readonly crystalPpm: number;
  readonly holdoverPpm: number;
  #reported: SyncReport | undefined;
  #surveyed: readonly Heard[] | undefined;
  /** Following a source right now (in sync or in its holdover), as opposed to running on its own. */
  #tracking = false;
  /** The strongest beacon carrying each RFPI in the surveyed list. */
  #byRfpi = new Map<string, Heard>();

  constructor(settings: RadioSyncSettings, io: RoleIo) {
    this.settings = settings;
    this.#io = io;
    const rng = io.rng.fork("air-sync");
    this.crystalPpm = (rng.next() * 2 - 1) * SYNC_TIMING.crystalPpm;
    this.holdoverPpm = (rng.next() * 2 - 1) * SYNC_TIMING.holdoverPpm;
  }

  get now(): number {
    return this.#io.clock.now();
  }

  get traffic(): boolean {
    return this.state === "synchronized" || this.state === "holdover";
  }

  /** RFPIs assigned: on air, searching for sync. */
  onAir(base: Pick<Beacon, "rfpis" | "systemId" | "domain">): void {
    const first = this.#beaconBase === undefined;
    if (base.systemId !== this.#beaconBase?.systemId || base.domain !== this.#beaconBase.domain)
      this.#surveyed = undefined;
    this.#beaconBase = base;
    if (!first) return;
    this.#lostSince = this.now;
    this.#enter("searching");
    this.#publish();
  }

  /** No RFPIs (PARI Master lost, refused, disabled): off air; the radio keeps its counters. */
  offAir(): void {
    this.#beaconBase = undefined;
    this.locked = undefined;
    this.timing = undefined;
    this.#tracking = false;
    this.#unlockReference();
    // Back on air, the radio starts over and takes whatever it is told then (a sync master listens again).
    this.instruction = { role: "slave", carriers: this.instruction.carriers, resync: 0 };
    this.#enter("unsynchronized");
    this.#io.air?.publish(undefined);
  }

  instruct(next: SyncInstruction): void {
    const prev = this.instruction;
    this.instruction = next;
    if (next.role === "active-master" && prev.role !== "active-master") {
      this.#listenSince = this.now;
      this.#unlockReference();
      this.#everReferenced = false;
      this.#resyncDone = next.resync;
      this.#enter("listening");
    } else if (next.role !== "active-master" && prev.role === "active-master") {
      // No longer the sync master: no reference of its own any more (nothing lost, so no alarm).
      this.#unlockReference();
      this.#tracking = false;
      this.#enter(this.timing === undefined ? "searching" : "holdover");
      this.#lostSince = this.now;
    }
    if (next.carriers !== prev.carriers && this.timing !== undefined) {
      // §4.11.5: a changed number of enabled carriers stops radio traffic; the radio then resynchronises.
      this.#lose(["carriers"]);
      if (this.timing !== undefined) this.timing = this.#freeRun(this.timing);
    }
  }

  /** One look at the air (every PARI keep-alive): follow, hold over, listen or lead; then broadcast. */
  tick(): void {
    if (this.#beaconBase === undefined) return;
    const heard = this.#io.air?.heard() ?? [];
    this.#survey(heard);
    if (this.instruction.role === "active-master") this.#lead(heard);
    else this.#follow(heard);
    if (
      (this.state === "holdover" || this.state === "searching") &&
      this.now - this.#lostSince >= SYNC_TIMING.noSourceMs
    ) {
      this.#lose(["no-source"]);
      this.#io.alarms.raise(ALARM.RFP_UNSYNCHRONIZED);
    }
    this.#lastTick = this.now;
    this.#publish();
  }

  /** Manual resynchronisation of an active sync master to its reference (§4.12.1 Reference Synchronization). */
  resync(): void {
    if (this.instruction.role !== "active-master" || this.state !== "synchronized") return;
    if (this.instruction.referenceRefused !== undefined) return;
    const ref = this.#reference(this.#io.air?.heard() ?? []);
    if (ref === undefined) {
      this.#io.alarms.raise(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE);
      this.#io.emit("state", { role: "sync", state: "resync-failed", reference: this.settings.referenceRfpi });
      return;
    }
    this.#io.alarms.clear(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE);
    this.#adopt(ref, "resync");
    this.#setReferenceLocked(true);
  }

  /** §4.23.10: every system heard other than our own, strongest radio of each; System ID 0 is another vendor's. */
  scan(): RfpScanResult {
    const seen = new Map<string, { systemId: number; rfpi: string; rssi: number }>();
    for (const h of this.#io.air?.heard() ?? []) {
      if (this.#beaconBase !== undefined && this.#ours(h)) continue;
      const key = h.beacon.systemId === 0 ? `rfpi:${h.beacon.rfpis[0]}` : `id:${h.beacon.systemId}/${h.beacon.domain}`;
      if (!seen.has(key)) seen.set(key, { systemId: h.beacon.systemId, rfpi: h.beacon.rfpis[0] ?? "", rssi: h.rssi });
    }
    this.#io.emit("state", { role: "sync", state: "rfp-scan", systems: seen.size });
    return { systems: [...seen.values()] };
  }

  report(): SyncReport {
    return {
      settings: this.settings,
      state: this.state,
      ...(this.locked === undefined ? {} : { source: this.locked.rfpi, rssi: this.locked.rssi, fer: this.locked.fer }),
      syncLost: this.syncLost,
      referenceLocked: this.referenceLocked,
      candidates: this.candidates,
      aliens: this.aliens,
    };
  }

  /** Whether the report changed since the last call (so the keep-alive carries it only then). */
  reportChanged(): boolean {
    const r = this.report();
    const last = this.#reported;
    this.#reported = r;
    return (
      last === undefined ||
      last.state !== r.state ||
      last.source !== r.source ||
      last.syncLost !== r.syncLost ||
      last.referenceLocked !== r.referenceLocked ||
      !sameList(last.candidates, r.candidates) ||
      !sameList(last.aliens, r.aliens)
    );
  }

  status(): RadioSyncStatus {
    const src = this.locked;
    const bearer = this.#beaconBase === undefined ? undefined : (src?.rfpi ?? this.#beaconBase.rfpis[0]);
    return {
      mode: this.settings.mode,
      region: this.settings.region,
      role: this.instruction.role,
      state: this.state,
      traffic: this.traffic,
      ...(this.#beaconBase === undefined ? {} : { rfpi: this.#beaconBase.rfpis[0] }),
      ...(src === undefined ? {} : { source: src.rfpi, rssi: src.rssi, fer: src.fer }),
      ...(this.instruction.alternative === undefined ? {} : { alternative: this.instruction.alternative }),
      ...(this.timing === undefined || bearer === undefined ? {} : dummyBearer(bearer, this.timing.carriers)),
      offsetPpm: round2(src === undefined ? 0 : this.crystalPpm - src.timing.ppm),
      driftUs: round2(src === undefined || this.timing === undefined ? 0 : driftUs(this.timing, src.timing, this.now)),
      syncLost: this.syncLost,
      ...(this.lastLost === undefined ? {} : { lastLost: this.lastLost }),
      referenceLocked: this.referenceLocked,
      candidates: this.candidates,
      ...(this.instruction.note === undefined ? {} : { note: this.instruction.note }),
    };
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  #ours(h: Heard): boolean {
    const b = this.#beaconBase!;
    return !h.beacon.alien && h.beacon.systemId === b.systemId && h.beacon.domain === b.domain;
  }

  #survey(heard: readonly Heard[]): void {
    // The air returns the same list while nothing on air changed: nothing to redo then.
    if (heard === this.#surveyed) return;
    this.#surveyed = heard;
    this.#byRfpi = new Map();
    for (const h of heard) for (const r of h.beacon.rfpis) if (!this.#byRfpi.has(r)) this.#byRfpi.set(r, h);
    const cands: SyncCandidate[] = [];
    const aliens: SyncAlien[] = [];
    for (const h of heard) {
      if (h.rssi < SENSITIVITY_DBM) continue;
      if (!this.#ours(h)) {
        if (aliens.length < MAX_ALIENS)
          aliens.push({ rfpi: h.beacon.rfpis[0] ?? "", systemId: h.beacon.systemId, rssi: h.rssi });
      } else if (
        // Candidates strong enough to be a sync source: weaker ones could never be chosen (§4.6.36).
        h.rssi >= SYNC_USABLE_RSSI_DBM &&
        h.beacon.region === this.settings.region &&
        cands.length < MAX_CANDIDATES
      )
        cands.push({ rfpi: h.beacon.rfpis[0] ?? "", rssi: h.rssi, fer: h.fer });
    }
    this.candidates = cands;
    this.aliens = aliens;
  }

  /** A beacon of our system carrying `rfpi`, received usably and in sync. */
  #find(heard: readonly Heard[], rfpi: string | undefined, holdoverOk: boolean, any = false): Heard | undefined {
    if (rfpi === undefined) return undefined;
    this.#survey(heard);
    const h = this.#byRfpi.get(rfpi);
    // Sources are radios of our own system; a reference may be another system's (§4.6.36).
    if (h === undefined || (!any && !this.#ours(h))) return undefined;
    return h.beacon.timing?.carriers === this.instruction.carriers &&
      (holdoverOk || !h.beacon.holdover) &&
      usableForSync(h.rssi, h.fer)
      ? h
      : undefined;
  }

  #follow(heard: readonly Heard[]): void {
    const ins = this.instruction;
    // The instructed source first, then its alternative, in sync (not in holdover). Failing both, a radio stays
    // with its current source while that is one of the two, even into the source's holdover.
    let pick = this.#find(heard, ins.source, false) ?? this.#find(heard, ins.alternative, false);
    const current = this.locked?.rfpi;
    if (pick === undefined && current !== undefined && (current === ins.source || current === ins.alternative))
      pick = this.#find(heard, current, true);
    if (pick === undefined) {
      // Nothing to follow: keep the last values on our own disciplined clock.
      if (this.#tracking) this.#holdover();
      return;
    }
    if (!this.#adopt(pick, "follow")) return;
    this.#tracking = true;
    if (pick.beacon.holdover === true) {
      // Following a source in holdover: our timing no longer traces to a sync master either.
      if (this.state !== "holdover") this.#lostSince = this.now;
      this.#enter("holdover");
    } else this.#enter("synchronized");
  }

  #lead(heard: readonly Heard[]): void {
    if (this.state === "listening") {
      // §4.6.36: take slot, frame, multiframe and PSCN from a radio of the region, else from the reference.
      const region = heard.find(
        (h) =>
          this.#ours(h) &&
          h.beacon.region === this.settings.region &&
          h.beacon.timing?.carriers === this.instruction.carriers &&
          usableForSync(h.rssi, h.fer),
      );
      const ref = region === undefined ? this.#reference(heard) : undefined;
      const from = region ?? ref;
      const listened = this.now - this.#listenSince;
      const limit = this.instruction.waitReference === true ? SYNC_TIMING.referenceWaitMs : SYNC_TIMING.listenMs;
      if (from === undefined && listened < limit) return;
      if (from !== undefined) this.#adopt(from, "listen");
      if (ref !== undefined) this.#setReferenceLocked(true);
      else {
        // In master state the values run on the master's own clock (§4.6.36).
        this.timing = this.#freeRun(this.timing ?? this.#newTiming());
        this.locked = undefined;
      }
      this.#enter("synchronized");
      return;
    }
    if (this.state !== "synchronized" || this.settings.referenceRfpi === undefined) return;
    if (this.instruction.referenceRefused !== undefined) {
      if (this.referenceLocked) {
        this.#unlockReference();
        this.timing = this.#freeRun(this.timing!);
      }
      return;
    }
    const ref = this.#reference(heard);
    if (this.referenceLocked) {
      if (ref === undefined) {
        this.#setReferenceLocked(false);
        this.timing = this.#freeRun(this.timing!);
      } else this.#adopt(ref, "reference");
    } else if (ref !== undefined && !this.#everReferenced) {
      // Found after start-up: "the Sync Master will try to synchronize to the reference system if it is found".
      this.#adopt(ref, "reference");
      this.#setReferenceLocked(true);
    }
    if (this.instruction.resync > this.#resyncDone) {
      this.#resyncDone = this.instruction.resync;
      this.resync();
    } else if (
      this.settings.resync === "scheduled" &&
      !this.referenceLocked &&
      this.#crossed(this.settings.resyncAtMin)
    )
      this.resync();
  }

  #reference(heard: readonly Heard[]): Heard | undefined {
    const s = this.settings;
    const i = this.instruction;
    // A reference refused by the PARI Master (it would close a ring, §4.6.36) is never followed.
    if (i.referenceRefused !== undefined) return undefined;
    return (
      this.#find(heard, i.reference ?? s.referenceRfpi, false, true) ??
      this.#find(heard, i.altReference ?? s.altReferenceRfpi, false, true)
    );
  }

  #setReferenceLocked(on: boolean): void {
    if (on === this.referenceLocked) return;
    this.referenceLocked = on;
    if (on) {
      this.#everReferenced = true;
      this.#io.alarms.clear(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST);
      this.#io.alarms.clear(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE);
    } else this.#io.alarms.raise(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST);
    this.#io.emit("state", { role: "sync", state: on ? "reference-locked" : "reference-lost" });
  }

  /**
   * Takes `h`'s timing. A change of air values first costs a sync loss (§4.11.5): a slave then waits for the next
   * look (false); a sync master takes the new values at once.
   */
  #adopt(h: Heard, why: "follow" | "listen" | "reference" | "resync"): boolean {
    const next = h.beacon.timing!;
    const changes = this.timing === undefined ? [] : timingChanges(this.timing, next, this.now);
    if (changes.length > 0) {
      this.#lose(changes);
      if (this.instruction.role !== "active-master") return false;
    }
    const rfpi = h.beacon.rfpis[0] ?? "";
    if (this.locked?.rfpi !== rfpi && why !== "follow")
      this.#io.emit("state", { role: "sync", state: `timing-from-${why}`, source: rfpi });
    this.timing = next;
    this.locked = { rfpi, rssi: h.rssi, fer: h.fer, timing: next };
    // Only a source in sync resets the 9-minute rule: a chain of radios in holdover keeps one limit (§4.11.5).
    if (h.beacon.holdover !== true) this.#lostSince = this.now;
    return true;
  }

  /** Source lost: keep the last values running on the disciplined clock (§4.6.36 "maintain synchronization"). */
  #holdover(): void {
    if (this.timing !== undefined)
      this.timing = reanchor(this.timing, this.now, (this.locked?.timing.ppm ?? this.crystalPpm) + this.holdoverPpm);
    this.#tracking = false;
    if (this.state !== "holdover") this.#lostSince = this.now;
    this.#enter("holdover");
  }

  /** The reference no longer applies (demoted, off air, refused): unlocked without counting it as lost. */
  #unlockReference(): void {
    this.#io.alarms.clear(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST);
    this.#io.alarms.clear(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE);
    if (!this.referenceLocked) return;
    this.referenceLocked = false;
    this.#io.emit("state", { role: "sync", state: "reference-unlocked" });
  }

  /** §4.11.5: traffic stops and the sync procedure restarts (a sync master keeps leading, with new values). */
  #lose(reasons: SyncLostReason[]): void {
    this.syncLost++;
    this.lastLost = { t: this.now, reasons };
    this.#io.emit("sync-lost", { reasons, count: this.syncLost, region: this.settings.region });
    this.#lostSince = this.now;
    if (this.instruction.role === "active-master") return;
    this.timing = undefined;
    this.locked = undefined;
    this.#tracking = false;
    this.#enter("searching");
  }

  #freeRun(t: AirTiming): AirTiming {
    return reanchor({ ...t, carriers: this.instruction.carriers }, this.now, this.crystalPpm);
  }

  #newTiming(): AirTiming {
    const rng = this.#io.rng.fork(`timing/${this.now}`);
    return {
      anchorMs: this.now,
      frames: rng.int(2 ** 24 * 16),
      ppm: this.crystalPpm,
      pscn: rng.int(this.instruction.carriers),
      carriers: this.instruction.carriers,
    };
  }

  /** Whether time of day `minute` passed since the previous tick. */
  #crossed(minute: number): boolean {
    const at = minute * 60_000;
    const prev = this.#lastTick % DAY_MS;
    const now = this.now % DAY_MS;
    return prev <= now ? prev < at && at <= now : prev < at || at <= now;
  }

  #enter(state: SyncState): void {
    if (state === this.state) return;
    this.state = state;
    if (state === "synchronized") this.#io.alarms.clear(ALARM.RFP_UNSYNCHRONIZED);
    this.#io.emit("state", { role: "sync", state, syncRole: this.instruction.role });
  }

  #publish(): void {
    const b = this.#beaconBase;
    if (b === undefined) return;
    const onAirTiming = this.traffic || (this.state === "listening" && this.timing !== undefined);
    this.#io.air?.publish({
      ...b,
      region: this.settings.region,
      ...(onAirTiming && this.timing !== undefined ? { timing: this.timing } : {}),
      ...(this.state !== "synchronized" ? { holdover: true } : {}),
    });
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The carrier and slot of a radio's dummy bearer, the sync bearer others receive (§4.12.3 Carrier, Slot): each radio
 * keeps one, here a stable function of its RFPI, which is enough to tell bearers apart in the status.
 */
function dummyBearer(rfpi: string, carriers: number): { carrier: number; slot: number } {
  let h = 0;
  for (let i = 0; i < rfpi.length; i++) h = (Math.imul(h, 31) + rfpi.charCodeAt(i)) >>> 0;
  return { carrier: h % carriers, slot: (h >>> 8) % SLOTS };
}

function sameList<T extends { rfpi: string; rssi: number }>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.rfpi !== y.rfpi || x.rssi !== y.rssi || (x as { fer?: number }).fer !== (y as { fer?: number }).fer)
      return false;
  }
  return true;
}
