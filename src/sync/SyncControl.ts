import { DecodeError, StateError } from "../core/errors.js";
import { carriersProblem, type CarrierPlan } from "../role/bands.js";
import type { SyncMode, SyncOverview, SyncRegionView } from "./overview.js";
import { ReferenceRefusals } from "./ReferenceRefusals.js";
import { regionView } from "./regionView.js";
import { sameHeardList, sameInstruction, type SyncInstruction } from "./protocol.js";
import { computeSyncTree, type SyncTree, type TreeRadio } from "./syncTree.js";
import { SYNC_TIMING } from "./syncTiming.js";
import type { ReceivedSyncReport } from "./wire.js";
import { SyncCode } from "./errors.js";

/** The PARI Master's sync settings: maximum tree depth, and the band and its enabled carriers (§4.6.6, §4.6.7). */
export interface SyncControlSettings {
  readonly maxDepth: number;
  readonly carriers: CarrierPlan;
}

interface Radio {
  readonly mac: string;
  name: string;
  kind: "IPBS" | "IPBL";
  rfpi: string;
  report: ReceivedSyncReport;
  /** The RFPI as of the last full report: with the report's settings and candidates, what the tree depends on. */
  reportedRfpi: string;
  /** Its Reference RFPIs as resolved at the last computation (names resolve once the named radio reports). */
  references: string;
  /** As last instructed: waiting for its reference to synchronise. */
  waiting: boolean;
}

interface Region {
  readonly id: number;
  dirty: boolean;
  roots: Set<string>;
  rootRadios: Radio[];
  tree: SyncTree | undefined;
  readonly stats: { calculations: number; configurations: number; syncLost: number };
  resync: number;
}

/** §4.12.2: an alien system received stronger than a radio's current sync signal. */
export interface Disturbance {
  readonly radio: string;
  readonly rfpi: string;
  readonly alienRfpi: string;
  readonly systemId: number;
  readonly rssi: number;
  readonly syncRssi?: number;
}

/**
 * Air sync control of a PARI Master (§4.6.36, §4.12): collects each radio's sync report, picks the active sync
 * master of every region (IPBLs in region 0 are all sync masters), computes the sync trees, and tells each radio what
 * to follow. Refuses references that would make a ring. Counts Calculations, Configurations and Sync Lost per region.
 */
export class SyncControl {
  settings: SyncControlSettings;
  readonly #radios = new Map<string, Radio>();
  readonly #regions = new Map<number, Region>();
  readonly #instructions = new Map<string, SyncInstruction>();
  readonly #refusals = new ReferenceRefusals();
  /** Each radio's last reported sync lost counter, kept across reconnects so no loss goes uncounted. */
  readonly #lastSyncLost = new Map<string, number>();
  readonly #warn: (code: string, text: string) => void;

  constructor(settings: SyncControlSettings, warn: (code: string, text: string) => void) {
    this.settings = settings;
    this.#warn = warn;
  }

  /** A connected radio's report (or just its keep-alive, `report` undefined, when nothing changed). */
  report(mac: string, who: { name: string; kind: "IPBS" | "IPBL"; rfpi: string }, report?: ReceivedSyncReport): void {
    const r = this.#radios.get(mac);
    if (report === undefined) {
      if (r !== undefined && r.rfpi !== who.rfpi) {
        r.rfpi = who.rfpi;
        this.#region(r.report.settings.region).dirty = true;
      }
      return;
    }
    const delta = report.syncLost - (this.#lastSyncLost.get(mac) ?? report.syncLost);
    if (delta > 0) this.#region(report.settings.region).stats.syncLost += delta;
    this.#lastSyncLost.set(mac, report.syncLost);
    if (r === undefined) {
      this.#radios.set(mac, { mac, ...who, report, reportedRfpi: who.rfpi, references: "", waiting: false });
      this.#region(report.settings.region).dirty = true;
      return;
    }
    if (!sameTreeInput(r, who.rfpi, report)) {
      this.#region(r.report.settings.region).dirty = true;
      this.#region(report.settings.region).dirty = true;
    }
    Object.assign(r, who, { report, reportedRfpi: who.rfpi });
  }

  /** A radio no longer connected (static registration): out of every tree. */
  disconnect(mac: string): void {
    const r = this.#radios.get(mac);
    if (r === undefined) return;
    this.#radios.delete(mac);
    this.#instructions.delete(mac);
    this.#region(r.report.settings.region).dirty = true;
  }

  /** The instruction for a radio, once it has reported. */
  instructionFor(mac: string): SyncInstruction | undefined {
    return this.#instructions.get(mac);
  }

  /** Recomputes the trees that need it; returns the radios whose instruction changed (to push them). */
  recompute(): string[] {
    // Called every sweep (250 ms): the lookup tables are built only when something needs them.
    let byRfpi: Map<string, Radio> | undefined;
    let byName: Map<string, Radio> | undefined;
    const resolve = (id: string | undefined): Radio | undefined => {
      if (id === undefined) return undefined;
      if (byRfpi === undefined || byName === undefined) {
        byRfpi = new Map();
        byName = new Map();
        for (const r of this.#radios.values()) {
          byRfpi.set(r.rfpi, r);
          byName.set(r.name, r);
        }
      }
      return byRfpi.get(id) ?? byName.get(id);
    };
    const anyDirty = () => [...this.#regions.values()].some((g) => g.dirty);
    if (anyDirty())
      for (const r of this.#radios.values()) {
        const s = r.report.settings;
        if (s.referenceRfpi === undefined) continue;
        const refs = [s.referenceRfpi, s.altReferenceRfpi].map((id) => resolve(id)?.rfpi ?? id).join();
        if (refs === r.references) continue;
        r.references = refs;
        this.#region(s.region).dirty = true;
      }
    const changed: string[] = [];
    if (anyDirty()) this.#checkRings(resolve);
    const dirty = [...this.#regions.values()].filter((g) => g.dirty);
    for (const g of dirty) {
      g.dirty = false;
      const members = [...this.#radios.values()].filter((r) => r.report.settings.region === g.id);
      g.roots = this.#pickRoots(g, members);
      g.rootRadios = members.filter((r) => g.roots.has(r.rfpi));
      g.tree = computeSyncTree(
        members.map((r) => this.#treeRadio(r, g, resolve)),
        {
          maxDepth: this.settings.maxDepth,
          hysteresisDb: SYNC_TIMING.hysteresisDb,
          previous: previousSources(g.tree),
        },
      );
      g.stats.calculations++;
      for (const r of members) if (this.#instruct(r, g, resolve)) changed.push(r.mac);
    }
    // A sync master waiting for its reference learns when the reference radio has synchronised (not a tree change).
    for (const g of this.#regions.values())
      for (const r of g.rootRadios) {
        if (this.#radios.get(r.mac) !== r || r.report.settings.referenceRfpi === undefined) continue;
        if (r.waiting === this.#waitsForReference(r, resolve)) continue;
        if (this.#instruct(r, g, resolve)) changed.push(r.mac);
      }
    return changed;
  }

  /** Whether a sync master's reference is a radio of ours, connected and not synchronized yet. */
  #waitsForReference(r: Radio, resolve: (id: string | undefined) => Radio | undefined): boolean {
    const ref = resolve(r.report.settings.referenceRfpi);
    return ref !== undefined && ref.report.state !== "synchronized" && this.#refusals.refused(r.mac) === undefined;
  }

  /** §4.12.1 Reference Synchronization "Start": the region's sync master resynchronises to its reference. */
  resync(region: number): void {
    const g = this.#regions.get(region);
    const masters = (g?.rootRadios ?? []).filter((r) => this.#radios.get(r.mac) === r);
    if (g === undefined || masters.length === 0)
      throw new StateError(SyncCode.SyncNoMaster, `region ${region} has no active sync master`);
    const withRef = masters.filter((r) => r.report.settings.referenceRfpi !== undefined);
    if (withRef.length === 0)
      throw new StateError(SyncCode.SyncNoReference, `the sync master of region ${region} has no Reference RFPI`);
    const refused = withRef.map((r) => this.#refusals.refused(r.mac)).find((w) => w !== undefined);
    if (refused !== undefined && withRef.every((r) => this.#refusals.refused(r.mac) !== undefined))
      throw new StateError(SyncCode.SyncReferenceRefused, `the reference of region ${region} is refused: ${refused}`);
    g.resync++;
    g.dirty = true;
  }

  /** §4.12.1 Region Details "Clear". */
  clearStats(region: number): void {
    const g = this.#regions.get(region);
    if (g === undefined) throw new StateError(SyncCode.SyncNoRegion, `no radio reports sync region ${region}`);
    Object.assign(g.stats, { calculations: 0, configurations: 0, syncLost: 0 });
  }

  /** Frequency band and enabled carriers (§4.6.6, §4.6.7): every radio resynchronises (§4.11.5). */
  setCarriers(carriers: CarrierPlan): void {
    const problem = carriersProblem(carriers.band, carriers.enabled);
    if (problem !== undefined) throw new DecodeError(SyncCode.SyncCarriers, problem);
    this.settings = { ...this.settings, carriers };
    for (const g of this.#regions.values()) g.dirty = true;
  }

  overview(systemId: number): SyncOverview {
    const regions: SyncRegionView[] = [];
    for (const g of [...this.#regions.values()].sort((a, b) => a.id - b.id)) {
      const members = [...this.#radios.values()].filter((r) => r.report.settings.region === g.id);
      if (members.length === 0) continue;
      regions.push(
        regionView(
          g,
          members,
          (mac) => this.#instructions.get(mac)?.role,
          (id) => this.#resolve(id),
        ),
      );
    }
    const { band, enabled } = this.settings.carriers;
    return { systemId, maxDepth: this.settings.maxDepth, band, carriers: enabled, regions };
  }

  disturbances(): Disturbance[] {
    const out: Disturbance[] = [];
    for (const r of [...this.#radios.values()].sort((a, b) => a.name.localeCompare(b.name)))
      for (const a of r.report.aliens)
        if (r.report.rssi === undefined || a.rssi > r.report.rssi)
          out.push({
            radio: r.name,
            rfpi: r.rfpi,
            alienRfpi: a.rfpi,
            systemId: a.systemId,
            rssi: a.rssi,
            ...(r.report.rssi === undefined ? {} : { syncRssi: r.report.rssi }),
          });
    return out;
  }

  // ---- internals -------------------------------------------------------------------------------------------------

  #region(id: number): Region {
    let g = this.#regions.get(id);
    if (g === undefined) {
      g = {
        id,
        dirty: true,
        roots: new Set(),
        rootRadios: [],
        tree: undefined,
        stats: { calculations: 0, configurations: 0, syncLost: 0 },
        resync: 0,
      };
      this.#regions.set(id, g);
    }
    return g;
  }

  #byRfpi(rfpi: string): Radio | undefined {
    for (const r of this.#radios.values()) if (r.rfpi === rfpi) return r;
    return undefined;
  }

  /** A radio by RFPI, or by device name (fleet files may name the radio). */
  #resolve(id: string): Radio | undefined {
    return this.#byRfpi(id) ?? [...this.#radios.values()].find((r) => r.name === id);
  }

  #mode(r: Radio): SyncMode {
    return r.report.settings.mode;
  }

  /**
   * IPBLs of the region are all sync masters (mixed systems, §4.6.36); otherwise one candidate: the current one
   * while it stays connected, else the candidate receiving most radios of its region (the middle of the building).
   */
  #pickRoots(g: Region, members: readonly Radio[]): Set<string> {
    const ipbls = members.filter((r) => r.kind === "IPBL");
    if (ipbls.length > 0) return new Set(ipbls.map((r) => r.rfpi));
    const candidates = members.filter((r) => this.#mode(r) === "master");
    const current = candidates.find((r) => g.roots.has(r.rfpi));
    if (current !== undefined) return new Set([current.rfpi]);
    const best = [...candidates].sort(
      (a, b) => b.report.candidates.length - a.report.candidates.length || (a.rfpi < b.rfpi ? -1 : 1),
    )[0];
    return new Set(best === undefined ? [] : [best.rfpi]);
  }

  #treeRadio(r: Radio, g: Region, resolve: (id: string | undefined) => Radio | undefined): TreeRadio {
    const s = r.report.settings;
    const lockTo = (id: string | undefined) => {
      const t = resolve(id);
      // §4.6.36: a static Sync RFPI "must be within the same synchronization region".
      return t !== undefined && t.report.settings.region === s.region ? t.rfpi : id;
    };
    return {
      id: r.rfpi,
      source: this.#mode(r) !== "restricted",
      root: g.roots.has(r.rfpi),
      ...(s.syncRfpi === undefined
        ? {}
        : {
            lock: {
              sync: lockTo(s.syncRfpi)!,
              ...(s.altSyncRfpi === undefined ? {} : { alt: lockTo(s.altSyncRfpi)! }),
            },
          }),
      hears: r.report.candidates,
    };
  }

  /** Sets the radio's instruction from the tree; true when it changed (§4.12.1 Configurations). */
  #instruct(r: Radio, g: Region, resolve: (id: string | undefined) => Radio | undefined): boolean {
    const s = r.report.settings;
    const reference = resolve(s.referenceRfpi)?.rfpi ?? s.referenceRfpi;
    const altReference = resolve(s.altReferenceRfpi)?.rfpi ?? s.altReferenceRfpi;
    const p = g.tree?.placed.get(r.rfpi);
    const root = g.roots.has(r.rfpi);
    r.waiting = root && this.#waitsForReference(r, resolve);
    const note = g.tree?.unplaced.get(r.rfpi);
    const refused = this.#refusals.refused(r.mac);
    const useRef = root && refused === undefined;
    const useAlt = useRef && !this.#refusals.altRefused(r.mac);
    const next: SyncInstruction = {
      role: root ? "active-master" : this.#mode(r) === "master" ? "standby-candidate" : "slave",
      ...(p?.source === undefined ? {} : { source: p.source }),
      ...(p?.alternative === undefined ? {} : { alternative: p.alternative }),
      carriers: this.settings.carriers,
      resync: root ? g.resync : 0,
      ...(note === undefined ? {} : { note }),
      ...(refused === undefined ? {} : { referenceRefused: refused }),
      ...(reference === undefined || !useRef ? {} : { reference }),
      ...(altReference === undefined || !useAlt ? {} : { altReference }),
      ...(r.waiting ? { waitReference: true } : {}),
    };
    const prev = this.#instructions.get(r.mac);
    if (prev !== undefined && sameInstruction(prev, next)) return false;
    this.#instructions.set(r.mac, next);
    g.stats.configurations++;
    return true;
  }

  /** §4.6.36: reference sync must not form a ring; a refusal that changes is warned of and re-instructed. */
  #checkRings(resolve: (id: string | undefined) => Radio | undefined): void {
    const candidates = [...this.#radios.values()]
      .filter((r) => this.#mode(r) === "master")
      .sort((a, b) => (a.rfpi < b.rfpi ? -1 : 1))
      .map((r) => {
        const s = r.report.settings;
        return {
          mac: r.mac,
          region: s.region,
          reference: resolve(s.referenceRfpi)?.report.settings.region,
          altReference: resolve(s.altReferenceRfpi)?.report.settings.region,
        };
      });
    for (const { mac, what, why } of this.#refusals.check(candidates)) {
      const r = this.#radios.get(mac);
      if (r === undefined) continue;
      this.#region(r.report.settings.region).dirty = true;
      if (why !== undefined) this.#warn("SYNC_REFERENCE_RING", `${r.name}: ${what} refused, ${why}`);
    }
  }
}

/**
 * Whether a new report leaves the radio's part of the tree as it was: same RFPI, settings and candidates. Compared in
 * place rather than through a key string: 2047 radios' keys of some 100 candidates each were megabytes kept alive.
 */
function sameTreeInput(r: Radio, rfpi: string, report: ReceivedSyncReport): boolean {
  return (
    r.reportedRfpi === rfpi &&
    JSON.stringify(r.report.settings) === JSON.stringify(report.settings) &&
    sameHeardList(r.report.candidates, report.candidates)
  );
}

function previousSources(tree: SyncTree | undefined): Map<string, string> | undefined {
  if (tree === undefined) return undefined;
  const m = new Map<string, string>();
  for (const [id, p] of tree.placed) if (p.source !== undefined) m.set(id, p.source);
  return m;
}
