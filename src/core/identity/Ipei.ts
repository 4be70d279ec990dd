import { DecodeError } from "../errors.js";
import { fitsBits, formatHex, packBits, parseHex, readBits } from "./bits.js";
import { CoreCode } from "../coreErrors.js";

/** IPEI = EMC (16 bits) + PSN (20 bits). @see EN 300 175-6 §6.2 (IPUI type N carries the IPEI) */
const EMC_BITS = 16;
const PSN_BITS = 20;
/** IPUI type N: PUT `0000` followed by the 36-bit IPEI, 40 bits = 10 hex digits. @see EN 300 175-6 §6.2 */
const PUT_BITS = 4;
const PUT_N = 0;
const IPUI_N_BITS = PUT_BITS + EMC_BITS + PSN_BITS;
const IPUI_N_HEX_DIGITS = IPUI_N_BITS / 4;

/** The 13-character decimal form: EMC 5 digits, PSN 7 digits, check digit. @see EN 300 175-6 Annex C */
const DECIMAL_RE = /^(\d{5})(\d{7})([\d*])$/;

/**
 * Check digit of the 12 EMC+PSN digits: each digit times its position (1..12), summed, modulo 11; the value 10 is
 * written `*`. @see EN 300 175-6 Annex C
 */
function checkDigitOf(digits: string): string {
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * (i + 1), 0);
  const check = sum % 11;
  return check === 10 ? "*" : String(check);
}

/**
 * International Portable Equipment Identity: the handset's identity, entered in the user's "IPEI / IPDI" field
 * (13 characters, manual 003 §3.14). @see EN 300 175-6 §6.2 and Annex C
 */
export class Ipei {
  readonly #emc: number;
  readonly #psn: number;

  private constructor(emc: number, psn: number) {
    this.#emc = emc;
    this.#psn = psn;
  }

  /** An IPEI from its Equipment Manufacturer's Code (0..65535) and Portable equipment Serial Number (0..1048575). */
  static create(emc: number, psn: number): Ipei {
    if (!fitsBits(emc, EMC_BITS)) {
      throw new DecodeError(
        CoreCode.IpeiEmcRange,
        `EMC ${emc} is not a ${EMC_BITS}-bit value (0..${2 ** EMC_BITS - 1})`,
        {
          field: "EMC",
        },
      );
    }
    if (!fitsBits(psn, PSN_BITS)) {
      throw new DecodeError(
        CoreCode.IpeiPsnRange,
        `PSN ${psn} is not a ${PSN_BITS}-bit value (0..${2 ** PSN_BITS - 1})`,
        {
          field: "PSN",
        },
      );
    }
    return new Ipei(emc, psn);
  }

  /**
   * The decimal form `EEEEEPPPPPPPC`, with or without spaces (`00019 0592015 3`). The check digit must match
   * (Annex C); `*` stands for 10.
   */
  static parse(text: string): Ipei {
    const m = DECIMAL_RE.exec(text.replace(/\s+/g, ""));
    if (m === null) {
      throw new DecodeError(
        CoreCode.IpeiSyntax,
        `not an IPEI: "${text}" (expected 5 EMC digits, 7 PSN digits and a check digit 0-9 or *, e.g. 00019 0592015 3)`,
      );
    }
    const emcDigits = m[1]!;
    const psnDigits = m[2]!;
    const check = m[3]!;
    const ipei = Ipei.create(Number(emcDigits), Number(psnDigits));
    if (ipei.checkDigit !== check) {
      throw new DecodeError(
        CoreCode.IpeiCheckDigit,
        `IPEI "${text}" has check digit ${check}, but EMC ${emcDigits} PSN ${psnDigits} gives ${ipei.checkDigit} ` +
          `(sum of digit × position mod 11, EN 300 175-6 Annex C)`,
      );
    }
    return ipei;
  }

  /** The 10-hex-digit IPUI type N form: PUT `0`, EMC (4 hex digits), PSN (5 hex digits), e.g. `0DEADBEEF4`. */
  static fromHex(text: string): Ipei {
    const hex = text.trim();
    const value = hex.length === IPUI_N_HEX_DIGITS ? parseHex(hex) : undefined;
    if (value === undefined) {
      throw new DecodeError(
        CoreCode.IpeiHexSyntax,
        `not a hex IPEI: "${text}" (expected ${IPUI_N_HEX_DIGITS} hex digits: PUT 0, EMC 4 digits, PSN 5 digits)`,
      );
    }
    const put = readBits(value, IPUI_N_BITS, 0, PUT_BITS);
    if (put !== PUT_N) {
      throw new DecodeError(
        CoreCode.IpeiPut,
        `hex IPEI "${text}" starts with PUT ${put}; an IPEI is carried as IPUI type N, PUT 0 (EN 300 175-6 §6.2)`,
      );
    }
    return new Ipei(
      readBits(value, IPUI_N_BITS, PUT_BITS, EMC_BITS),
      readBits(value, IPUI_N_BITS, PUT_BITS + EMC_BITS, PSN_BITS),
    );
  }

  get emc(): number {
    return this.#emc;
  }

  get psn(): number {
    return this.#psn;
  }

  /** `0`..`9`, or `*` for 10 (Annex C). */
  get checkDigit(): string {
    return checkDigitOf(this.#digits());
  }

  equals(other: Ipei): boolean {
    return this.#emc === other.#emc && this.#psn === other.#psn;
  }

  /** 13 characters, no spaces: `0001905920153`. */
  toString(): string {
    const digits = this.#digits();
    return digits + checkDigitOf(digits);
  }

  /** IPUI type N in 10 upper-case hex digits, e.g. `0DEADBEEF4`. */
  toHex(): string {
    return formatHex(
      packBits([
        [PUT_N, PUT_BITS],
        [this.#emc, EMC_BITS],
        [this.#psn, PSN_BITS],
      ]),
      IPUI_N_HEX_DIGITS,
    );
  }

  #digits(): string {
    return String(this.#emc).padStart(5, "0") + String(this.#psn).padStart(7, "0");
  }
}
