import { compareOid, isUnder, type MibView, type Oid, type SnmpValue, type Varbind } from "./mibView.js";

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
 * request).
 */
export function liveView(scalars: readonly LiveScalar[]): MibView {
  const sorted = [...scalars].sort((a, b) => compareOid(a.oid, b.oid));
  const last = sorted.at(-1)?.oid ?? [];
  const at = (s: LiveScalar | undefined): Varbind | undefined => s && { oid: s.oid, value: s.read() };
  return {
    get: (oid) => at(sorted.find((s) => compareOid(s.oid, oid) === 0)),
    // Past the last scalar (a walk elsewhere in the tree): one comparison.
    next: (oid) => (compareOid(oid, last) >= 0 ? undefined : at(sorted.find((s) => compareOid(s.oid, oid) > 0))),
  };
}
