import { compareOid, type MibView, type Oid, type Varbind } from "./mibView.js";

/**
 * A MibView over a list of varbinds: sorted once in RFC 2578 §7.7 order, then Get and GetNext by binary search, so a
 * walk of n objects costs O(n log n) in all, not a sort per step.
 */
export function sortedView(varbinds: readonly Varbind[]): MibView & { readonly varbinds: readonly Varbind[] } {
  const sorted = [...varbinds].sort((a, b) => compareOid(a.oid, b.oid));
  /** Index of the first varbind whose OID is ≥ `oid` (or > when `strict`). */
  const lowerBound = (oid: Oid, strict: boolean): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareOid(sorted[mid]!.oid, oid);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    varbinds: sorted,
    get(oid) {
      const v = sorted[lowerBound(oid, false)];
      return v !== undefined && compareOid(v.oid, oid) === 0 ? v : undefined;
    },
    next(oid) {
      return sorted[lowerBound(oid, true)];
    },
  };
}
