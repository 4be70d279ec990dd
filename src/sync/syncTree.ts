import { SYNC_USABLE_FER_PCT, SYNC_USABLE_RSSI_DBM, usableForSync } from "./air/model.js";
import { POOR_FER_PCT } from "./overview.js";

/** One radio of a region as the PARI Master knows it (§4.6.36), by its RFPI. */
export interface TreeRadio {
  readonly id: string;
  /** May be a sync source: not a Restricted Slave. */
  readonly source: boolean;
  /** An active sync master: a root of the tree. */
  readonly root: boolean;
  /** Static sync (§4.6.36 Sync RFPI / Alternative Sync RFPI): follow only these. */
  readonly lock?: { readonly sync: string; readonly alt?: string };
  /** The radio's candidate list: whom it receives, with RSSI (dBm) and FER (%). */
  readonly hears: readonly Cand[];
}

export interface TreeOptions {
  /** Hops from the active sync master a radio may be at most. */
  readonly maxDepth: number;
  /** A radio keeps its current source unless another at the same depth is better by more than this (dB). */
  readonly hysteresisDb: number;
  /** The sources of the last computation (radio → source), for hysteresis. */
  readonly previous?: ReadonlyMap<string, string>;
}

export interface Placement {
  /** Hops from the active sync master (0 for a root). */
  readonly level: number;
  readonly source?: string;
  readonly alternative?: string;
  readonly rssi?: number;
  readonly fer?: number;
}

export interface SyncTree {
  readonly placed: ReadonlyMap<string, Placement>;
  /** Radios left out of the tree, with why. */
  readonly unplaced: ReadonlyMap<string, string>;
}

/** A sync candidate as a radio reports it (§4.6.36): whom it receives, RSSI (dBm), FER (%). */
export type Cand = { readonly rfpi: string; readonly rssi: number; readonly fer: number };

const better = (a: Cand, b: Cand) =>
  a.rssi > b.rssi || (a.rssi === b.rssi && (a.fer < b.fer || (a.fer === b.fer && a.rfpi < b.rfpi)));

/**
 * The sync tree of one region (§4.6.36): breadth first from the active sync master(s) over usable bearers, so every
 * radio gets the fewest hops possible, and among sources at that depth the strongest (with hysteresis against
 * flapping). Restricted Slaves are never sources; statically locked radios follow only their Sync RFPI, else their
 * Alternative Sync RFPI. A tree cannot loop: a radio's source is always one hop nearer the root. Each radio also gets
 * an alternative source nearer the root than itself (so following it can never make a loop).
 */
export function computeSyncTree(radios: readonly TreeRadio[], opts: TreeOptions): SyncTree {
  const n = radios.length;
  const index = new Map<string, number>();
  radios.forEach((r, i) => index.set(r.id, i));
  // Usable bearers u → v as flat typed arrays grouped by u (CSR): the tree is computed on indices, not ids, because a
  // 2047-radio region has a few hundred thousand candidate entries.
  let capacity = 0;
  for (const r of radios) capacity += r.hears.length;
  const edgeFrom = new Int32Array(capacity);
  const edgeTo = new Int32Array(capacity);
  const edgeLink: Cand[] = new Array<Cand>(capacity);
  let edges = 0;
  // Edges into v are contiguous: inStart[v] .. inStart[v + 1].
  const inStart = new Int32Array(n + 1);
  for (let vi = 0; vi < n; vi++) {
    const v = radios[vi]!;
    const hears = v.hears;
    inStart[vi] = edges;
    for (let k = 0; k < hears.length; k++) {
      const l = hears[k]!;
      // Cheap number checks before the id lookup: most entries of a dense site fail them.
      if (!usableForSync(l.rssi, l.fer)) continue;
      const ui = index.get(l.rfpi);
      if (ui === undefined || ui === vi || !radios[ui]!.source) continue;
      if (v.lock !== undefined && l.rfpi !== v.lock.sync && l.rfpi !== v.lock.alt) continue;
      edgeFrom[edges] = ui;
      edgeTo[edges] = vi;
      edgeLink[edges] = l;
      edges++;
    }
  }
  inStart[n] = edges;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < edges; e++) start[edgeFrom[e]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const order = new Int32Array(edges);
  for (let e = 0; e < edges; e++) order[fill[edgeFrom[e]!]!++] = e;

  const level = new Int32Array(n).fill(-1);
  const tentative = new Int32Array(n).fill(-1);
  const cands: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  const source = new Int32Array(n).fill(-1);
  const unplaced = new Map<string, string>();
  const queue: number[] = [];
  const finalize = (v: number) => {
    const list = cands[v]!;
    let best = list[0]!;
    for (const e of list) if (better(edgeLink[e]!, edgeLink[best]!)) best = e;
    const prevId = opts.previous?.get(radios[v]!.id);
    const prev = prevId === undefined ? undefined : list.find((e) => edgeLink[e]!.rfpi === prevId);
    // Hysteresis on signal strength; a poor previous bearer (FER over the overview's yellow line) is not kept.
    const keep =
      prev !== undefined &&
      edgeLink[prev]!.rssi >= edgeLink[best]!.rssi - opts.hysteresisDb &&
      edgeLink[prev]!.fer <= POOR_FER_PCT;
    source[v] = keep ? prev : best;
    level[v] = tentative[v]!;
  };
  const expand = (u: number) => {
    const next = level[u]! + 1;
    for (let k = start[u]!; k < start[u + 1]!; k++) {
      const e = order[k]!;
      const v = edgeTo[e]!;
      const r = radios[v]!;
      if (level[v]! >= 0 || r.root) continue;
      // A locked radio takes its Sync RFPI in this pass; the alternative only if the Sync RFPI never gets placed.
      if (r.lock !== undefined && edgeLink[e]!.rfpi !== r.lock.sync) continue;
      if (next > opts.maxDepth) {
        if (tentative[v]! < 0) unplaced.set(r.id, `deeper than the maximum depth of ${opts.maxDepth} hops`);
        continue;
      }
      if (tentative[v]! < 0) {
        tentative[v] = next;
        cands[v] = [e];
        unplaced.delete(r.id);
        queue.push(v);
      } else if (tentative[v] === next) cands[v]!.push(e);
    }
  };
  const run = () => {
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i]!;
      if (level[v]! < 0) finalize(v);
      expand(v);
    }
    queue.length = 0;
  };
  radios.forEach((r, i) => {
    if (!r.root) return;
    level[i] = 0;
    queue.push(i);
  });
  run();
  // Statically locked radios whose Sync RFPI is not in the tree take their Alternative Sync RFPI (§4.6.36).
  for (let changed = true; changed;) {
    changed = false;
    radios.forEach((v, vi) => {
      if (v.lock?.alt === undefined || level[vi]! >= 0 || v.root) return;
      const ai = index.get(v.lock.alt);
      if (ai === undefined || level[ai]! < 0 || level[ai]! + 1 > opts.maxDepth) return;
      let e = inStart[vi]!;
      while (e < inStart[vi + 1]! && edgeFrom[e] !== ai) e++;
      if (e === inStart[vi + 1]) return;
      tentative[vi] = level[ai]! + 1;
      cands[vi] = [e];
      finalize(vi);
      unplaced.delete(v.id);
      queue.push(vi);
      run();
      changed = true;
    });
  }
  const placed = new Map<string, Placement>();
  radios.forEach((v, vi) => {
    if (level[vi]! < 0) return;
    const e = source[vi]!;
    if (e < 0) return void placed.set(v.id, { level: 0 });
    const l = edgeLink[e]!;
    placed.set(v.id, { level: level[vi]!, source: l.rfpi, rssi: l.rssi, fer: l.fer });
  });
  const byId = new Map(radios.map((r) => [r.id, r]));
  radios.forEach((v, vi) => {
    const p = placed.get(v.id);
    if (p === undefined) {
      if (!unplaced.has(v.id)) unplaced.set(v.id, whyUnplaced(v, byId, placed));
      return;
    }
    if (p.source === undefined) return;
    const lockAlt = v.lock?.alt === undefined ? undefined : placed.get(v.lock.alt);
    const alt =
      v.lock !== undefined
        ? v.lock.alt !== p.source && lockAlt !== undefined && lockAlt.level < p.level
          ? v.lock.alt
          : undefined
        : alternativeOf(vi, source[vi]!, { inStart, edgeFrom, edgeLink, level });
    if (alt !== undefined) placed.set(v.id, { ...p, alternative: alt });
  });
  return { placed, unplaced };
}

/**
 * The best other source nearer the root than radio `v` (fewest hops, then strongest), among the usable edges into
 * `v`. Never a radio at `v`'s own depth: two radios could then take each other as alternative and follow each other.
 */
function alternativeOf(
  v: number,
  chosen: number,
  g: { inStart: Int32Array; edgeFrom: Int32Array; edgeLink: readonly Cand[]; level: Int32Array },
): string | undefined {
  const own = g.level[v]!;
  const from = g.edgeFrom[chosen]!;
  let best = -1;
  let bestLevel = Infinity;
  for (let e = g.inStart[v]!; e < g.inStart[v + 1]!; e++) {
    const u = g.edgeFrom[e]!;
    const q = g.level[u]!;
    if (q < 0 || q >= own || u === from) continue;
    if (q < bestLevel || (q === bestLevel && better(g.edgeLink[e]!, g.edgeLink[best]!))) {
      best = e;
      bestLevel = q;
    }
  }
  return best < 0 ? undefined : g.edgeLink[best]!.rfpi;
}

function whyUnplaced(v: TreeRadio, byId: ReadonlyMap<string, TreeRadio>, placed: ReadonlyMap<string, Placement>) {
  if (v.lock !== undefined) {
    const heard = (id: string | undefined) => v.hears.some((l) => l.rfpi === id && usableForSync(l.rssi, l.fer));
    if (!heard(v.lock.sync) && !heard(v.lock.alt)) return `static Sync RFPI ${v.lock.sync} not received usably`;
    return `static Sync RFPI ${v.lock.sync} is not synchronized`;
  }
  if (![...byId.values()].some((r) => r.root)) return "no active sync master in this region";
  const inTree = v.hears.filter((l) => placed.has(l.rfpi));
  if (inTree.some((l) => byId.get(l.rfpi)!.source))
    return `the radios of the tree it receives are too weak (below ${SYNC_USABLE_RSSI_DBM} dBm or FER above ${SYNC_USABLE_FER_PCT} %)`;
  if (inTree.length > 0) return "it receives only Restricted Slaves, which are never a sync source";
  return "no usable signal path to the sync master";
}
