import type { Path } from "../src/core/config/Locator.js";
import { parseDuration } from "../src/core/duration.js";
import type { DecodeError } from "../src/core/errors.js";
import { SimCode, type FleetCode } from "./errors.js";

/** How fleet file readers report an error: at `path`, with a code and the reason (see parseFleetFile). */
export type Fail = (path: Path, code: FleetCode, msg: string) => never;

/** A mapping with only `keys`; anything else is a typo and rejected. */
export function mapping(value: unknown, path: Path, keys: readonly string[], fail: Fail): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail(path, SimCode.FleetType, `must be a mapping (keys: ${keys.join(", ")})`);
  for (const k of Object.keys(value))
    if (!keys.includes(k)) fail([...path, k], SimCode.FleetUnknownKey, `unknown key; allowed keys: ${keys.join(", ")}`);
  return value as Record<string, unknown>;
}

/** A duration (`90s`, `5m`, or ms as a number), in ms. */
export function duration(v: unknown, path: Path, fail: Fail): number {
  try {
    return parseDuration(v);
  } catch (e) {
    return fail(path, SimCode.FleetDuration, (e as DecodeError).reason);
  }
}

/** A rate from 0 to 1 (loss, duplicate). */
export function probability(v: unknown, path: Path, fail: Fail): number {
  if (typeof v !== "number" || !(v >= 0 && v <= 1))
    fail(path, SimCode.FleetProbability, "must be a number from 0 to 1");
  return v as number;
}
