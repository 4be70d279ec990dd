import { compareOid, type MibView, type Oid, type Varbind } from "./mibView.js";

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

/**
 * A view whose OIDs all sort at or before `last`, built only when a request reaches it: the system and snmp groups
 * (sysUpTime and the counters as of the request) are not built for the requests of a walk further on in the tree.
 */
export function viewUpTo(last: Oid, build: () => MibView): MibView {
  let view: MibView | undefined;
  const built = (): MibView => (view ??= build());
  return {
    get: (oid) => (compareOid(oid, last) > 0 ? undefined : built().get(oid)),
    next: (oid) => (compareOid(oid, last) >= 0 ? undefined : built().next(oid)),
  };
}
