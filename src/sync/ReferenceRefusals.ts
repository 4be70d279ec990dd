import { describeRing, findReferenceRing } from "./referenceRing.js";

/** A sync master candidate's reference sync as regions: its own, and those of the radios its references name. */
export interface ReferenceEdges {
  readonly mac: string;
  readonly region: number;
  /** The region of the radio its Reference RFPI names; undefined when that is not one of our radios. */
  readonly reference: number | undefined;
  /** The same for its Alternative reference RFPI. */
  readonly altReference: number | undefined;
}

/** A radio whose refusal changed: which of its references, and why it is refused now (undefined: no longer). */
export interface RefusalChange {
  readonly mac: string;
  readonly what: "reference" | "alternative reference";
  readonly why: string | undefined;
}

/**
 * The PARI Master's refusals of reference sync (§4.6.36 "it is not allowed to configure reference sync in a ring"):
 * the references of the sync master candidates are added in RFPI order, and one that would close a ring is refused
 * and not followed. An Alternative reference RFPI that would close a ring is dropped alone; the Reference RFPI stands.
 */
export class ReferenceRefusals {
  /** Radio MACs whose reference was refused, with why. */
  readonly #refused = new Map<string, string>();
  /** Radio MACs whose Alternative reference RFPI alone was refused. */
  readonly #altRefused = new Map<string, string>();

  /** Why the radio's reference is refused, if it is. */
  refused(mac: string): string | undefined {
    return this.#refused.get(mac);
  }

  altRefused(mac: string): boolean {
    return this.#altRefused.has(mac);
  }

  /** Checks the candidates (in RFPI order) afresh; returns the radios whose refusal changed, references first. */
  check(candidates: readonly ReferenceEdges[]): RefusalChange[] {
    const refs = new Map<number, number[]>();
    const before = new Map(this.#refused);
    const beforeAlt = new Map(this.#altRefused);
    this.#refused.clear();
    this.#altRefused.clear();
    /** The ring adding region edge from → to would close, or undefined (and then the edge is added). */
    const add = (from: number, to: number | undefined): number[] | undefined => {
      if (to === undefined) return undefined;
      const trial = new Map(refs);
      trial.set(from, [...(refs.get(from) ?? []), to]);
      const ring = findReferenceRing(trial);
      if (ring === undefined) refs.set(from, trial.get(from)!);
      return ring;
    };
    for (const c of candidates) {
      const ring = add(c.region, c.reference);
      if (ring !== undefined) {
        this.#refused.set(c.mac, describeRing(ring));
        continue;
      }
      const altRing = add(c.region, c.altReference);
      if (altRing !== undefined) this.#altRefused.set(c.mac, describeRing(altRing));
    }
    const changes: RefusalChange[] = [];
    for (const [now, old, what] of [
      [this.#refused, before, "reference"],
      [this.#altRefused, beforeAlt, "alternative reference"],
    ] as const)
      for (const mac of new Set([...old.keys(), ...now.keys()]))
        if (old.get(mac) !== now.get(mac)) changes.push({ mac, what, why: now.get(mac) });
    return changes;
  }
}
