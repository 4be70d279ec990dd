import { ALARM } from "../core/alarms/index.js";
import type { Heard } from "../role/Air.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { RadioSyncSettings, SyncInstruction } from "./protocol.js";
import type { RadioTiming, TakeReason } from "./RadioTiming.js";

const DAY_MS = 86_400_000;

/**
 * What a radio does as the active sync master of its region besides keeping its values (§4.6.36 Configure Sync Master
 * IPBS, §4.12.1 Reference Synchronization): it takes values at once where a slave would first lose sync, locks to its
 * reference and resynchronises to it, and tells each step through alarms and the event log. The radio sync chart says
 * when.
 */
export class SyncMaster {
  readonly #io: RoleIo;
  readonly #settings: RadioSyncSettings;
  readonly #timing: RadioTiming;
  /** The administrator's resynchronisations (§4.12.1 Start) carried out, as the instruction counts them. */
  #resyncDone = 0;

  constructor(io: RoleIo, settings: RadioSyncSettings, timing: RadioTiming) {
    this.#io = io;
    this.#settings = settings;
    this.#timing = timing;
  }

  /** Newly active: no reference of its own yet, and resyncs asked of an earlier sync master are not its own. */
  start(instruction: SyncInstruction): void {
    this.clearReferenceAlarms();
    this.#resyncDone = instruction.resync;
  }

  /**
   * Takes `h`'s values. A change of air values still counts a sync loss (§4.11.5), but a sync master takes the new
   * values at once and keeps leading.
   */
  take(h: Heard, why: TakeReason): void {
    const changes = this.#timing.changesTo(h);
    if (changes.length > 0) this.#timing.countLoss(changes);
    this.#timing.take(h, why);
  }

  /** Found: "the Sync Master will try to synchronize to the reference system if it is found" (§4.6.36). */
  lockReference(): void {
    this.#io.alarms.clear(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST);
    this.#io.alarms.clear(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE);
    this.#io.emit("state", { role: "sync", state: "reference-locked" });
  }

  /** Lost: the region keeps its internal sync, without handover to other regions (§4.6.36 Sync Regions). */
  loseReference(): void {
    this.#io.alarms.raise(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST);
    this.#io.emit("state", { role: "sync", state: "reference-lost" });
  }

  /** The reference no longer applies (demoted, off air, refused): nothing is lost, so no alarm stays. */
  clearReferenceAlarms(): void {
    this.#io.alarms.clear(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST);
    this.#io.alarms.clear(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE);
  }

  announceReferenceUnlocked(): void {
    this.#io.emit("state", { role: "sync", state: "reference-unlocked" });
  }

  /** §4.12.1 "Start": the PARI Master counts the administrator's requests in the instruction. */
  resyncPending(instruction: SyncInstruction): boolean {
    return instruction.resync > this.#resyncDone;
  }

  markResyncDone(instruction: SyncInstruction): void {
    this.#resyncDone = instruction.resync;
  }

  /** §4.12.1 Reference Synchronization: the values jump to the reference's ("all ongoing calls … disconnected"). */
  resyncTo(reference: Heard): void {
    this.#io.alarms.clear(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE);
    this.take(reference, "resync");
  }

  resyncFailed(): void {
    this.#io.alarms.raise(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE);
    this.#io.emit("state", { role: "sync", state: "resync-failed", reference: this.#settings.referenceRfpi });
  }

  /**
   * Milliseconds from `now` to the next scheduled resynchronisation (§4.6.36 step 5 "automatic (scheduled)"): the
   * configured time of day, strictly later than `now`.
   */
  static untilScheduledResync(settings: RadioSyncSettings, now: number): number {
    const wait = (((settings.resyncAtMin * 60_000 - now) % DAY_MS) + DAY_MS) % DAY_MS;
    return wait === 0 ? DAY_MS : wait;
  }
}
