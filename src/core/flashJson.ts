import { CoreCode } from "./coreErrors.js";
import { DecodeError } from "./errors.js";
import type { Store } from "./Store.js";

/**
 * Checks one value read back from flash and gives it its type; a value of the wrong shape throws `FlashShapeError`
 * with what is wrong ("term: not a number"). A loader writes one per file it owns.
 */
export type FlashShape<T> = (v: unknown) => T;

/** What a shape check throws: `readFlashJson` turns it into FLASH_CORRUPT naming the file. */
export class FlashShapeError extends Error {}

/** The fields of a JSON object, or a shape error naming `what` (a file's top value, a list's row). */
export function flashObject(v: unknown, what = "the file"): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new FlashShapeError(
      `${what}: ${v === null ? "null" : Array.isArray(v) ? "a list" : typeof v}, not an object`,
    );
  return v as Record<string, unknown>;
}

/** `o[field]` when it passes `is`, else a shape error naming the field and what it should be. */
export function flashField<T>(o: Record<string, unknown>, field: string, is: (x: unknown) => x is T, kind: string): T {
  const v = o[field];
  if (!is(v)) throw new FlashShapeError(`${field}: ${v === undefined ? "missing" : "not " + kind}`);
  return v;
}

/** A shape error with `reason` unless `ok`. */
export function flashCheck(ok: boolean, reason: string): void {
  if (!ok) throw new FlashShapeError(reason);
}

export const isNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
export const isString = (x: unknown): x is string => typeof x === "string";
export const isArray = (x: unknown): x is unknown[] => Array.isArray(x);

/**
 * The one way a loader reads a JSON file of the device's flash (docs/design.md "Flash you can trust"): absent is
 * undefined; a file that is empty, not UTF-8 JSON (truncated, garbage) or of the wrong shape (`{}`, `null`) is a
 * DecodeError FLASH_CORRUPT that names the file and what is wrong, never a stray TypeError later. The loader then
 * refuses to start or recovers as that design section says for its file.
 */
export async function readFlashJson<T>(store: Store, key: string, shape: FlashShape<T>): Promise<T | undefined> {
  const bytes = await store.get(key);
  if (bytes === undefined) return undefined;
  return parseFlashJson(key, bytes, shape);
}

/** `readFlashJson` for bytes already read (a log record listed by `Store.keys`). */
export function parseFlashJson<T>(key: string, bytes: Uint8Array, shape: FlashShape<T>): T {
  const fail = (reason: string, cause?: unknown) =>
    new DecodeError(CoreCode.FlashCorrupt, reason, {
      source: `flash ${key}`,
      ...(cause === undefined ? {} : { cause }),
    });
  if (bytes.length === 0) throw fail("empty file");
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (cause) {
    throw fail("not JSON (truncated or garbage)", cause);
  }
  try {
    return shape(v);
  } catch (e) {
    if (e instanceof FlashShapeError) throw fail(e.message);
    throw e;
  }
}
