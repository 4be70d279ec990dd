/**
 * CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): detects any corrupted byte of a frame.
 *
 * Slicing-by-8 (Intel's method, as in zlib's braided CRC): eight tables, and eight bytes per step where the plain
 * table method takes one. Every frame is checksummed twice (sent and received); for a sealed heartbeat of about 80
 * bytes this is 4 to 5 times faster than a byte at a time on this project's machine (docs/performance.md "Device
 * links"), the same result for every input (test/wire/frame.test.ts checks both against each other).
 */
const TABLES = (() => {
  const t = [new Uint32Array(256)];
  const t0 = t[0]!;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t0[n] = c >>> 0;
  }
  // Table k: the CRC of a byte followed by k zero bytes.
  for (let k = 1; k < 8; k++) {
    const prev = t[k - 1]!;
    const next = new Uint32Array(256);
    for (let n = 0; n < 256; n++) next[n] = (prev[n]! >>> 8) ^ t0[prev[n]! & 0xff]!;
    t.push(next);
  }
  return t;
})();
const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES as [
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
];

/** The CRC of `bytes` from index `from` on (a frame's payload without a view made for it). */
export function crc32(bytes: Uint8Array, from = 0): number {
  let c = 0xffffffff;
  let i = from;
  for (const end = bytes.length - 7; i < end; i += 8) {
    const lo = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    const hi = bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24);
    c =
      T7[lo & 0xff]! ^
      T6[(lo >>> 8) & 0xff]! ^
      T5[(lo >>> 16) & 0xff]! ^
      T4[lo >>> 24]! ^
      T3[hi & 0xff]! ^
      T2[(hi >>> 8) & 0xff]! ^
      T1[(hi >>> 16) & 0xff]! ^
      T0[hi >>> 24]!;
  }
  for (; i < bytes.length; i++) c = T0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The plain table method, a byte at a time: the reference `crc32` is tested against. */
export function crc32Bytewise(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = T0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
