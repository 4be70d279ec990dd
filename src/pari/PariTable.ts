import type { Capacity } from "./rfpiPlan.js";
import { MAX_RADIO_NUMBER } from "./rfpiPlan.js";

export type RadioKind = "IPBS" | "IPBL";

/** One radio the PARI Master knows: its radio numbers (one per RFP) by MAC association (§4.6.21). */
export interface PariEntry {
  readonly mac: string;
  readonly name: string;
  readonly kind: RadioKind;
  /** Radio numbers (see rfpiPlan): one for an IPBS, one per connected RFP port for an IPBL. */
  readonly numbers: readonly number[];
  readonly region: number;
  /** Lamport revision: the newer of two versions of an entry wins when PARI Masters merge their tables. */
  readonly rev: number;
  /** A deleted radio (§4.11.1 Delete, or the source of a Move) is kept as a tombstone so merges do not revive it. */
  readonly deleted: boolean;
}

export type AssignResult =
  | { readonly ok: true; readonly entry: PariEntry; readonly created: boolean; readonly changed: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * The PARI Master's MAC → RFPI association: assignment within capacity, Delete, Move, and the last-writer-wins merge
 * with the Standby PARI Master's copy. Pure data; PariCore persists and replicates it.
 */
export class PariTable {
  readonly #entries = new Map<string, PariEntry>();
  /** Holders of each radio number (more than one only after a collision). */
  readonly #holders = new Map<number, Set<string>>();
  #rev = 0;
  /** Smallest number that may be free; allocation scans up from here. */
  #lowestFree = 1;
  /** Live entries by kind, kept up to date by #put: the Master's sweep asks for the count four times a second. */
  readonly #live = new Map<string, number>();

  constructor(entries: readonly PariEntry[] = []) {
    for (const e of entries) this.#put(e);
  }

  get(mac: string): PariEntry | undefined {
    const e = this.#entries.get(mac);
    return e === undefined || e.deleted ? undefined : e;
  }

  /** Live (not deleted) entries. */
  live(): PariEntry[] {
    return [...this.#entries.values()].filter((e) => !e.deleted);
  }

  /** Every entry including tombstones, for replication and persistence. */
  all(): PariEntry[] {
    return [...this.#entries.values()];
  }

  count(kind?: RadioKind): number {
    if (kind !== undefined) return this.#live.get(kind) ?? 0;
    let n = 0;
    for (const k of this.#live.values()) n += k;
    return n;
  }

  get rev(): number {
    return this.#rev;
  }

  /**
   * The radio's entry, created with the lowest free numbers when it has none. Within capacity per kind (§4.6.34);
   * an IPBL whose port count changed gets numbers added or returned from its highest.
   */
  assign(r: { mac: string; name: string; kind: RadioKind; rfps: number; region: number }, cap: Capacity): AssignResult {
    const old = this.get(r.mac);
    if (old === undefined && this.count(r.kind) >= cap[r.kind])
      return {
        ok: false,
        reason: `capacity reached: this PARI Master holds ${cap[r.kind]} ${r.kind} already (§4.6.34)`,
      };
    const have = old?.numbers ?? [];
    let numbers = have.slice(0, r.rfps);
    if (numbers.length < r.rfps) {
      const more = this.#free(r.rfps - numbers.length);
      if (more === undefined)
        return { ok: false, reason: `no free RFPI: all ${MAX_RADIO_NUMBER} radio numbers are in use` };
      numbers = [...numbers, ...more];
    }
    if (old !== undefined && sameNumbers(old.numbers, numbers) && old.name === r.name && old.region === r.region)
      return { ok: true, entry: old, created: false, changed: false };
    const entry: PariEntry = { ...r, numbers, rev: ++this.#rev, deleted: false };
    this.#put(entry);
    return { ok: true, entry, created: old === undefined, changed: true };
  }

  /** §4.11.1 Delete: the RFPIs are released for reuse. */
  delete(mac: string): PariEntry | undefined {
    const e = this.get(mac);
    if (e === undefined) return undefined;
    this.#put({ ...e, numbers: [], deleted: true, rev: ++this.#rev });
    return e;
  }

  /**
   * §4.11.1 Move: `to` takes `from`'s numbers, its own are released, and `from` is deleted. For an IPBL the moved
   * numbers fill as many ports as `to` has; surplus ones are released.
   */
  move(from: string, to: string): PariEntry | undefined {
    const src = this.get(from);
    const dst = this.get(to);
    if (src === undefined || dst === undefined) return undefined;
    this.#put({ ...src, numbers: [], deleted: true, rev: ++this.#rev });
    const numbers = src.numbers.slice(0, dst.numbers.length);
    const entry = { ...dst, numbers, rev: ++this.#rev };
    this.#put(entry);
    if (numbers.length < dst.numbers.length) {
      const more = this.#free(dst.numbers.length - numbers.length) ?? [];
      this.#put({ ...entry, numbers: [...numbers, ...more] });
    }
    return this.get(to);
  }

  /** Adopts every entry of `other` that is newer than ours (ties: the larger MAC-side content wins, deterministic). */
  merge(other: readonly PariEntry[]): PariEntry[] {
    const changed: PariEntry[] = [];
    for (const e of other) {
      this.#rev = Math.max(this.#rev, e.rev);
      const mine = this.#entries.get(e.mac);
      if (mine !== undefined && (mine.rev > e.rev || (mine.rev === e.rev && key(mine) >= key(e)))) continue;
      this.#put(e);
      changed.push(e);
    }
    return changed;
  }

  /** Radio numbers held by more than one live radio (alarm 0x00140068), with the holders' MACs. */
  collisions(): { number: number; macs: string[] }[] {
    const out: { number: number; macs: string[] }[] = [];
    for (const [number, macs] of this.#holders) if (macs.size > 1) out.push({ number, macs: [...macs].sort() });
    return out.sort((a, b) => a.number - b.number);
  }

  #put(e: PariEntry): void {
    const old = this.#entries.get(e.mac);
    if (old !== undefined && !old.deleted) this.#live.set(old.kind, this.#live.get(old.kind)! - 1);
    if (!e.deleted) this.#live.set(e.kind, (this.#live.get(e.kind) ?? 0) + 1);
    for (const n of old?.numbers ?? []) {
      const h = this.#holders.get(n);
      h?.delete(e.mac);
      if (h?.size === 0) {
        this.#holders.delete(n);
        this.#lowestFree = Math.min(this.#lowestFree, n);
      }
    }
    this.#entries.set(e.mac, e);
    this.#rev = Math.max(this.#rev, e.rev);
    for (const n of e.numbers) {
      const h = this.#holders.get(n) ?? new Set<string>();
      h.add(e.mac);
      this.#holders.set(n, h);
    }
  }

  #free(count: number): number[] | undefined {
    const out: number[] = [];
    let n = this.#lowestFree;
    for (; n <= MAX_RADIO_NUMBER && out.length < count; n++) if (!this.#holders.has(n)) out.push(n);
    if (out.length < count) return undefined;
    this.#lowestFree = out.length > 0 ? out[out.length - 1]! + 1 : this.#lowestFree;
    return out;
  }
}

const sameNumbers = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((n, i) => n === b[i]);

const key = (e: PariEntry): string => `${e.deleted ? 0 : 1}|${e.numbers.join(",")}|${e.name}`;
