import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { IpdectError } from "../../src/core/errors.js";
import { buildImage } from "../../src/update/image.js";

/** A small valid IPBS2 image: version 2.0.0, serial 2.0.0-42, payload "firmware". */
export const sampleImage = (payload = new TextEncoder().encode("firmware")): Uint8Array =>
  buildImage({ product: "IPBS2", version: "2.0.0", serial: "2.0.0-42" }, payload);

/** The image with its SHA-256 made right again after a test changed header bytes (format 1's layout). */
export function resealed(image: Uint8Array): Uint8Array {
  const out = Uint8Array.from(image);
  const digest = createHash("sha256").update(out.subarray(0, 88)).update(out.subarray(120)).digest();
  out.set(digest, 88);
  return out;
}

/** Asserts that `f` throws an IpdectError with `code` whose message matches `message`. */
export function throwsCode(f: () => unknown, code: string, message?: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof IpdectError, `not an IpdectError: ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message !== undefined) assert.match(e.message, message);
    return true;
  });
}
