import { DecodeError } from "../errors.js";
import { fitsBits, formatHex, packBits, readBits } from "./bits.js";
import { CoreCode } from "../coreErrors.js";

/** The Access Rights Classes this project handles: A (small private systems) and B (private multi-cell, PABX). */
export type AriClass = "A" | "B";

export interface AriFieldsA {
  readonly arc: "A";
  /** Equipment Manufacturer's Code, 16 bits. */
  readonly emc: number;
  /** Fixed Part Number, 17 bits. */
  readonly fpn: number;
}

export interface AriFieldsB {
  readonly arc: "B";
  /** Equipment Installer's Code, 16 bits. */
  readonly eic: number;
  /** Fixed Part Number, 8 bits. */
  readonly fpn: number;
  /** Fixed Part Sub-number, 4 bits. */
  readonly fps: number;
}

/** An ARI split into its class (ARC) and details (ARD). */
export type AriFields = AriFieldsA | AriFieldsB;

/** ARC is 3 bits; class letters by code, 5..7 are reserved. @see EN 300 175-6 §5 */
export const ARC_BITS = 3;
const ARC_LETTERS = ["A", "B", "C", "D", "E"] as const;
const ARC_CODES: Readonly<Record<AriClass, number>> = { A: 0, B: 1 };

/**
 * ARD layout after the ARC, most significant bit first. @see EN 300 175-6 §5
 * - class A: EMC 16 + FPN 17 → ARI 36 bits
 * - class B: EIC 16 + FPN 8 + FPS 4 → ARI 31 bits
 */
const LAYOUT: Readonly<Record<AriClass, readonly (readonly [name: string, width: number])[]>> = {
  A: [
    ["EMC", 16],
    ["FPN", 17],
  ],
  B: [
    ["EIC", 16],
    ["FPN", 8],
    ["FPS", 4],
  ],
};

/** `ARC 2 (class C)`, for messages about classes we do not handle. */
export function describeArc(code: number): string {
  const letter = ARC_LETTERS[code];
  return letter === undefined ? `ARC ${code} (reserved)` : `ARC ${code} (class ${letter})`;
}

/** The class of a 3-bit ARC code, or `undefined` for classes C, D, E and the reserved codes. */
export function ariClassOf(code: number): AriClass | undefined {
  return code === ARC_CODES.A ? "A" : code === ARC_CODES.B ? "B" : undefined;
}

function valuesOf(f: AriFields): number[] {
  return f.arc === "A" ? [f.emc, f.fpn] : [f.eic, f.fpn, f.fps];
}

function fieldsFrom(arc: AriClass, values: readonly number[]): AriFields {
  const [a = 0, b = 0, c = 0] = values;
  return arc === "A" ? { arc, emc: a, fpn: b } : { arc, eic: a, fpn: b, fps: c };
}

const hexDigits = (width: number): number => Math.ceil(width / 4);

const isAriClass = (arc: string): arc is AriClass => Object.hasOwn(LAYOUT, arc);

const syntaxError = (text: string): DecodeError =>
  new DecodeError(
    CoreCode.AriSyntax,
    `not an ARI: "${text}" (expected hex fields A-EEEE-FFFFF for class A: EMC, FPN; or B-EEEE-FF-S for class B: EIC, FPN, FPS)`,
  );

/** Our text form (see {@link Ari.toString}): class letter, then each ARD field in fixed-width hex. */
const TEXT_RE = /^([A-Z])((?:-[0-9A-F]+)+)$/i;

type AriConstructor<T extends Ari> = new (fields: AriFields) => T;

/**
 * Access Rights Identity, classes A and B (EN 300 175-6 §5). {@link Pari} and {@link Sari} share this structure.
 *
 * EN 300 175-6 gives no text form for an ARI, so we use our own: class letter and the ARD fields in upper-case
 * hex with fixed widths, `A-EEEE-FFFFF` (EMC, FPN) and `B-EEEE-FF-S` (EIC, FPN, FPS).
 */
export abstract class Ari {
  /** ARI length in bits: A = 3 + 16 + 17 = 36, B = 3 + 16 + 8 + 4 = 31. @see EN 300 175-6 §5 */
  static readonly BIT_LENGTH: Readonly<Record<AriClass, number>> = {
    A: ARC_BITS + LAYOUT.A.reduce((n, [, w]) => n + w, 0),
    B: ARC_BITS + LAYOUT.B.reduce((n, [, w]) => n + w, 0),
  };

  readonly #fields: AriFields;

  /** Validates every field against its width; a wrong class is `ARI_CLASS`, a field out of range `ARI_RANGE`. */
  constructor(fields: AriFields) {
    if (!isAriClass(fields.arc)) {
      throw new DecodeError(CoreCode.AriClass, `ARI class "${String(fields.arc)}" is not supported (only A and B)`);
    }
    const values = valuesOf(fields);
    LAYOUT[fields.arc].forEach(([name, width], i) => {
      const value = values[i]!;
      if (!fitsBits(value, width)) {
        throw new DecodeError(
          CoreCode.AriRange,
          `class ${fields.arc} ${name} ${value} is out of range: ${width} bits, 0..${2 ** width - 1}`,
          { field: name },
        );
      }
    });
    this.#fields = Object.freeze(fieldsFrom(fields.arc, values));
  }

  /** Parses our text form, `A-EEEE-FFFFF` or `B-EEEE-FF-S` (either case). */
  static parse<T extends Ari>(this: AriConstructor<T>, text: string): T {
    const m = TEXT_RE.exec(text.trim());
    if (m === null) throw syntaxError(text);
    const arc = m[1]!.toUpperCase();
    if (!isAriClass(arc)) {
      throw new DecodeError(CoreCode.AriClass, `ARI "${text}" is class ${arc}; only classes A and B are supported`);
    }
    const layout = LAYOUT[arc];
    const parts = m[2]!.slice(1).split("-");
    if (parts.length !== layout.length || parts.some((p, i) => p.length !== hexDigits(layout[i]![1]))) {
      throw syntaxError(text);
    }
    const values = parts.map((p) => parseInt(p, 16));
    return new this(fieldsFrom(arc, values));
  }

  /** Decodes `bitLength` bits holding ARC + ARD, MSB first (e.g. bits 1..31 of a class B RFPI). */
  static fromBits<T extends Ari>(this: AriConstructor<T>, bits: number, bitLength: number): T {
    if (!fitsBits(bits, bitLength)) {
      throw new DecodeError(CoreCode.AriLength, `ARI bits ${bits} do not fit in ${bitLength} bits`);
    }
    const code = readBits(bits, bitLength, 0, ARC_BITS);
    const arc = ariClassOf(code);
    if (arc === undefined) {
      throw new DecodeError(CoreCode.AriClass, `${describeArc(code)} is not supported (only classes A and B)`);
    }
    if (bitLength !== Ari.BIT_LENGTH[arc]) {
      throw new DecodeError(CoreCode.AriLength, `a class ${arc} ARI has ${Ari.BIT_LENGTH[arc]} bits, got ${bitLength}`);
    }
    let offset = ARC_BITS;
    const values = LAYOUT[arc].map(([, width]) => {
      const value = readBits(bits, bitLength, offset, width);
      offset += width;
      return value;
    });
    return new this(fieldsFrom(arc, values));
  }

  get arc(): AriClass {
    return this.#fields.arc;
  }

  /** The ARC and ARD fields, e.g. `{ arc: "B", eic, fpn, fps }`. */
  get fields(): AriFields {
    return this.#fields;
  }

  /** 36 for class A, 31 for class B. */
  get bitLength(): number {
    return Ari.BIT_LENGTH[this.#fields.arc];
  }

  /** ARC + ARD as one unsigned integer of {@link bitLength} bits, MSB first. */
  get bits(): number {
    const { arc } = this.#fields;
    const values = valuesOf(this.#fields);
    return packBits([[ARC_CODES[arc], ARC_BITS], ...LAYOUT[arc].map(([, width], i) => [values[i]!, width] as const)]);
  }

  /** Same kind (a PARI never equals a SARI) and same bits. */
  equals(other: Ari): boolean {
    return this.constructor === other.constructor && this.toString() === other.toString();
  }

  /** `A-EEEE-FFFFF` or `B-EEEE-FF-S`, upper-case hex. */
  toString(): string {
    const values = valuesOf(this.#fields);
    const hex = LAYOUT[this.#fields.arc].map(([, width], i) => formatHex(values[i]!, hexDigits(width)));
    return [this.#fields.arc, ...hex].join("-");
  }
}
