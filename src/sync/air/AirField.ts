import type { Position } from "../settings.js";
import { SeededRng } from "../../core/Rng.js";
import { DEFAULT_BAND } from "../../role/bands.js";
import type { Air, Beacon, Heard } from "../../role/Air.js";
import { outerWallsCrossed, wallLossDb, type Building, type Wall } from "./geometry.js";
import {
  ALIEN_OVERLAP_DB,
  AIR_DEFAULTS,
  SENSITIVITY_DBM,
  dbmToMw,
  ferPct,
  floorLossDb,
  maxRangeM,
  pathLossDb,
  type AirModelSettings,
} from "./model.js";

/** Another DECT system's radio (§4.12.2 Disturbances, §4.23.10 RFP Scan): always on air, never in sync with us. */
export interface AlienRadio {
  readonly name: string;
  readonly rfpi: string;
  /** Its System ID when it is an IP-DECT system of our RFPI plan (shown by RFP Scan); 0 for other vendors. */
  readonly systemId: number;
  readonly position: Position;
  readonly txDbm: number;
}

/** The site: model settings, buildings, extra walls and alien radios (a fleet file's `air` section). */
export interface AirSite {
  readonly model: AirModelSettings;
  readonly buildings: readonly Building[];
  readonly walls: readonly Wall[];
  readonly aliens: readonly AlienRadio[];
}

export const EMPTY_SITE: AirSite = { model: AIR_DEFAULTS, buildings: [], walls: [], aliens: [] };

/** A radio of the fleet at its place. */
export interface Placement {
  readonly name: string;
  readonly position: Position;
}

export interface Link {
  readonly from: string;
  readonly rssi: number;
  readonly fer: number;
}

/**
 * What one receiver receives, strongest first, as parallel arrays: a site of 2047 radios has some 336 000 links, and an
 * object per link (with its boxed RSSI) would cost about eight times the memory (docs/performance.md "Air sync scale").
 */
interface Links {
  /** Index of the sender in the field's transmitters. */
  readonly from: Uint32Array;
  /** Whole dBm (rounded when the field is built): read back as small integers, never boxed numbers. */
  readonly rssi: Int32Array;
  readonly fer: Uint8Array;
}

/**
 * The radio air of one site (docs/architecture.md "air"): which radio receives which at what RSSI and FER, computed once
 * from positions with the seeded model, and what each radio currently broadcasts. The sim attaches devices to it
 * directly; real nodes reach it through the air service (`ipdect air`). Same placements, site and seed → same links.
 */
export class AirField {
  readonly site: AirSite;
  /** Every transmitter (radios, then aliens): a receiver's links name their senders by index here. */
  readonly #senders: readonly string[];
  /** Per receiver: the radios (and aliens) it receives, strongest first. */
  readonly #links = new Map<string, Links>();
  readonly #placements: readonly Placement[];
  readonly #beacons = new Map<string, Beacon>();
  /** Per transmitter: the receivers that have it among their links. */
  readonly #hearers = new Map<string, string[]>();
  /**
   * Per receiver, what it receives now; dropped when a beacon it receives changes. Radios re-publish the same beacon on
   * every look at the air, so in a steady state nothing is rebuilt, and a change rebuilds only the lists it is in
   * (a 2047-radio site's lists hold some 336 000 entries: rebuilding all at every change was most of its garbage).
   */
  readonly #heardCache = new Map<string, Heard[]>();

  constructor(placements: readonly Placement[], site: AirSite, seed: string) {
    this.site = site;
    this.#placements = placements;
    const m = site.model;
    const shadowRng = new SeededRng(`air/${seed}`);
    const all = [
      ...placements.map((p) => ({ name: p.name, position: p.position, txDbm: m.txDbm })),
      ...site.aliens.map((a) => ({ name: a.name, position: a.position, txDbm: a.txDbm })),
    ];
    // Another vendor's system transmits in the default band (§4.6.6): radios of another band do not hear it.
    for (const a of site.aliens)
      this.#beacons.set(a.name, {
        rfpis: [a.rfpi],
        systemId: a.systemId,
        domain: 0,
        band: DEFAULT_BAND,
        region: -1,
        alien: true,
      });
    this.#senders = all.map((a) => a.name);
    const senderIndex = new Map(this.#senders.map((n, i) => [n, i]));
    const range = Math.max(...all.map((a) => maxRangeM(m, a.txDbm)), 1);
    const cellOf = (p: Position) => `${Math.floor(p.x / range)},${Math.floor(p.y / range)}`;
    const cells = new Map<string, typeof all>();
    for (const a of all) cells.set(cellOf(a.position), [...(cells.get(cellOf(a.position)) ?? []), a]);
    const raw = new Map<string, { from: string; rssi: number; alien: boolean }[]>();
    for (const a of all) raw.set(a.name, []);
    const alienNames = new Set(site.aliens.map((a) => a.name));
    for (const a of all) {
      const [cx, cy] = [Math.floor(a.position.x / range), Math.floor(a.position.y / range)];
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const b of cells.get(`${cx + dx},${cy + dy}`) ?? []) {
            // Each unordered pair once, so both directions share one shadowing draw (reciprocity).
            if (a.name >= b.name) continue;
            const loss = this.#lossDb(a.position, b.position) - shadow(shadowRng, a.name, b.name, m.shadowingDb);
            const ab = a.txDbm - loss;
            const ba = b.txDbm - loss;
            if (ab >= SENSITIVITY_DBM) raw.get(b.name)!.push({ from: a.name, rssi: ab, alien: alienNames.has(a.name) });
            if (ba >= SENSITIVITY_DBM) raw.get(a.name)!.push({ from: b.name, rssi: ba, alien: alienNames.has(b.name) });
          }
    }
    for (const [to, heard] of raw) {
      if (alienNames.has(to)) continue;
      const interference = heard.filter((h) => h.alien).reduce((sum, h) => sum + dbmToMw(h.rssi - ALIEN_OVERLAP_DB), 0);
      const links = heard
        .map((h) => {
          const rssi = Math.round(h.rssi);
          // An alien's own bearer is received over noise only (its interference is on our bearers).
          return { from: h.from, rssi, fer: ferPct(h.rssi, h.alien ? 0 : interference) };
        })
        .sort((x, y) => y.rssi - x.rssi || (x.from < y.from ? -1 : 1));
      for (const l of links) {
        const hearers = this.#hearers.get(l.from);
        if (hearers === undefined) this.#hearers.set(l.from, [to]);
        else hearers.push(to);
      }
      this.#links.set(to, {
        from: Uint32Array.from(links, (l) => senderIndex.get(l.from)!),
        rssi: Int32Array.from(links, (l) => l.rssi),
        fer: Uint8Array.from(links, (l) => l.fer),
      });
    }
  }

  /**
   * The radios a handset at `p` receives, strongest first (no shadowing: a handset moves, its fading averages out).
   * Handsets transmit at the radios' power, so what it hears is also what hears it.
   */
  audibleAt(p: Position): { readonly name: string; readonly rssi: number }[] {
    const tx = this.site.model.txDbm;
    return this.#placements
      .map((r) => ({ name: r.name, rssi: Math.round(tx - this.#lossDb(p, r.position)) }))
      .filter((r) => r.rssi >= SENSITIVITY_DBM)
      .sort((a, b) => b.rssi - a.rssi || (a.name < b.name ? -1 : 1));
  }

  #lossDb(a: Position, b: Position): number {
    const m = this.site.model;
    const floors = Math.abs(a.floor - b.floor);
    const d = Math.hypot(a.x - b.x, a.y - b.y, floors * m.floorHeightM);
    return (
      pathLossDb(d, m) +
      floorLossDb(floors, m) +
      m.wallLossDb * outerWallsCrossed(this.site.buildings, a, b) +
      wallLossDb(this.site.walls, a, b)
    );
  }

  /** Everything `name` receives (radios and aliens), whether on air now or not: for tests and the air service. */
  links(name: string): readonly Link[] {
    const l = this.#links.get(name);
    if (l === undefined) return [];
    return Array.from(l.from, (from, i) => ({ from: this.#senders[from]!, rssi: l.rssi[i]!, fer: l.fer[i]! }));
  }

  publish(name: string, beacon: Beacon | undefined): void {
    const old = this.#beacons.get(name);
    if (beacon === undefined) {
      if (old === undefined) return;
      this.#beacons.delete(name);
    } else {
      if (old !== undefined && sameBeacon(old, beacon)) return;
      this.#beacons.set(name, beacon);
    }
    for (const to of this.#hearers.get(name) ?? []) this.#heardCache.delete(to);
  }

  /** What `name` receives now: beacons on air, strongest first. The same array until a beacon it receives changes. */
  heard(name: string): readonly Heard[] {
    const cached = this.#heardCache.get(name);
    if (cached !== undefined) return cached;
    const out: Heard[] = [];
    const l = this.#links.get(name);
    if (l !== undefined)
      for (let i = 0; i < l.from.length; i++) {
        const beacon = this.#beacons.get(this.#senders[l.from[i]!]!);
        if (beacon !== undefined) out.push({ beacon, rssi: l.rssi[i]!, fer: l.fer[i]! });
      }
    this.#heardCache.set(name, out);
    return out;
  }

  /** Whether `name` is one of the radios placed on this site. */
  has(name: string): boolean {
    return this.#links.has(name);
  }

  /** The Air handle of one radio (undefined when it has no place on this site). */
  attach(name: string): Air | undefined {
    if (!this.has(name)) return undefined;
    return { publish: (b) => this.publish(name, b), heard: () => this.heard(name) };
  }
}

function sameBeacon(a: Beacon, b: Beacon): boolean {
  return (
    sameList(a.rfpis, b.rfpis) &&
    a.systemId === b.systemId &&
    a.domain === b.domain &&
    a.region === b.region &&
    a.timing === b.timing &&
    a.holdover === b.holdover &&
    a.alien === b.alien
  );
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A log-normal shadowing draw for the pair, dB: the same whichever side asks. */
function shadow(rng: SeededRng, a: string, b: string, sigmaDb: number): number {
  if (sigmaDb === 0) return 0;
  const r = rng.fork(`${a}|${b}`);
  // Box–Muller.
  return sigmaDb * Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}
