/** A known-radio set with its stamp: the term of the Mirror that made it and a version within that term. */
export interface KnownSet {
  readonly term: number;
  readonly version: number;
  readonly macs: ReadonlySet<string>;
}

export const EMPTY_SET: KnownSet = { term: 0, version: 0, macs: new Set() };

export const newer = (a: { term: number; version: number }, b: { term: number; version: number }): boolean =>
  a.term > b.term || (a.term === b.term && a.version > b.version);

/**
 * The radios that vote in the Mirror quorum (docs/design.md "Mirror fencing"). Only the active Mirror adds radios;
 * the inactive one adopts the sets it is sent and acknowledges them. `required` holds every set this side may share
 * with the peer: the last one both agreed on, then each newer one this side made or adopted. A side that claims the
 * active role from the other (yield) first merges the yielder's whole list. A Mirror may only be active without the
 * peer's promise while it holds leases on a majority of *each* non-empty set of its list; since the two sides' lists
 * always have a set in common, they can never both hold majorities.
 */
export class KnownRadios {
  #required: KnownSet[];

  constructor(required: readonly KnownSet[] = [EMPTY_SET]) {
    this.#required = required.length === 0 ? [EMPTY_SET] : [...required];
  }

  get current(): KnownSet {
    return this.#required[this.#required.length - 1]!;
  }

  get required(): readonly KnownSet[] {
    return this.#required;
  }

  /** Active side: a newly registered radio joins the set, as a new version stamped with `term`. */
  learn(mac: string, term: number): boolean {
    const cur = this.current;
    if (cur.macs.has(mac)) return false;
    const version = cur.term === term ? cur.version + 1 : 1;
    this.#required.push({ term, version, macs: new Set([...cur.macs, mac]) });
    return true;
  }

  /** Inactive side: adopts a newer set from the active peer; it is now agreed, so older ones are dropped. */
  adopt(set: KnownSet): boolean {
    if (!newer(set, this.current)) return false;
    this.#required = [set];
    return true;
  }

  /** Claimant: takes in every set of the yielding side's list (kept in stamp order, duplicates once). */
  merge(sets: readonly KnownSet[]): void {
    const all = [...this.#required];
    for (const s of sets) if (!all.some((x) => x.term === s.term && x.version === s.version)) all.push(s);
    this.#required = all.sort((a, b) => (newer(a, b) ? 1 : newer(b, a) ? -1 : 0));
  }

  /** New active side: makes the union of all required sets its current set, stamped in its own term. */
  consolidate(term: number): void {
    const union = new Set<string>();
    for (const s of this.#required) for (const m of s.macs) union.add(m);
    const cur = this.current;
    if (union.size === cur.macs.size) return;
    this.#required.push({ term, version: cur.term === term ? cur.version + 1 : 1, macs: union });
  }

  /** Active side: the peer holds the set with this stamp; older sets are no longer needed. */
  acked(term: number, version: number): void {
    const i = this.#required.findIndex((s) => s.term === term && s.version === version);
    if (i > 0) this.#required = this.#required.slice(i);
  }

  /** True when no required set has any radio: then the peer can never take over by itself. */
  get empty(): boolean {
    return this.#required.every((s) => s.macs.size === 0);
  }

  /** The earliest of `until(set)` over the non-empty required sets (Infinity when all are empty). */
  minOver(until: (macs: ReadonlySet<string>) => number): number {
    let t = Infinity;
    for (const s of this.#required) if (s.macs.size > 0) t = Math.min(t, until(s.macs));
    return t;
  }
}
