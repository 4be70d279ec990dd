import assert from "node:assert/strict";
import { test } from "node:test";
import { Blake3Mac } from "../../src/role/blake3Mac.js";

/**
 * The official BLAKE3 test vectors (BLAKE3 repository, test_vectors/test_vectors.json): keyed_hash mode, key "whats
 * the Elvish word for friend", input `input_len` bytes of 0, 1, …, 250, 0, 1, …; the first 16 bytes of each output
 * (a BLAKE3 output cut short is a prefix of the extended output).
 */
const KEY = new TextEncoder().encode("whats the Elvish word for friend");
const VECTORS: [number, string][] = [
  [0, "92b2b75604ed3c761f9d6f62392c8a92"],
  [1, "6d7878dfff2f485635d39013278ae14f"],
  [1023, "c951ecdf03288d0fcc96ee3413563d8a"],
  [1025, "357dc55de0c7e382c900fd6e320acc04"],
  [5121, "6ccf1c34753e7a044db80798ecd0782a"],
];
const input = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

test("BLAKE3 keyed_hash through hash-wasm matches the official test vectors (16-byte tags)", async () => {
  const mac = await Blake3Mac.create(KEY, 16);
  for (const [n, want] of VECTORS) {
    assert.equal(hex(mac.tag(input(n))), want, `input_len ${n}`);
    const data = input(n);
    const parts = [data.subarray(0, n >> 2), data.subarray(n >> 2, n >> 1), data.subarray(n >> 1)];
    assert.equal(hex(mac.tagOfParts(parts)), want, `input_len ${n} in parts`);
  }
  // The same hasher again and again: every tag starts from the key (no state carried over).
  assert.equal(hex(mac.tag(input(1))), VECTORS[1]![1]);
});

test("BLAKE3 MAC: another key gives another tag; the key is copied (changing the caller's array changes nothing)", async () => {
  const key = Uint8Array.from(KEY);
  const mac = await Blake3Mac.create(key, 16);
  key.fill(0);
  assert.equal(hex(mac.tag(input(1))), VECTORS[1]![1]);
  const other = await Blake3Mac.create(new Uint8Array(32), 16);
  assert.notEqual(hex(other.tag(input(1))), VECTORS[1]![1]);
  await assert.rejects(Blake3Mac.create(new Uint8Array(16), 16), RangeError);
});
