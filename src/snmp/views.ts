import { compareOid, isUnder, type MibView, type Oid, type SnmpValue, type Varbind } from "./mibView.js";

/** The index of the first of `sorted` (in RFC 2578 §7.7 order) that is not before `oid` (≥ oid). */
export function lowerBound<T>(sorted: readonly T[], oid: Oid, key: (t: T) => Oid): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareOid(key(sorted[mid]!), oid) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A view over varbinds held in a sorted array: Get and GetNext are binary searches, so a GETBULK walk of n rows costs
 * O(n log n) in all, not the per-step sort that npm net-snmp's own Mib tree does (docs/design.md "SNMP agent"). A
 * walk asks for the successor of the varbind it was given last, so that one is tried before searching: a GETBULK
 * page of a cached view (ViewCache) costs one comparison per varbind.
 * `objects` are the object types served (scalars and columns, RFC 2578 §7.1): none is a prefix of another, so the
 * only one that can be a prefix of an OID is the last one not after it.
 */
export function sortedView(
  varbinds: readonly Varbind[],
  objects: readonly Oid[] = [],
): MibView & { readonly varbinds: readonly Varbind[] } {
  const rows = [...varbinds].sort((a, b) => compareOid(a.oid, b.oid));
  const types = [...objects].sort(compareOid);
  const byOid = (v: Varbind): Oid => v.oid;
  const self = (o: Oid): Oid => o;
  /** Index of the varbind GetNext returned last. */
  let last = -1;
  return {
    varbinds: rows,
    get(oid) {
      const row = rows[lowerBound(rows, oid, byOid)];
      return row !== undefined && compareOid(row.oid, oid) === 0 ? row : undefined;
    },
    next(oid) {
      const hinted = rows[last];
      if (hinted !== undefined && compareOid(hinted.oid, oid) === 0) last += 1;
      else {
        last = lowerBound(rows, oid, byOid);
        if (rows[last] !== undefined && compareOid(rows[last]!.oid, oid) === 0) last += 1;
      }
      return rows[last];
    },
    hasObject(oid) {
      const i = lowerBound(types, oid, self);
      const at = types[i];
      if (at !== undefined && compareOid(at, oid) === 0) return true;
      const before = types[i - 1];
      return before !== undefined && isUnder(oid, before);
    },
  };
}

/**
 * Views side by side as one (the system group, the snmp group, the IPDECT-MIB): Get asks each in turn, GetNext takes
 * the smallest successor any view has, so the merged walk keeps RFC 2578 §7.7 order however the views interleave. A
 * view with a `subtree` (a table) is the only one serving under it, so a GetNext inside that subtree that it answers
 * there needs no other view: a walk of a table asks one view per step.
 */
export function mergeViews(...views: readonly MibView[]): MibView {
  const owners = views.filter((v) => v.subtree !== undefined);
  return {
    get(oid) {
      for (const v of views) {
        const hit = v.get(oid);
        if (hit !== undefined) return hit;
      }
      return undefined;
    },
    next(oid) {
      const owner = owners.find((v) => isUnder(oid, v.subtree!));
      const inside = owner?.next(oid);
      if (inside !== undefined && isUnder(inside.oid, owner!.subtree!)) return inside;
      let best: Varbind | undefined;
      for (const v of views) {
        const hit = v.next(oid);
        if (hit !== undefined && (best === undefined || compareOid(hit.oid, best.oid) < 0)) best = hit;
      }
      return best;
    },
    hasObject(oid) {
      return views.some((v) => v.hasObject(oid));
    },
  };
}

/** `1.3.6.1` → [1, 3, 6, 1]. */
export function parseOid(text: string): Oid {
  return text.split(".").map(Number);
}

/** A scalar whose value is read when a request asks for it. */
export interface LiveScalar {
  readonly oid: Oid;
  read(): SnmpValue;
}

/**
 * A few scalars made into a view once, each value read when asked: sysUpTime and the agent's counters are current in
 * every answer, and a request elsewhere in the tree builds nothing (RFC 3416 §4.2.1: the value at the time of the
 * request). Each scalar's object type is its instance's OID without the .0 (RFC 2578 §7.7), where a Get that
 * misses is noSuchInstance (RFC 3416 §4.2.1).
 */
export function liveView(scalars: readonly LiveScalar[]): MibView {
  const sorted = [...scalars].sort((a, b) => compareOid(a.oid, b.oid));
  const last = sorted.at(-1)?.oid ?? [];
  const types = sorted.map((s) => s.oid.slice(0, -1));
  const at = (s: LiveScalar | undefined): Varbind | undefined => s && { oid: s.oid, value: s.read() };
  return {
    get: (oid) => at(sorted.find((s) => compareOid(s.oid, oid) === 0)),
    // Past the last scalar (a walk elsewhere in the tree): one comparison.
    next: (oid) => (compareOid(oid, last) >= 0 ? undefined : at(sorted.find((s) => compareOid(s.oid, oid) > 0))),
    hasObject: (oid) => types.some((t) => compareOid(t, oid) === 0 || isUnder(oid, t)),
  };
}
