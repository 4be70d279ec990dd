import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { errorTable, IpdectError } from "../../src/core/errors.js";
import { UpdateCode } from "../../src/update/errors.js";
import { buildImage, readImage } from "../../src/update/image.js";
import { PRODUCTS } from "../../src/update/product.js";
import { resealed } from "./imageBytes.js";

const UPDATE_CODES = new Set(errorTable(UpdateCode)!.map((e) => e.code));

/** Valid images with arbitrary fields that fit. */
const images = fc
  .record({
    product: fc.constantFrom(...PRODUCTS),
    version: fc.string({ minLength: 1, maxLength: 10 }),
    serial: fc.stringMatching(/^[\w.-]{1,32}$/),
    payload: fc.uint8Array({ maxLength: 64 }),
  })
  .filter((r) => !/\p{Cc}/u.test(r.version))
  .map(({ payload, ...h }) => buildImage(h, payload));

/** A valid image with some bytes changed, cut or extended, the digest made right again or not. */
const mutated = fc
  .tuple(
    images,
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    fc.option(fc.nat(), { nil: undefined }),
    fc.uint8Array({ maxLength: 4 }),
    fc.boolean(),
  )
  .map(([image, pokes, cut, extra, reseal]) => {
    const out = new Uint8Array(image.length + extra.length);
    out.set(image);
    out.set(extra, image.length);
    for (const [at, b] of pokes) out[at % out.length] = b;
    const cutTo = cut === undefined ? out : out.subarray(0, cut % (out.length + 1));
    return reseal && cutTo.length >= 120 ? resealed(cutTo) : cutTo;
  });

const randomBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.uint8Array({ minLength: 120, maxLength: 200 }).map((b) => {
    b.set(new TextEncoder().encode("IPDECTFW"), 0);
    b.set([0, 1, 0, 120], 8);
    return b;
  }),
);

test("readImage on 3000 random and mutated inputs: a decode or an update-area IpdectError, nothing else", () => {
  let decoded = 0;
  fc.assert(
    fc.property(fc.oneof(randomBytes, mutated, images), (bytes) => {
      try {
        const { header, payload } = readImage(bytes, "fuzz");
        assert.equal(payload.length, header.payloadBytes);
        assert.equal(bytes.length, 120 + header.payloadBytes);
        decoded++;
      } catch (e) {
        if (!(e instanceof IpdectError) || !UPDATE_CODES.has(e.code)) throw e;
        assert.match(e.message, /^fuzz: /);
      }
    }),
    { numRuns: 3000, seed: 21 },
  );
  assert.ok(decoded > 100, `only ${decoded} valid decodes`);
});
