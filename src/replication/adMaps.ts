import { ConfigError } from "../core/errors.js";
import type { UserField } from "../users/limits.js";
import { ReplicationCode } from "./errors.js";

/**
 * Attribute mapping of Active Directory replication (manual 003 §4.5.3.2 "Attribute Mappings", "In Maps",
 * "Out Maps"): In Maps copy parts of incoming attributes into `%variables`, Out Maps fill the user fields from them.
 *
 * Assignment pattern grammar (the one of the IP-DECT replicator's web page, see docs/user-guide.md):
 *
 *     pattern    = definition { definition } [ ":" regexp ]
 *     definition = "%" name [ "=/" value "/" ]
 *
 * `regexp` (JavaScript syntax, `.` matching any character) must match the whole attribute value (it is anchored at
 * both ends) and defaults to `(.*)`. `value` is
 * text in which `\0`…`\9` stand for the groups of the match (`\\` and `\/` for a backslash and a slash); a
 * definition without a value takes group n, where n is its place among the definitions (1, 2, …). Examples:
 * `%tel` copies the value; `%ext=/\1/:\+49 7031 730-(\d+)` keeps the extension; `%area%sub:(\d+) (\d+)`;
 * `%dsp=//:.*` is an always-matching default (an empty Display).
 *
 * Maps are handled in their order: for each, the values of its source attribute are tried one after another and the
 * first that matches assigns the map's variables, except those an earlier map has already assigned. So a later map
 * is a fallback or default for an earlier one.
 */

/** One In Map as configured: source attribute, assignment pattern, description (§4.5.3.2 In Maps). */
export interface InMapSetting {
  readonly source: string;
  readonly pattern: string;
  readonly description?: string;
}

/** One Out Map as configured: IP-DECT attribute and destination value (§4.5.3.2 Out Maps). */
export interface OutMapSetting {
  readonly dest: string;
  readonly value: string;
}

/**
 * The IP-DECT attribute names an Out Map can fill (§4.5.3.2 Attribute Mappings table; App. C names them the same)
 * and the user field behind each. `dn` is the Display Name; `idle` the Idle Display, which the table lists with it.
 */
export const AD_DEST_FIELDS = {
  cn: "longName",
  dn: "displayName",
  h323: "name",
  e164: "number",
  auth: "authName",
  password: "password",
  ipei: "ipei",
  authCode: "authCode",
  idle: "idleDisplay",
} as const satisfies Record<string, UserField>;
export type AdDest = keyof typeof AD_DEST_FIELDS;

/** §4.5.3.2: Long Name (`cn`) and Number (`e164`) are mandatory; an object that yields neither is discarded. */
const MANDATORY: readonly AdDest[] = ["cn", "e164"];

/**
 * The maps used when none are configured (ours; the manual asks for maps, §4.5.3.2 step 9): its Attribute Mappings
 * table, which names the AD attributes "generally used". Long Name from `cn` (an AD user's RDN, always present);
 * Number from `telephoneNumber`, else `ipPhone`, else `mobile`, copied as they are; Display Name from `displayName`,
 * empty when the object has none (the manual's advice against "retention of old information"); Name from
 * `userPrincipalName`. An object with no number in any of the three is Discarded.
 */
export const DEFAULT_IN_MAPS: readonly InMapSetting[] = [
  { source: "cn", pattern: "%cn", description: "Long Name" },
  { source: "telephoneNumber", pattern: "%tel", description: "Number" },
  { source: "ipPhone", pattern: "%tel", description: "Number if no telephoneNumber" },
  { source: "mobile", pattern: "%tel", description: "Number if neither" },
  { source: "displayName", pattern: "%dsp", description: "Display Name" },
  { source: "cn", pattern: "%dsp=//", description: "empty Display Name by default" },
  { source: "userPrincipalName", pattern: "%upn", description: "Name" },
];
export const DEFAULT_OUT_MAPS: readonly OutMapSetting[] = [
  { dest: "cn", value: "%cn" },
  { dest: "e164", value: "%tel" },
  { dest: "dn", value: "%dsp" },
  { dest: "h323", value: "%upn" },
];

/** The attributes of a remote object by lower-case name: what LDAP gives, every attribute possibly multi-valued. */
export type AdAttributes = Readonly<Record<string, readonly string[]>>;

interface Definition {
  readonly variable: string;
  /** Literal pieces and group numbers, in order. */
  readonly value: readonly (string | number)[];
}

interface InMap {
  readonly source: string;
  readonly regexp: RegExp;
  readonly definitions: readonly Definition[];
}

interface OutMap {
  readonly field: UserField;
  /** Literal pieces and variable names (`{ v }`), in order. */
  readonly value: readonly (string | { readonly v: string })[];
}

/** What the maps make of one remote object. */
export type MapResult =
  | { readonly kind: "user"; readonly fields: Readonly<Partial<Record<UserField, string>>> }
  | { readonly kind: "discarded"; readonly reason: string };

const NAME = /[A-Za-z0-9_]/;

/** Compiled In Maps and Out Maps; construction checks every map and throws a ConfigError naming the bad one. */
export class AdMaps {
  readonly #in: readonly InMap[];
  readonly #out: readonly OutMap[];

  constructor(inMaps: readonly InMapSetting[], outMaps: readonly OutMapSetting[]) {
    this.#in = inMaps.map((m, i) => compileIn(m, `ldap.replicator.inMaps[${i}]`));
    const assigned = new Set(this.#in.flatMap((m) => m.definitions.map((d) => d.variable)));
    const seen = new Set<UserField>();
    this.#out = outMaps.map((m, i) => {
      const out = compileOut(m, `ldap.replicator.outMaps[${i}]`, assigned);
      if (seen.has(out.field))
        throw new ConfigError(ReplicationCode.AdMap, `Out Map ${m.dest} appears twice`, {
          field: `ldap.replicator.outMaps[${i}]`,
        });
      seen.add(out.field);
      return out;
    });
    for (const dest of MANDATORY)
      if (!seen.has(AD_DEST_FIELDS[dest]))
        throw new ConfigError(
          ReplicationCode.AdMap,
          `an Out Map for ${dest} is mandatory (§4.5.3.2 Attribute Mappings)`,
          {
            field: "ldap.replicator.outMaps",
          },
        );
  }

  /** The remote attributes the In Maps read (lower case): what a search asks the server for. */
  get sources(): string[] {
    return [...new Set(this.#in.map((m) => m.source))];
  }

  /** The user fields the Out Maps can write: the ones Active Directory may own. */
  get fields(): UserField[] {
    return this.#out.map((m) => m.field);
  }

  /**
   * Runs the In Maps over `attrs`, then the Out Maps. An Out Map whose variables are not all assigned writes nothing;
   * the object is discarded when that leaves a mandatory field (Long Name, Number) empty.
   */
  apply(attrs: AdAttributes): MapResult {
    const vars = new Map<string, string>();
    for (const m of this.#in) {
      if (m.definitions.every((d) => vars.has(d.variable))) continue;
      const match = firstMatch(m.regexp, attrs[m.source] ?? []);
      if (match === undefined) continue;
      for (const d of m.definitions)
        if (!vars.has(d.variable))
          vars.set(d.variable, d.value.map((p) => (typeof p === "string" ? p : (match[p] ?? ""))).join(""));
    }
    const fields: Partial<Record<UserField, string>> = {};
    for (const m of this.#out) {
      if (m.value.some((p) => typeof p !== "string" && !vars.has(p.v))) continue;
      fields[m.field] = m.value.map((p) => (typeof p === "string" ? p : vars.get(p.v)!)).join("");
    }
    const missing = MANDATORY.filter((d) => (fields[AD_DEST_FIELDS[d]] ?? "") === "");
    if (missing.length > 0) return { kind: "discarded", reason: `no value for ${missing.join(", ")}` };
    return { kind: "user", fields };
  }
}

function firstMatch(regexp: RegExp, values: readonly string[]): RegExpExecArray | undefined {
  for (const v of values) {
    const m = regexp.exec(v);
    if (m !== null) return m;
  }
  return undefined;
}

function compileIn(m: InMapSetting, field: string): InMap {
  const fail = (why: string, cause?: unknown) =>
    new ConfigError(ReplicationCode.AdMap, `In Map ${m.source} ${JSON.stringify(m.pattern)}: ${why}`, { field, cause });
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(m.source)) throw fail("the source attribute is not an LDAP attribute name");
  const p = m.pattern;
  const definitions: Definition[] = [];
  let i = 0;
  while (p[i] === "%") {
    let name = "";
    for (i++; i < p.length && NAME.test(p[i]!); i++) name += p[i];
    if (name === "") throw fail(`a variable name must follow % at ${i}`);
    if (definitions.some((d) => d.variable === name)) throw fail(`%${name} is assigned twice`);
    let value: (string | number)[] = [definitions.length + 1];
    if (p.startsWith("=/", i)) [value, i] = readValue(p, i + 2, fail);
    definitions.push({ variable: name, value });
  }
  if (definitions.length === 0) throw fail("it must start with a %variable");
  if (i < p.length && p[i] !== ":") throw fail(`expected % or : at ${i}`);
  const source = i < p.length ? p.slice(i + 1) : "(.*)";
  let regexp: RegExp;
  try {
    // "s": `.` matches any character, line breaks too, as in POSIX regular expressions.
    regexp = new RegExp(`^(?:${source})$`, "s");
  } catch (cause) {
    throw fail("not a regular expression", cause);
  }
  const groups = new RegExp(`${source}|`).exec("")!.length - 1;
  for (const d of definitions)
    for (const part of d.value)
      if (typeof part === "number" && part > groups)
        throw fail(`%${d.variable} uses group ${part} but the expression has ${groups}`);
  return { source: m.source.toLowerCase(), regexp, definitions };
}

/** Reads a `value/` starting at `i`: literal text and `\n` group numbers; returns them and the index after `/`. */
function readValue(p: string, i: number, fail: (why: string) => Error): [(string | number)[], number] {
  const parts: (string | number)[] = [];
  let text = "";
  for (; i < p.length; i++) {
    const c = p[i]!;
    if (c === "/") {
      if (text !== "") parts.push(text);
      return [parts, i + 1];
    }
    if (c !== "\\") {
      text += c;
      continue;
    }
    const next = p[++i];
    if (next !== undefined && /[0-9]/.test(next)) {
      if (text !== "") parts.push(text);
      text = "";
      parts.push(Number(next));
    } else if (next === "\\" || next === "/") text += next;
    else throw fail(`unknown escape \\${next ?? ""} at ${i - 1} (use \\0-\\9, \\\\ or \\/)`);
  }
  throw fail("a value =/…/ is not closed by /");
}

function compileOut(m: OutMapSetting, field: string, assigned: ReadonlySet<string>): OutMap {
  const fail = (why: string) =>
    new ConfigError(ReplicationCode.AdMap, `Out Map ${m.dest} ${JSON.stringify(m.value)}: ${why}`, { field });
  if (!Object.hasOwn(AD_DEST_FIELDS, m.dest))
    throw fail(`unknown IP-DECT attribute (one of ${Object.keys(AD_DEST_FIELDS).join(", ")})`);
  const value: (string | { v: string })[] = [];
  let text = "";
  for (let i = 0; i < m.value.length; i++) {
    const c = m.value[i]!;
    if (c !== "%") {
      text += c;
      continue;
    }
    if (m.value[i + 1] === "%") {
      text += "%";
      i++;
      continue;
    }
    let name = "";
    while (i + 1 < m.value.length && NAME.test(m.value[i + 1]!)) name += m.value[++i];
    if (name === "") throw fail(`a variable name must follow % at ${i} (%% is a percent sign)`);
    if (!assigned.has(name)) throw fail(`no In Map assigns %${name}`);
    if (text !== "") value.push(text);
    text = "";
    value.push({ v: name });
  }
  if (text !== "") value.push(text);
  return { field: AD_DEST_FIELDS[m.dest as AdDest], value };
}
