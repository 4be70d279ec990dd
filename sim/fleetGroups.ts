import type { Path } from "../src/core/config/Locator.js";
import { listOf, mappingOf, TEXT, type JsonSchema } from "../src/core/config/schema.js";
import type { Fail } from "./fleetFields.js";
import { SimCode } from "./errors.js";

/**
 * Device lists of a fleet file by name (docs/user-guide.md "Named groups"): a `groups` section names lists of devices,
 * and wherever a fault names devices it may give a device, a group, a name range `radio-{3..40}` or a list of those.
 * They are resolved to device names when the file is read, so the sim and a live lab see only names.
 */

/** A name range expands to at most this many names: a fleet is for lab scale. */
export const MAX_RANGE = 10_000;
/** `{3..40}` or `{03..40}` (zero-padded to the first bound's width) inside a name. */
const RANGE = /\{(\d+)\.\.(\d+)\}/;
/** A group's name: like a device name, so it reads the same in faults. */
const GROUP_NAME = /^[A-Za-z_][\w.-]*$/;

/** Reference to devices in a fault or a group: one name, group or range, or a list of them. */
export const DEVICE_REFS_SCHEMA: JsonSchema = { anyOf: [TEXT, listOf(TEXT, 1)] };
/** The `groups` section's schema: each group a list of device names or ranges, or one range. */
export const GROUPS_SCHEMA: JsonSchema = {
  ...mappingOf([]),
  propertyNames: { pattern: GROUP_NAME.source },
  additionalProperties: DEVICE_REFS_SCHEMA,
};

/** The names a range like `radio-{3..40}` stands for, or `[text]` when it has none; an error names `path`. */
export function expandRange(text: string, path: Path, fail: Fail): string[] {
  const m = RANGE.exec(text);
  if (m === null) return [text];
  const [from, to] = [Number(m[1]), Number(m[2])];
  if (from > to)
    return fail(path, SimCode.FleetGroup, `the range {${m[1]}..${m[2]}} counts down: write {${m[2]}..${m[1]}}`);
  if (to - from + 1 > MAX_RANGE) return fail(path, SimCode.FleetGroup, `a range has at most ${MAX_RANGE} names`);
  const width = m[1]!.startsWith("0") ? m[1]!.length : 0;
  const [before, after] = [text.slice(0, m.index), text.slice(m.index + m[0].length)];
  if (RANGE.test(after)) return fail(path, SimCode.FleetGroup, "a name has at most one range {from..to}");
  return Array.from({ length: to - from + 1 }, (_, i) => `${before}${String(from + i).padStart(width, "0")}${after}`);
}

/** A fleet file's groups: name → device names. */
export type Groups = ReadonlyMap<string, readonly string[]>;

/**
 * The device names `ref` stands for (a name, group, range or list of them), each checked against `known` (devices,
 * and PBXs where a fault may name one): an unknown one is a FLEET_UNKNOWN_DEVICE error at its place.
 */
export function resolveDevices(
  ref: unknown,
  path: Path,
  groups: Groups,
  known: ReadonlySet<string>,
  fail: Fail,
): string[] {
  const items = Array.isArray(ref) ? ref : [ref];
  if (items.length === 0) return fail(path, SimCode.FleetUnknownDevice, "a non-empty list of device names");
  const out = items.flatMap((item, i) => {
    const p = Array.isArray(ref) ? [...path, i] : path;
    if (typeof item !== "string" || item === "")
      return fail(p, SimCode.FleetUnknownDevice, "a device name, a group or a range like radio-{1..40}");
    const group = groups.get(item);
    if (group !== undefined) return [...group];
    return expandRange(item, p, fail).map((n) => {
      const from = n === item ? "" : ` (from ${item})`;
      if (!known.has(n))
        fail(p, SimCode.FleetUnknownDevice, `no device named ${JSON.stringify(n)} in this fleet, nor a group${from}`);
      return n;
    });
  });
  return [...new Set(out)];
}

/**
 * The `groups` section: name → device names. A group may list devices, PBXs and ranges, not other groups; its name
 * must not be a device's (a fault naming it would be ambiguous).
 */
export function readGroups(
  v: unknown,
  known: ReadonlySet<string>,
  fail: Fail,
  attempt: <T>(read: () => T) => T | undefined,
): Groups {
  const groups = new Map<string, readonly string[]>();
  if (v === undefined) return groups;
  if (typeof v !== "object" || v === null || Array.isArray(v))
    return fail(["groups"], SimCode.FleetGroup, "groups is a mapping: name → list of device names or a range");
  for (const [name, ref] of Object.entries(v)) {
    // A group with errors (collected) stands for no device, so a fault naming it gets no second error.
    groups.set(name, []);
    attempt(() => {
      if (!GROUP_NAME.test(name)) fail(["groups", name], SimCode.FleetGroup, "a group name is letters, digits, _ . -");
      if (known.has(name)) fail(["groups", name], SimCode.FleetGroup, `${name} is a device's name already`);
      groups.set(name, resolveDevices(ref, ["groups", name], new Map(), known, fail));
    });
  }
  return groups;
}
