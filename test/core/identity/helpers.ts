import assert from "node:assert/strict";
import fc from "fast-check";

import { DecodeError } from "../../../src/core/errors.js";
import type { AriFields } from "../../../src/core/identity/index.js";

/** Asserts that `fn` throws a DecodeError with this stable code (and, if given, a message matching `message`). */
export function assertRejects(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof DecodeError, `expected a DecodeError, got ${String(err)}`);
    assert.equal(err.code, code);
    if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

/** Any class A or class B ARI, fields over their full ranges (EN 300 175-6 §5). */
export const ariFields: fc.Arbitrary<AriFields> = fc.oneof(
  fc.record({
    arc: fc.constant("A" as const),
    emc: fc.integer({ min: 0, max: 0xffff }),
    fpn: fc.integer({ min: 0, max: 0x1ffff }),
  }),
  fc.record({
    arc: fc.constant("B" as const),
    eic: fc.integer({ min: 0, max: 0xffff }),
    fpn: fc.integer({ min: 0, max: 0xff }),
    fps: fc.integer({ min: 0, max: 0xf }),
  }),
);
