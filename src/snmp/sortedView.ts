import { compareOid, type MibView, type Oid, type Varbind } from "./mibView.js";

/**
 * A MibView over a list of varbinds: sorted once in RFC 2578 §7.7 order, then Get and GetNext by binary search, so a
 * walk of n objects costs O(n log n) in all, not the per-step sort that npm net-snmp's own Mib tree does
 * (docs/design.md "SNMP agent"). A walk asks for the successor of the varbind it was given last, so that one is
 * tried before searching: a GETBULK page of a cached view (ViewCache) costs one comparison per varbind.
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
  /** Index of the varbind GetNext returned last. */
  let last = -1;
  return {
    varbinds: sorted,
    get(oid) {
      const v = sorted[lowerBound(oid, false)];
      return v !== undefined && compareOid(v.oid, oid) === 0 ? v : undefined;
    },
    next(oid) {
      const hinted = sorted[last];
      last = hinted !== undefined && compareOid(hinted.oid, oid) === 0 ? last + 1 : lowerBound(oid, true);
      return sorted[last];
    },
  };
}
