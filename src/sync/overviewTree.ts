import type { SyncNodeView, SyncRegionView } from "./overview.js";

/** One radio in drawing order: the rows of an indented tree, parents before their children. */
export interface TreeRow {
  readonly node: SyncNodeView;
  /** Indentation: 0 for a root of the drawing. */
  readonly depth: number;
  /** The radio drawn as this one's parent (its `source`); absent for a root. */
  readonly parent?: SyncNodeView;
  /** Per level 1..depth: whether the ancestor at that level (the row itself last) is its parent's last child. */
  readonly last: readonly boolean[];
  /**
   * The `source` of a root other than the active sync master: the PARI Master's tree should never have one, so the
   * picture says whom it follows instead of hiding it (a source outside the region, or a loop).
   */
  readonly follows?: string;
}

export interface RegionTree {
  readonly rows: readonly TreeRow[];
  /** The root the reference sync RFPI (grey dot, §4.12.1) is drawn above: the active sync master. */
  readonly master?: SyncNodeView;
  /** Radios without a `level`, by name. */
  readonly outside: readonly SyncNodeView[];
}

/**
 * "r2" before "r10": digit runs compare as numbers, the rest by UTF-16 code unit; no locale, so the order is the same
 * everywhere.
 */
export function compareNames(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const [x, y] = [chunks(a), chunks(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (p === q) continue;
    const numeric = /^\d/.test(p) && /^\d/.test(q);
    if (numeric && Number(p) !== Number(q)) return Number(p) - Number(q);
    return p < q ? -1 : 1;
  }
  return x.length - y.length || (a < b ? -1 : a > b ? 1 : 0);
}

const byName = (a: SyncNodeView, b: SyncNodeView) =>
  compareNames(a.name, b.name) || (a.rfpi < b.rfpi ? -1 : a.rfpi > b.rfpi ? 1 : 0);

/**
 * The sync tree of one region (§4.12.1) as rows: the active sync master first, each radio under the one whose RFPI
 * is its `source`, siblings by name. Every radio with a `level` appears exactly once, whatever the input: one whose
 * source is not in the tree, or that sits in a loop, becomes an extra root that says whom it follows.
 */
export function regionTree(region: SyncRegionView): RegionTree {
  const inTree = region.nodes.filter((n) => n.level !== undefined).sort(byName);
  const holders = new Set(inTree.map((n) => n.rfpi));
  const children = new Map<string, SyncNodeView[]>();
  for (const n of inTree)
    if (n.source !== undefined && n.source !== n.rfpi && holders.has(n.source))
      children.set(n.source, [...(children.get(n.source) ?? []), n]);
  const isRoot = (n: SyncNodeView) => n.source === undefined || n.source === n.rfpi || !holders.has(n.source);
  const byLevel = (a: SyncNodeView, b: SyncNodeView) => (a.level ?? 0) - (b.level ?? 0) || byName(a, b);
  const master =
    inTree.find((n) => n.rfpi === region.activeMaster && isRoot(n)) ?? inTree.filter(isRoot).sort(byLevel)[0];

  const rows: TreeRow[] = [];
  const seen = new Set<SyncNodeView>();
  const walk = (node: SyncNodeView, parent: SyncNodeView | undefined, last: readonly boolean[]) => {
    seen.add(node);
    const follows = parent === undefined && node !== master ? node.source : undefined;
    rows.push({ node, depth: last.length, last, ...(parent && { parent }), ...(follows !== undefined && { follows }) });
    // Claimed before descending, so a radio sharing its parent's RFPI deeper down cannot list them twice.
    const kids = (children.get(node.rfpi) ?? []).filter((k) => !seen.has(k));
    for (const k of kids) seen.add(k);
    kids.forEach((k, i) => walk(k, node, [...last, i === kids.length - 1]));
  };
  for (const root of [...(master ? [master] : []), ...inTree.filter((n) => n !== master && isRoot(n)).sort(byLevel)])
    walk(root, undefined, []);
  // Loops: no member is a root, so break each at its member nearest the master.
  for (let rest = inTree.filter((n) => !seen.has(n)); rest.length > 0; rest = rest.filter((n) => !seen.has(n)))
    walk(rest.sort(byLevel)[0]!, undefined, []);

  const outside = region.nodes.filter((n) => n.level === undefined).sort(byName);
  return { rows, ...(master && { master }), outside };
}
