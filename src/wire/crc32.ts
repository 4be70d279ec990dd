/** CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): detects any corrupted byte of a frame. */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The CRC of `bytes` from index `from` on (a frame's payload without a view made for it). */
export function crc32(bytes: Uint8Array, from = 0): number {
  let c = 0xffffffff;
  // An index loop: every frame is checksummed twice, and V8 runs this faster than for…of over a typed array.
  for (let i = from; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
