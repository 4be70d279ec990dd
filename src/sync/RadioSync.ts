import { createActor, type Actor, type SnapshotFrom } from "xstate";
import type { Beacon } from "../role/Air.js";
import type { RoleIo } from "../role/RoleIo.js";
import { AirSurvey } from "./AirSurvey.js";
import { LookClock } from "./LookClock.js";
import type { SyncState } from "./overview.js";
import {
  sameInstruction,
  type RadioSyncSettings,
  type RadioSyncStatus,
  type RfpScanResult,
  type SyncAlien,
  type SyncCandidate,
  type SyncInstruction,
  type SyncReport,
} from "./protocol.js";
import { radioSyncMachine, type RadioSyncEvent } from "./radioSync.machine.js";
import { RadioTiming, type Locked } from "./RadioTiming.js";
import { syncReportChanged, syncStatus } from "./radioSyncStatus.js";
import { SyncMaster } from "./SyncMaster.js";
import { DEFAULT_PLAN } from "../role/bands.js";
import type { AirTiming } from "./timing.js";

export type {
  RadioSyncSettings,
  RadioSyncStatus,
  RfpScanResult,
  SyncAlien,
  SyncCandidate,
  SyncInstruction,
  SyncLostReason,
  SyncReport,
} from "./protocol.js";
export { MAX_CANDIDATES } from "./protocol.js";

/** What a radio broadcasts besides its sync values: its RFPIs in its system. */
type BeaconBase = Pick<Beacon, "rfpis" | "systemId" | "domain">;

/**
 * The radio side of air synchronisation (§4.6.36, §4.11.5, §4.12.3) as the radio's PARI client drives it: on and off
 * air with its RFPIs, instructed by the PARI Master, and one look at the air per PARI keep-alive, after which it
 * broadcasts its beacon. The states and their deadlines are `radioSyncMachine`'s; the survey of the air, the values
 * and the sync master's steps are its parts.
 */
export class RadioSync {
  readonly settings: RadioSyncSettings;
  readonly #io: RoleIo;
  readonly #clock: LookClock;
  readonly #air: AirSurvey;
  readonly #timing: RadioTiming;
  readonly #actor: Actor<typeof radioSyncMachine>;
  #base: BeaconBase | undefined;
  /** The beacon last broadcast: it goes out at every look, and is built again only when something in it changed. */
  #beacon: Beacon | undefined;
  #reported: SyncReport | undefined;
  /** The chart may see something new at the next look even in unchanged air: it had an event or changed state. */
  #lookIsNews = true;

  constructor(settings: RadioSyncSettings, io: RoleIo) {
    this.settings = settings;
    this.#io = io;
    this.#clock = new LookClock(io.clock.now());
    this.#air = new AirSurvey(settings.region);
    this.#timing = new RadioTiming(io, settings.region);
    this.#actor = createActor(radioSyncMachine, {
      clock: this.#clock,
      input: {
        io,
        settings,
        clock: this.#clock,
        air: this.#air,
        timing: this.#timing,
        master: new SyncMaster(io, settings, this.#timing),
        instruction: { role: "slave", carriers: DEFAULT_PLAN, resync: 0 },
      },
    });
    // A failing action is a bug: it stops the chart and surfaces in the caller, not later on a timer.
    this.#actor.subscribe({ error: () => undefined });
    this.#actor.start();
  }

  get now(): number {
    return this.#io.clock.now();
  }

  /** §4.12.3 State. */
  get state(): SyncState {
    const v = this.#snapshot.value;
    return (typeof v === "string" ? v : Object.keys(v)[0]) as SyncState;
  }

  /** Can carry calls (§4.11.5: not while unsynchronized). */
  get traffic(): boolean {
    return this.#snapshot.hasTag("traffic");
  }

  get referenceLocked(): boolean {
    return this.#snapshot.hasTag("referenceLocked");
  }

  get instruction(): SyncInstruction {
    return this.#snapshot.context.instruction;
  }

  get timing(): AirTiming | undefined {
    return this.#timing.timing;
  }

  get locked(): Locked | undefined {
    return this.#timing.locked;
  }

  get syncLost(): number {
    return this.#timing.syncLost;
  }

  get lastLost(): RadioSyncStatus["lastLost"] {
    return this.#timing.lastLost;
  }

  get crystalPpm(): number {
    return this.#timing.crystalPpm;
  }

  get holdoverPpm(): number {
    return this.#timing.holdoverPpm;
  }

  get candidates(): SyncCandidate[] {
    return this.#air.candidates;
  }

  get aliens(): SyncAlien[] {
    return this.#air.aliens;
  }

  /** RFPIs assigned: on air (searching for sync the first time), or new RFPIs. */
  onAir(base: BeaconBase): void {
    const first = this.#base === undefined;
    // The PARI client hands in its RFPIs with every grant; the beacon changes only when they do.
    if (first || !sameBase(this.#base!, base)) {
      this.#base = base;
      this.#beacon = undefined;
    }
    this.#air.tuneIn(base);
    if (!first) return;
    this.#send({ type: "air.on" });
    this.#publish();
  }

  /** No RFPIs (PARI Master lost, refused, disabled): off air; the radio keeps its counters. */
  offAir(): void {
    this.#base = undefined;
    this.#beacon = undefined;
    this.#air.tuneOut();
    this.#send({ type: "air.off" });
    this.#io.air?.publish(undefined);
  }

  /** What the PARI Master tells this radio; it repeats it with every grant, and only a changed one is news. */
  instruct(next: SyncInstruction): void {
    if (sameInstruction(this.instruction, next)) return;
    this.#send({ type: "instruct", instruction: next });
  }

  /** One look at the air (every PARI keep-alive): follow, hold over, listen or lead; then broadcast. */
  tick(): void {
    if (this.#base === undefined) return;
    const airChanged = this.#air.observe(this.#io.air?.heard() ?? [], this.instruction.carriers.band);
    const deadlinePassed = this.#clock.catchUp(this.#io.clock.now());
    // Each look takes what the radio sees, so another look at the same air with nothing else new (no event, deadline
    // or change of state since) would change nothing: the chart hears only of looks that can be news.
    if (airChanged || deadlinePassed || this.#lookIsNews) {
      const before = this.#snapshot;
      this.#deliver({ type: "look" });
      this.#lookIsNews = this.#snapshot !== before;
    }
    this.#publish();
  }

  /** Manual resynchronisation of an active sync master to its reference (§4.12.1 Reference Synchronization). */
  resync(): void {
    if (this.#base !== undefined) this.#air.observe(this.#io.air?.heard() ?? [], this.instruction.carriers.band);
    this.#send({ type: "resync" });
  }

  /** §4.23.10: every system heard other than our own, strongest radio of each; System ID 0 is another vendor's. */
  scan(): RfpScanResult {
    const result = this.#air.scan(this.#io.air?.heard() ?? []);
    this.#io.emit("state", { role: "sync", state: "rfp-scan", systems: result.systems.length });
    return result;
  }

  report(): SyncReport {
    const locked = this.#timing.locked;
    return {
      settings: this.settings,
      state: this.state,
      ...(locked === undefined ? {} : { source: locked.rfpi, rssi: locked.rssi, fer: locked.fer }),
      syncLost: this.#timing.syncLost,
      referenceLocked: this.referenceLocked,
      candidates: this.#air.candidates,
      aliens: this.#air.aliens,
    };
  }

  /** Whether the report changed since the last call (so the keep-alive carries it only then). */
  reportChanged(): boolean {
    const r = this.report();
    const last = this.#reported;
    this.#reported = r;
    return last === undefined || syncReportChanged(last, r);
  }

  status(): RadioSyncStatus {
    return syncStatus({
      settings: this.settings,
      instruction: this.instruction,
      state: this.state,
      traffic: this.traffic,
      referenceLocked: this.referenceLocked,
      rfpis: this.#base?.rfpis,
      timing: this.#timing,
      candidates: this.#air.candidates,
      now: this.now,
    });
  }

  get #snapshot(): SnapshotFrom<typeof radioSyncMachine> {
    return this.#actor.getSnapshot();
  }

  /** Delivers `event` once the chart's deadlines up to now have passed (LookClock). */
  #send(event: RadioSyncEvent): void {
    this.#clock.catchUp(this.#io.clock.now());
    this.#deliver(event);
    this.#lookIsNews = true;
  }

  #deliver(event: RadioSyncEvent): void {
    this.#actor.send(event);
    const s = this.#snapshot;
    if (s.status === "error") throw s.error;
  }

  #publish(): void {
    const b = this.#base;
    if (b === undefined) return;
    const state = this.state;
    const onAirTiming = this.traffic || state === "listening";
    const timing = onAirTiming ? this.#timing.timing : undefined;
    const holdover = state !== "synchronized";
    // §4.6.6: the radio transmits in the band its PARI Master told it.
    const band = this.instruction.carriers.band;
    const last = this.#beacon;
    if (last === undefined || last.timing !== timing || (last.holdover === true) !== holdover || last.band !== band)
      this.#beacon = {
        ...b,
        band,
        region: this.settings.region,
        ...(timing === undefined ? {} : { timing }),
        ...(holdover ? { holdover: true } : {}),
      };
    this.#io.air?.publish(this.#beacon);
  }
}

const sameBase = (a: BeaconBase, b: BeaconBase): boolean =>
  a.systemId === b.systemId &&
  a.domain === b.domain &&
  a.rfpis.length === b.rfpis.length &&
  a.rfpis.every((r, i) => r === b.rfpis[i]);
