/**
 * Zeroed byte arrays for frames, cut from shared 64 KiB slabs. V8 keeps a typed array of more than 64 bytes in its own
 * off-heap backing store (a malloc, an ArrayBuffer and its extension, freed only after a GC sweep), and a sealed
 * device frame is 70-120 bytes: one slab per ~700 frames instead of one backing store per frame (docs/performance.md
 * "Device links"). A slab's bytes are handed out once, so every array is zeroed as `new Uint8Array(n)` would be.
 */
const SLAB_BYTES = 64 * 1024;
/** Bigger arrays get their own buffer: a slab would be cut short for little gain. */
const SLAB_MAX = 4096;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

export function frameBytes(n: number): Uint8Array {
  if (n > SLAB_MAX) return new Uint8Array(n);
  if (used + n > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const out = new Uint8Array(slab, used, n);
  // 8-byte steps keep each array's start aligned.
  used += (n + 7) & ~7;
  return out;
}
