import { formatPath, type Locator, type Path } from "../src/core/config/Locator.js";
import { integer, type JsonSchema } from "../src/core/config/schema.js";
import { isPlainObject } from "../src/core/config/plainObject.js";
import type { Fail } from "./fleetFields.js";
import { SimCode } from "./errors.js";

/**
 * Device templates of a fleet file (docs/user-guide.md "Templates"): an entry of `devices` with `count: N` stands for
 * N devices, n = first, first+1, …; every text in it may hold placeholders `{expr}` or `{expr:format}` that take n.
 * Expanded before the devices are read, so each generated device is checked like a written one and its errors name
 * the entry and the device (`devices[2] (radio-7).ip`).
 */

/** One entry makes at most this many devices: a fleet is for lab scale. */
export const MAX_COUNT = 2048;
/** The first n is at most this. */
export const MAX_FIRST = 1_000_000;
/** The keys a template entry has on top of a device's. */
export const TEMPLATE_KEYS = ["count", "first"] as const;
export const TEMPLATE_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  count: integer(1, MAX_COUNT),
  first: integer(0, MAX_FIRST),
};
/** A text that holds a placeholder: what the schema accepts in a template for any value. */
export const PLACEHOLDER_PATTERN = "\\{[^{}]+\\}";

/** A device entry, written or generated from a template: the value to read, its entry index and its label. */
export interface DeviceEntry {
  readonly value: unknown;
  readonly index: number;
  /** The generated device's name, for messages: `devices[2] (radio-7)`. */
  readonly label?: string;
  /**
   * Of a template with errors (collected): only the device's name, kept known so that a fault naming it gets no
   * second error. It is not read as a device.
   */
  readonly broken?: true;
}

/** The entries of `raw` (the `devices` list), templates expanded; an error in a template names the entry. */
export function expandDevices(
  raw: readonly unknown[],
  fail: Fail,
  attempt: <T>(read: () => T) => T | undefined,
): DeviceEntry[] {
  return raw.flatMap((value, index): DeviceEntry[] => {
    if (!isPlainObject(value) || value["count"] === undefined) return [{ value, index }];
    const made = attempt(() =>
      expandTemplate(value, ["devices", index], fail).map((v) => ({ value: v, index, label: labelOf(v) })),
    );
    // Whether the devices have a radio counts too (a handsets section needs one); their values are not read.
    const radio = value["radio"] === undefined ? {} : { radio: value["radio"] };
    return made ?? namesOf(value).map((name) => ({ value: { name, ...radio }, index, label: name, broken: true }));
  });
}

const labelOf = (v: unknown): string | undefined =>
  isPlainObject(v) && typeof v["name"] === "string" ? v["name"] : undefined;

/** A locator for a generated device: lines of its entry, fields named `devices[2] (radio-7).ip`. */
export function deviceLocator(parent: Locator, entry: DeviceEntry): Locator {
  const prefix = ["devices", entry.index];
  return {
    source: parent.source,
    lineOf: (path) => parent.lineOf([...prefix, ...path]),
    fieldOf: (path) => {
      const head = formatPath(prefix) + (entry.label === undefined ? "" : ` (${entry.label})`);
      const rest = formatPath(path);
      return rest === "" ? head : rest.startsWith("[") ? head + rest : `${head}.${rest}`;
    },
  };
}

/** The names a template with errors would give, as far as its count and name pattern read. */
function namesOf(entry: Readonly<Record<string, unknown>>): string[] {
  const { count, first = 1, name } = entry;
  const whole = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0;
  if (!whole(count) || count > MAX_COUNT || !whole(first) || first > MAX_FIRST || typeof name !== "string") return [];
  const quiet: Fail = () => {
    throw new Error("no name");
  };
  return Array.from({ length: count }, (_, i) => {
    try {
      return String(fillText(name, first + i, [], quiet));
    } catch {
      return undefined;
    }
  }).filter((n) => n !== undefined);
}

function expandTemplate(entry: Readonly<Record<string, unknown>>, path: Path, fail: Fail): unknown[] {
  const count = entry["count"];
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > MAX_COUNT)
    fail([...path, "count"], SimCode.FleetTemplate, `a whole number of devices from 1 to ${MAX_COUNT}`);
  const first = entry["first"] ?? 1;
  if (typeof first !== "number" || !Number.isInteger(first) || first < 0 || first > MAX_FIRST)
    fail([...path, "first"], SimCode.FleetTemplate, `the first n: a whole number from 0 to ${MAX_FIRST}`);
  const { count: _c, first: _f, ...device } = entry;
  return Array.from({ length: count as number }, (_, i) => fill(device, (first as number) + i, path, fail));
}

/** `v` with every placeholder of its texts filled with n. */
function fill(v: unknown, n: number, path: Path, fail: Fail): unknown {
  if (typeof v === "string") return fillText(v, n, path, fail);
  if (Array.isArray(v)) return v.map((x, i) => fill(x, n, [...path, i], fail));
  if (isPlainObject(v))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, n, [...path, k], fail)]));
  return v;
}

/** `{expr}` alone is a number; anywhere else placeholders are replaced by their text. `{{` and `}}` are braces. */
export function fillText(text: string, n: number, path: Path, fail: Fail): string | number {
  const whole = /^\{([^{}:]+)\}$/.exec(text);
  if (whole !== null) return evaluate(whole[1]!, n, path, fail);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === "{" || c === "}") && text[i + 1] === c) {
      out += c;
      i++;
    } else if (c === "{") {
      const end = text.indexOf("}", i);
      if (end < 0)
        return fail(path, SimCode.FleetTemplate, `unclosed { in ${JSON.stringify(text)} (write {{ for a brace)`);
      out += placeholder(text.slice(i + 1, end), n, path, fail);
      i = end;
    } else if (c === "}") return fail(path, SimCode.FleetTemplate, `a } without { in ${JSON.stringify(text)}`);
    else out += c;
  }
  return out;
}

/** `expr` or `expr:format`; format: optional 0 and width, then d (decimal, the default), x or X (hex). */
function placeholder(body: string, n: number, path: Path, fail: Fail): string {
  const [expr, format = ""] = body.split(":", 2) as [string, string?];
  const f = /^(0?)(\d*)([dxX]?)$/.exec(format);
  if (f === null) return fail(path, SimCode.FleetTemplate, `bad format :${format} in {${body}} (e.g. {n:02x}, {n:03})`);
  const value = evaluate(expr, n, path, fail);
  if (value < 0 && f[3] !== "" && f[3] !== "d")
    fail(path, SimCode.FleetTemplate, `{${body}} is ${value}: no hex for a negative number`);
  const digits = f[3] === "x" ? value.toString(16) : f[3] === "X" ? value.toString(16).toUpperCase() : String(value);
  return digits.padStart(Number(f[2] || 0), f[1] === "0" ? "0" : " ");
}

/** An integer expression of n: numbers, n, + - * / (whole division) % and parentheses. */
function evaluate(expr: string, n: number, path: Path, fail: Fail): number {
  const tokens = expr.match(/\d+|n|[-+*/%()]|\S/g) ?? [];
  let at = 0;
  const bad = (why: string): never =>
    fail(path, SimCode.FleetTemplate, `{${expr}}: ${why} (use n, numbers, + - * / % and parentheses)`);
  const atom = (): number => {
    const t = tokens[at++];
    if (t === "n") return n;
    if (t === "-") return -atom();
    if (t === "(") {
      const v = sum();
      if (tokens[at++] !== ")") bad("a ( without )");
      return v;
    }
    if (t !== undefined && /^\d+$/.test(t)) return Number(t);
    return bad(t === undefined ? "the expression ends too early" : `unexpected ${JSON.stringify(t)}`);
  };
  const product = (): number => {
    let v = atom();
    while (tokens[at] === "*" || tokens[at] === "/" || tokens[at] === "%") {
      const op = tokens[at++];
      const r = atom();
      if (op !== "*" && r === 0) bad("division by zero");
      v = op === "*" ? v * r : op === "/" ? Math.floor(v / r) : v % r;
    }
    return v;
  };
  function sum(): number {
    let v = product();
    while (tokens[at] === "+" || tokens[at] === "-") v = tokens[at++] === "+" ? v + product() : v - product();
    return v;
  }
  const v = sum();
  if (at < tokens.length) bad(`unexpected ${JSON.stringify(tokens[at])}`);
  if (!Number.isSafeInteger(v)) bad("the value is too large");
  return v;
}
