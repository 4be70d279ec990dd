import { compareOid, type MibView, type Oid, type Varbind } from "./mibView.js";

/** The index of the first of `sorted` (in RFC 2578 §7.7 order) that is not before `oid` (≥ oid). */
function lowerBound<T>(sorted: readonly T[], oid: Oid, key: (t: T) => Oid): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareOid(key(sorted[mid]!), oid) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const isPrefix = (prefix: Oid, oid: Oid): boolean =>
  prefix.length <= oid.length && prefix.every((arc, i) => arc === oid[i]);

/**
 * A view over varbinds held in a sorted array: Get and GetNext are binary searches, so a GETBULK walk of n rows costs
 * O(n log n) in all, not the per-step sort that npm net-snmp's own Mib tree does (docs/design.md "SNMP agent").
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
  return {
    varbinds: rows,
    get(oid) {
      const row = rows[lowerBound(rows, oid, byOid)];
      return row !== undefined && compareOid(row.oid, oid) === 0 ? row : undefined;
    },
    next(oid) {
      const i = lowerBound(rows, oid, byOid);
      const row = rows[i];
      return row !== undefined && compareOid(row.oid, oid) === 0 ? rows[i + 1] : row;
    },
    hasObject(oid) {
      const i = lowerBound(types, oid, self);
      const at = types[i];
      if (at !== undefined && compareOid(at, oid) === 0) return true;
      const before = types[i - 1];
      return before !== undefined && isPrefix(before, oid);
    },
  };
}

/**
 * Views side by side as one (the system group, the snmp group, the IPDECT-MIB): Get asks each in turn, GetNext takes
 * the smallest successor any view has, so the merged walk keeps RFC 2578 §7.7 order however the views interleave.
 */
export function mergeViews(...views: readonly MibView[]): MibView {
  return {
    get(oid) {
      for (const v of views) {
        const hit = v.get(oid);
        if (hit !== undefined) return hit;
      }
      return undefined;
    },
    next(oid) {
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
