import { createBLAKE3, type IHasher } from "hash-wasm";

/**
 * The hash-wasm adapter: the only file that imports `hash-wasm` (a dependency-cruiser rule keeps it so). BLAKE3 in
 * its keyed_hash mode (BLAKE3 spec §2.3 and §5.2: a MAC and PRF under a 256-bit key) computes the tag of every sealed
 * device frame (docs/design.md "Device links": why BLAKE3 through hash-wasm rather than HMAC-SHA256 from node:crypto).
 */

/** Bytes of a BLAKE3 key. */
export const BLAKE3_KEY_BYTES = 32;

export class Blake3Mac {
  /** One WebAssembly instance per key; its calls are synchronous, so one instance serves every caller in turn. */
  readonly #hasher: IHasher;

  private constructor(hasher: IHasher) {
    this.#hasher = hasher;
  }

  /**
   * A MAC under `key` (32 bytes) with tags of `tagBytes` bytes (BLAKE3's extendable output cut to that length).
   * Asynchronous once: hash-wasm instantiates its WebAssembly module per hasher.
   */
  static async create(key: Uint8Array, tagBytes: number): Promise<Blake3Mac> {
    if (key.length !== BLAKE3_KEY_BYTES) throw new RangeError(`a BLAKE3 key has ${BLAKE3_KEY_BYTES} bytes`);
    // hash-wasm keeps a view of the key and writes it into its memory at every init(): give it a copy of its own.
    return new Blake3Mac(await createBLAKE3(tagBytes * 8, Uint8Array.from(key)));
  }

  /** The tag of `data` (a new array). One `update`: hash-wasm copies the bytes into its memory once. */
  tag(data: Uint8Array): Uint8Array {
    return this.#hasher.init().update(data).digest("binary");
  }

  /** The tag of the parts joined, without joining them first (for inputs too big to copy cheaply). */
  tagOfParts(parts: readonly Uint8Array[]): Uint8Array {
    const h = this.#hasher.init();
    for (const p of parts) h.update(p);
    return h.digest("binary");
  }
}
