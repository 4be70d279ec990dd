/**
 * Bit-field helpers shared by the DECT identities (EN 300 175-6). DECT writes identities most significant bit
 * first; every identity here is at most 40 bits, so a plain `number` (53-bit safe integer) holds it and we use
 * arithmetic instead of 32-bit bitwise operators.
 */

/** One unsigned field: its value and its width in bits. */
export type BitField = readonly [value: number, width: number];

/** True when `value` is an integer that fits in `width` unsigned bits. */
export function fitsBits(value: number, width: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value < 2 ** width;
}

/** Packs fields MSB first: `packBits([[1, 1], [0b001, 3]])` is `0b1001`. Callers check ranges with {@link fitsBits}. */
export function packBits(fields: readonly BitField[]): number {
  return fields.reduce((acc, [value, width]) => acc * 2 ** width + value, 0);
}

/** Reads `width` bits starting `offset` bits from the MSB of a `total`-bit value. */
export function readBits(value: number, total: number, offset: number, width: number): number {
  return Math.floor(value / 2 ** (total - offset - width)) % 2 ** width;
}

/** Parses hex digits (either case); `undefined` when `text` is empty or holds anything but hex digits. */
export function parseHex(text: string): number | undefined {
  return /^[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : undefined;
}

/** Upper-case hex, zero-padded to `digits`. */
export function formatHex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, "0");
}
