import { DecodeError } from "../errors.js";
import { CoreCode } from "../coreErrors.js";

/** Six hex bytes, with `:` or `-` between all of them or none (also the fleet file schema's pattern for `mac`). */
export const MAC_PATTERN =
  "^([0-9a-fA-F]{2})([:-]?)([0-9a-fA-F]{2})\\2([0-9a-fA-F]{2})\\2([0-9a-fA-F]{2})\\2([0-9a-fA-F]{2})\\2([0-9a-fA-F]{2})$";
const MAC_RE = new RegExp(MAC_PATTERN);
/** Two lower-case hex digits per byte value: every received heartbeat names its radio by MAC text. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function sixBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length !== 6) throw new DecodeError(CoreCode.MacInvalid, `a MAC has 6 bytes, got ${bytes.length}`);
  return bytes;
}

function macText(b: Uint8Array): string {
  return `${HEX[b[0]!]}:${HEX[b[1]!]}:${HEX[b[2]!]}:${HEX[b[3]!]}:${HEX[b[4]!]}:${HEX[b[5]!]}`;
}

/** An Ethernet MAC address; the device's identity for PARI/RFPI association (manual 003 §4.6.21). */
export class Mac {
  readonly #bytes: Uint8Array;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Accepts `00:90:33:0a:0b:0c`, `00-90-33-0A-0B-0C` and `0090330a0b0c`. */
  static parse(text: string): Mac {
    const m = MAC_RE.exec(text.trim());
    if (m === null)
      throw new DecodeError(
        CoreCode.MacInvalid,
        `not a MAC address: "${text}" (expected 6 hex bytes, e.g. 00:90:33:0a:0b:0c)`,
      );
    const bytes = Uint8Array.from([m[1], m[3], m[4], m[5], m[6], m[7]].map((h) => parseInt(h!, 16)));
    return new Mac(bytes);
  }

  static fromBytes(bytes: Uint8Array): Mac {
    return new Mac(new Uint8Array(sixBytes(bytes)));
  }

  /** The text of a MAC given as 6 bytes, without a Mac made for it: every received heartbeat names its radio so. */
  static textOf(bytes: Uint8Array): string {
    return macText(sixBytes(bytes));
  }

  /** A copy (a plain Uint8Array), so callers cannot change this MAC. */
  get bytes(): Uint8Array {
    return new Uint8Array(this.#bytes);
  }

  /** Lower-case colon form, e.g. `00:90:33:0a:0b:0c`. */
  toString(): string {
    return macText(this.#bytes);
  }

  equals(other: Mac): boolean {
    return this.toString() === other.toString();
  }
}
