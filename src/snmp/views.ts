import { compareOid, type MibView, type Oid, type Varbind } from "./mibView.js";

/**
 * A view over varbinds held in a sorted array: Get and GetNext are binary searches, so a GETBULK walk of n rows costs
 * O(n log n) in all, not the per-step sort that npm net-snmp's own Mib tree does (docs/design.md "SNMP agent").
 */
export function sortedView(varbinds: readonly Varbind[]): MibView {
  const rows = [...varbinds].sort((a, b) => compareOid(a.oid, b.oid));
  /** The index of the first row whose OID is not before `oid` (≥ oid). */
  const lowerBound = (oid: Oid): number => {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareOid(rows[mid]!.oid, oid) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    get(oid) {
      const row = rows[lowerBound(oid)];
      return row !== undefined && compareOid(row.oid, oid) === 0 ? row : undefined;
    },
    next(oid) {
      const i = lowerBound(oid);
      const row = rows[i];
      return row !== undefined && compareOid(row.oid, oid) === 0 ? rows[i + 1] : row;
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
  };
}

/** `1.3.6.1` → [1, 3, 6, 1]. */
export function parseOid(text: string): Oid {
  return text.split(".").map(Number);
}
