import { DecodeError } from "../errors.js";
import { ARC_BITS, Ari, ariClassOf, describeArc, type AriClass } from "./Ari.js";
import { fitsBits, formatHex, packBits, parseHex, readBits } from "./bits.js";
import { Pari } from "./Pari.js";
import { CoreCode } from "../coreErrors.js";

/** RFPI = E (1 bit) + PARI (ARC + ARD) + RPN, 40 bits = 10 hex digits. @see EN 300 175-6 §5 */
const RFPI_BITS = 40;
const HEX_DIGITS = RFPI_BITS / 4;
const E_BITS = 1;

/** RPN fills what the PARI leaves: class A 40 − 1 − 36 = 3 bits, class B 40 − 1 − 31 = 8 bits. */
const RPN_BITS: Readonly<Record<AriClass, number>> = {
  A: RFPI_BITS - E_BITS - Ari.BIT_LENGTH.A,
  B: RFPI_BITS - E_BITS - Ari.BIT_LENGTH.B,
};

/**
 * Radio Fixed Part Identity: the PARI plus the Radio fixed Part Number of one radio, assigned by the PARI Master
 * (manual 003 §4.6.21) and shown as 10 hex digits (§4.11.1). @see EN 300 175-6 §5
 *
 * ```
 * class A: E | ARC 000 | EMC 16 | FPN 17 | RPN 3
 * class B: E | ARC 001 | EIC 16 | FPN 8 | FPS 4 | RPN 8
 * ```
 */
export class Rfpi {
  readonly #e: boolean;
  readonly #pari: Pari;
  readonly #rpn: number;

  private constructor(e: boolean, pari: Pari, rpn: number) {
    this.#e = e;
    this.#pari = pari;
    this.#rpn = rpn;
  }

  /** The RFPI of radio `rpn` under `pari`; RPN is 0..7 for class A and 0..255 for class B. */
  static create(pari: Pari, rpn: number, e = false): Rfpi {
    const width = RPN_BITS[pari.arc];
    if (!fitsBits(rpn, width)) {
      throw new DecodeError(
        CoreCode.RfpiRpnRange,
        `RPN ${rpn} is out of range for a class ${pari.arc} PARI: ${width} bits, 0..${2 ** width - 1}`,
        { field: "RPN" },
      );
    }
    return new Rfpi(e, pari, rpn);
  }

  /** Parses 10 hex digits (either case), e.g. `1A2B3C4D50`; the ARC bits tell class A from class B. */
  static parse(hex: string): Rfpi {
    const text = hex.trim();
    if (text.length !== HEX_DIGITS) {
      throw new DecodeError(
        CoreCode.RfpiLength,
        `an RFPI has ${HEX_DIGITS} hex digits (40 bits), got ${text.length}: "${hex}"`,
      );
    }
    const value = parseHex(text);
    if (value === undefined) {
      throw new DecodeError(CoreCode.RfpiNotHex, `an RFPI is written in hex digits 0-9 A-F: "${hex}"`);
    }
    const code = readBits(value, RFPI_BITS, E_BITS, ARC_BITS);
    const arc = ariClassOf(code);
    if (arc === undefined) {
      throw new DecodeError(
        CoreCode.RfpiClass,
        `RFPI "${hex}" has ${describeArc(code)}; only classes A and B are supported`,
      );
    }
    const ariBits = Ari.BIT_LENGTH[arc];
    return new Rfpi(
      readBits(value, RFPI_BITS, 0, E_BITS) === 1,
      Pari.fromBits(readBits(value, RFPI_BITS, E_BITS, ariBits), ariBits),
      readBits(value, RFPI_BITS, E_BITS + ariBits, RPN_BITS[arc]),
    );
  }

  /** The E bit: set when SARIs are available besides the PARI (EN 300 175-6 §5; SARIs: manual 003 §4.6.35). */
  get e(): boolean {
    return this.#e;
  }

  get pari(): Pari {
    return this.#pari;
  }

  /** Radio fixed Part Number. */
  get rpn(): number {
    return this.#rpn;
  }

  get arc(): AriClass {
    return this.#pari.arc;
  }

  equals(other: Rfpi): boolean {
    return this.toString() === other.toString();
  }

  /** 10 upper-case hex digits. */
  toString(): string {
    return formatHex(
      packBits([
        [this.#e ? 1 : 0, E_BITS],
        [this.#pari.bits, this.#pari.bitLength],
        [this.#rpn, RPN_BITS[this.arc]],
      ]),
      HEX_DIGITS,
    );
  }
}
