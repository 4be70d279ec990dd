import { SYNC_USABLE_FER_PCT, SYNC_USABLE_RSSI_DBM, usableForSync } from "./air/model.js";

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
  readonly hears: readonly { readonly from: string; readonly rssi: number; readonly fer: number }[];
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

type Cand = { readonly from: string; readonly rssi: number; readonly fer: number };

const better = (a: Cand, b: Cand) =>
  a.rssi > b.rssi || (a.rssi === b.rssi && (a.fer < b.fer || (a.fer === b.fer && a.from < b.from)));

/**
 * The sync tree of one region (§4.6.36): breadth first from the active sync master(s) over usable bearers, so every
 * radio gets the fewest hops possible, and among sources at that depth the strongest (with hysteresis against
 * flapping). Restricted Slaves are never sources; statically locked radios follow only their Sync RFPI, else their
 * Alternative Sync RFPI. A tree cannot loop: a radio's source is always one hop nearer the root. Each radio also gets
 * an alternative source at its source's depth or its own, never below it.
 */
export function computeSyncTree(radios: readonly TreeRadio[], opts: TreeOptions): SyncTree {
  const byId = new Map(radios.map((r) => [r.id, r]));
  // Who may take sync from whom: listeners[u] = radios receiving u usably.
  const listeners = new Map<string, { to: TreeRadio; link: Cand }[]>();
  for (const v of radios)
    for (const l of v.hears) {
      const u = byId.get(l.from);
      if (u === undefined || !u.source || u === v || !usableForSync(l.rssi, l.fer)) continue;
      if (v.lock !== undefined && l.from !== v.lock.sync && l.from !== v.lock.alt) continue;
      let list = listeners.get(u.id);
      if (list === undefined) listeners.set(u.id, (list = []));
      list.push({ to: v, link: l });
    }
  const placed = new Map<string, Placement>();
  const unplaced = new Map<string, string>();
  const tentative = new Map<string, { level: number; cands: Cand[] }>();
  const queue: string[] = [];
  const finalize = (id: string) => {
    const t = tentative.get(id)!;
    let best = t.cands[0]!;
    for (const c of t.cands) if (better(c, best)) best = c;
    const prev = t.cands.find((c) => c.from === opts.previous?.get(id));
    const chosen = prev !== undefined && prev.rssi >= best.rssi - opts.hysteresisDb ? prev : best;
    placed.set(id, { level: t.level, source: chosen.from, rssi: chosen.rssi, fer: chosen.fer });
  };
  const expand = (u: string, level: number) => {
    for (const { to: v, link } of listeners.get(u) ?? []) {
      if (placed.has(v.id) || v.root) continue;
      // A locked radio takes its Sync RFPI in this pass; the alternative only if the Sync RFPI never gets placed.
      if (v.lock !== undefined && link.from !== v.lock.sync) continue;
      if (level + 1 > opts.maxDepth) {
        if (!tentative.has(v.id)) unplaced.set(v.id, `deeper than the maximum depth of ${opts.maxDepth} hops`);
        continue;
      }
      const t = tentative.get(v.id);
      if (t === undefined) {
        tentative.set(v.id, { level: level + 1, cands: [link] });
        unplaced.delete(v.id);
        queue.push(v.id);
      } else if (t.level === level + 1) t.cands.push(link);
    }
  };
  const run = () => {
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i]!;
      if (!placed.has(id)) finalize(id);
      expand(id, placed.get(id)!.level);
    }
    queue.length = 0;
  };
  for (const r of radios)
    if (r.root) {
      placed.set(r.id, { level: 0 });
      queue.push(r.id);
    }
  run();
  // Statically locked radios whose Sync RFPI is not in the tree take their Alternative Sync RFPI (§4.6.36).
  for (let changed = true; changed;) {
    changed = false;
    for (const v of radios) {
      if (v.lock?.alt === undefined || placed.has(v.id) || v.root) continue;
      const alt = placed.get(v.lock.alt);
      const link = v.hears.find((l) => l.from === v.lock!.alt);
      if (alt === undefined || link === undefined || !usableForSync(link.rssi, link.fer)) continue;
      if (!byId.get(v.lock.alt)!.source || alt.level + 1 > opts.maxDepth) continue;
      placed.set(v.id, { level: alt.level + 1, source: link.from, rssi: link.rssi, fer: link.fer });
      unplaced.delete(v.id);
      queue.push(v.id);
      run();
      changed = true;
    }
  }
  for (const v of radios) {
    const p = placed.get(v.id);
    if (p === undefined) {
      if (!unplaced.has(v.id)) unplaced.set(v.id, whyUnplaced(v, byId, placed));
      continue;
    }
    if (p.source === undefined) continue;
    const alt = alternativeOf(v, p, byId, placed);
    if (alt !== undefined) placed.set(v.id, { ...p, alternative: alt });
  }
  return { placed, unplaced };
}

/** The best other source at the source's depth, else at the radio's own depth (never deeper: no loops). */
function alternativeOf(
  v: TreeRadio,
  p: Placement,
  byId: ReadonlyMap<string, TreeRadio>,
  placed: ReadonlyMap<string, Placement>,
): string | undefined {
  if (v.lock !== undefined) return v.lock.alt !== p.source ? v.lock.alt : undefined;
  let best: { c: Cand; level: number } | undefined;
  for (const l of v.hears) {
    const q = placed.get(l.from);
    if (l.from === p.source || q === undefined || !byId.get(l.from)!.source || !usableForSync(l.rssi, l.fer)) continue;
    if (q.level > p.level) continue;
    if (best === undefined || q.level < best.level || (q.level === best.level && better(l, best.c)))
      best = { c: l, level: q.level };
  }
  return best?.c.from;
}

function whyUnplaced(v: TreeRadio, byId: ReadonlyMap<string, TreeRadio>, placed: ReadonlyMap<string, Placement>) {
  if (v.lock !== undefined) {
    const heard = (id: string | undefined) => v.hears.some((l) => l.from === id && usableForSync(l.rssi, l.fer));
    if (!heard(v.lock.sync) && !heard(v.lock.alt)) return `static Sync RFPI ${v.lock.sync} not received usably`;
    return `static Sync RFPI ${v.lock.sync} is not synchronized`;
  }
  if (![...byId.values()].some((r) => r.root)) return "no active sync master in this region";
  const inTree = v.hears.filter((l) => placed.has(l.from));
  if (inTree.some((l) => byId.get(l.from)!.source))
    return `the radios of the tree it receives are too weak (below ${SYNC_USABLE_RSSI_DBM} dBm or FER above ${SYNC_USABLE_FER_PCT} %)`;
  if (inTree.length > 0) return "it receives only Restricted Slaves, which are never a sync source";
  return "no usable signal path to the sync master";
}
