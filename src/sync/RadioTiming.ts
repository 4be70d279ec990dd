import type { Heard } from "../role/Air.js";
import type { CarrierPlan } from "../role/bands.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { RadioSyncStatus, SyncLostReason } from "./protocol.js";
import { SYNC_TIMING } from "./syncTiming.js";
import { reanchor, timingChanges, type AirTiming, type TimingChange } from "./timing.js";

/** The beacon a radio took its air values from, as it received it then. */
export interface Locked {
  readonly rfpi: string;
  readonly rssi: number;
  readonly fer: number;
  readonly timing: AirTiming;
}

/** Why a radio takes a beacon's values: a slave follows its source; a sync master listens, references, resyncs. */
export type TakeReason = "follow" | "listen" | "reference" | "resync";

/**
 * A radio's air values (docs/design.md "Air timing"): whose they are — its source's, its reference's, or its own
 * clock's — and the sync lost counter (§4.11.5). The radio sync chart says when each of these happens.
 */
export class RadioTiming {
  /** The values the radio transmits with; none while it has not synchronised. */
  timing: AirTiming | undefined;
  /** Where they came from, if from another radio. */
  locked: Locked | undefined;
  /** The values follow `locked` at every look (in sync or in the source's holdover), not the radio's own clock. */
  tracking = false;
  /** §4.11.5 Sync lost counter. */
  syncLost = 0;
  lastLost: RadioSyncStatus["lastLost"];
  /** This radio's crystal error (ppm) and its holdover stability (ppm): seeded per radio. */
  readonly crystalPpm: number;
  readonly holdoverPpm: number;
  readonly #io: RoleIo;
  readonly #region: number;

  constructor(io: RoleIo, region: number) {
    this.#io = io;
    this.#region = region;
    const rng = io.rng.fork("air-sync");
    this.crystalPpm = (rng.next() * 2 - 1) * SYNC_TIMING.crystalPpm;
    this.holdoverPpm = (rng.next() * 2 - 1) * SYNC_TIMING.holdoverPpm;
  }

  /** §4.11.5: the air values that taking `h`'s now would change (none: a smooth re-lock). */
  changesTo(h: Heard): TimingChange[] {
    return this.timing === undefined ? [] : timingChanges(this.timing, h.beacon.timing!, this.#io.clock.now());
  }

  /** Takes `h`'s values; the event log tells when a sync master takes them from a radio it did not before. */
  take(h: Heard, why: TakeReason): void {
    const next = h.beacon.timing!;
    const rfpi = h.beacon.rfpis[0] ?? "";
    if (this.locked?.rfpi !== rfpi && why !== "follow")
      this.#io.emit("state", { role: "sync", state: `timing-from-${why}`, source: rfpi });
    this.timing = next;
    this.locked = { rfpi, rssi: h.rssi, fer: h.fer, timing: next };
  }

  /** A slave takes its source's values, and follows them at every look from now on. */
  follow(h: Heard): void {
    this.take(h, "follow");
    this.tracking = true;
  }

  /** §4.11.5: a slave's sync loss; its traffic stops and it restarts the sync procedure without values. */
  lose(reasons: SyncLostReason[]): void {
    this.countLoss(reasons);
    this.forget();
  }

  /** §4.11.5: a sync loss, counted and told; the radio's traffic stops. */
  countLoss(reasons: SyncLostReason[]): void {
    this.syncLost++;
    this.lastLost = { t: this.#io.clock.now(), reasons };
    this.#io.emit("sync-lost", { reasons, count: this.syncLost, region: this.#region });
  }

  /** The values are gone (a sync loss, or off air). */
  forget(): void {
    this.timing = undefined;
    this.locked = undefined;
    this.tracking = false;
  }

  /** Source lost: the last values keep running on the disciplined clock (§4.6.36 "maintain synchronization"). */
  holdOver(): void {
    if (this.timing !== undefined)
      this.timing = reanchor(
        this.timing,
        this.#io.clock.now(),
        (this.locked?.timing.ppm ?? this.crystalPpm) + this.holdoverPpm,
      );
    this.tracking = false;
  }

  /** §4.6.36 master state: the values run on the radio's own crystal, over `carriers` enabled carriers. */
  runOwnClock(carriers: CarrierPlan): void {
    this.timing = this.#freeRun(this.timing!, carriers);
  }

  /** A sync master done listening leads with the values it took, or new ones, on its own crystal. */
  leadOnOwnClock(carriers: CarrierPlan): void {
    this.timing = this.#freeRun(this.timing ?? this.#newTiming(carriers), carriers);
    this.locked = undefined;
  }

  #freeRun(t: AirTiming, carriers: CarrierPlan): AirTiming {
    return reanchor({ ...t, carriers }, this.#io.clock.now(), this.crystalPpm);
  }

  #newTiming(carriers: CarrierPlan): AirTiming {
    const now = this.#io.clock.now();
    const rng = this.#io.rng.fork(`timing/${now}`);
    return {
      anchorMs: now,
      frames: rng.int(2 ** 24 * 16),
      ppm: this.crystalPpm,
      pscn: rng.int(carriers.enabled.length),
      carriers,
    };
  }
}
