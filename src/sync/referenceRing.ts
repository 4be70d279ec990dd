/**
 * §4.6.36: "it is not allowed to configure reference sync in a ring". `refs` maps a region to the regions its sync
 * master candidates take reference sync from (Reference RFPI and Alternative Reference RFPI). Returns a ring as the
 * regions along it (first repeated at the end), or undefined.
 */
export function findReferenceRing(refs: ReadonlyMap<number, readonly number[]>): number[] | undefined {
  const state = new Map<number, "open" | "done">();
  const path: number[] = [];
  const visit = (r: number): number[] | undefined => {
    if (state.get(r) === "done") return undefined;
    if (state.get(r) === "open") return [...path.slice(path.indexOf(r)), r];
    state.set(r, "open");
    path.push(r);
    for (const next of refs.get(r) ?? []) {
      const ring = visit(next);
      if (ring !== undefined) return ring;
    }
    path.pop();
    state.set(r, "done");
    return undefined;
  };
  for (const r of [...refs.keys()].sort((a, b) => a - b)) {
    const ring = visit(r);
    if (ring !== undefined) return ring;
  }
  return undefined;
}

export const describeRing = (ring: readonly number[]): string =>
  `reference sync forms a ring: region ${ring.join(" → region ")} (§4.6.36 forbids rings)`;
