import { DecodeError } from "../errors.js";
import type { Ari, AriClass, AriFields } from "./Ari.js";
import { Pari } from "./Pari.js";
import { CoreCode } from "../coreErrors.js";

/**
 * Our text form: `PARK{y} <ARI>`, e.g. `PARK{31} B-A2B3-C4-D`. EN 300 175-6 §6.1 writes `PARK{y}` for a key whose
 * first y bits are significant; it has no text form for the ARI itself, so the ARI part is ours (see {@link Ari}).
 */
const TEXT_RE = /^PARK\s*\{\s*(\d+)\s*\}\s*(\S+)$/i;

/**
 * Smallest PLI we accept: the 3 ARC bits. A shorter key would match ARIs of other classes, whose ARD means
 * something else; EN 300 175-6 does not spell out a minimum, so this bound is our choice.
 */
const MIN_PLI = 3;

/** `bits` with everything after the first `pli` of `length` bits cleared. */
function keep(bits: number, length: number, pli: number): number {
  const dontCare = 2 ** (length - pli);
  return Math.floor(bits / dontCare) * dontCare;
}

/**
 * Portable Access Rights Key: the ARI prefix a handset stores at subscription, with its PARK length indicator
 * (PLI). A PARK matches every ARI whose first PLI bits are the same as the key's. Bits after the PLI are "don't
 * care"; we store them as 0 so that equal keys print alike. @see EN 300 175-6 §6.1; manual 003 §4.10.3 (a
 * handset may need the PARK that matches the system's SARI)
 */
export class Park {
  readonly #prefix: Pari;
  readonly #pli: number;

  private constructor(prefix: Pari, pli: number) {
    this.#prefix = prefix;
    this.#pli = pli;
  }

  /** The key for `ari` (a PARI or SARI) with `pli` significant bits; by default all of them (one ARI). */
  static create(ari: Ari, pli: number = ari.bitLength): Park {
    if (!Number.isInteger(pli) || pli < MIN_PLI || pli > ari.bitLength) {
      throw new DecodeError(
        CoreCode.ParkPliRange,
        `PLI ${pli} is out of range for a class ${ari.arc} ARI: ${MIN_PLI}..${ari.bitLength} significant bits`,
        { field: "PLI" },
      );
    }
    return new Park(Pari.fromBits(keep(ari.bits, ari.bitLength, pli), ari.bitLength), pli);
  }

  /** Parses `PARK{y} <ARI>` (either case, spaces optional around `{y}`). */
  static parse(text: string): Park {
    const m = TEXT_RE.exec(text.trim());
    if (m === null) {
      throw new DecodeError(
        CoreCode.ParkSyntax,
        `not a PARK: "${text}" (expected PARK{<PLI>} <ARI>, e.g. PARK{31} B-A2B3-C4-D or PARK{36} A-1234-1ABCD)`,
      );
    }
    return Park.create(Pari.parse(m[2]!), Number(m[1]));
  }

  /** PARK length indicator: how many leading ARI bits (ARC included) are significant. */
  get pli(): number {
    return this.#pli;
  }

  get arc(): AriClass {
    return this.#prefix.arc;
  }

  /** The key's ARI fields, with the bits after the PLI cleared. */
  get fields(): AriFields {
    return this.#prefix.fields;
  }

  /** True when the first {@link pli} bits of `ari` equal the key's: a handset holding this key may access it. */
  covers(ari: Ari): boolean {
    return ari.arc === this.arc && keep(ari.bits, ari.bitLength, this.#pli) === this.#prefix.bits;
  }

  equals(other: Park): boolean {
    return this.#pli === other.#pli && this.#prefix.equals(other.#prefix);
  }

  /** `PARK{y} <ARI>`, e.g. `PARK{31} B-A2B3-C4-D`. */
  toString(): string {
    return `PARK{${this.#pli}} ${this.#prefix.toString()}`;
  }
}
