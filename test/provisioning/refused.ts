import assert from "node:assert/strict";
import { DecodeError } from "../../src/core/errors.js";

/**
 * A reader of provisioning files: `refused(text, code, ...words)` asserts that `parse(text)` throws a DecodeError with
 * that code whose message holds every one of `words`.
 */
export const refusedBy =
  (parse: (text: string) => unknown) =>
  (text: string, code: string, ...words: string[]): void => {
    assert.throws(
      () => parse(text),
      (e: unknown) => {
        assert.ok(e instanceof DecodeError, String(e));
        assert.equal(e.code, code);
        for (const w of words) assert.ok(e.message.includes(w), `${e.message} lacks ${w}`);
        return true;
      },
    );
  };
