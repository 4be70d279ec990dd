import type { ErrorContext } from "../core/errors.js";
import { SipParseError } from "./errors.js";
import { isToken, quotedEnd, unquote } from "./syntax.js";

/** Parameters as written: names with their case, values raw (a quoted-string keeps its quotes), valueless → undefined. */
export type Params = ReadonlyMap<string, string | undefined>;

const HEADER_VALUE_RE = /^[A-Za-z0-9\-.!%*_+`'~:[\]]+$/;

/**
 * gen-value = token / host / quoted-string (RFC 3261 §25.1 generic-param). `host` brings `[`, `]` and `:`
 * (received and maddr may be IPv6 addresses).
 */
export function isHeaderParamValue(v: string): boolean {
  return HEADER_VALUE_RE.test(v) || (v.startsWith('"') && quotedEnd(v, 0) === v.length);
}

export interface ParamSyntax {
  readonly name: (s: string) => boolean;
  readonly value: (s: string) => boolean;
}

/** generic-param = token [ EQUAL gen-value ] (RFC 3261 §25.1). */
export const HEADER_PARAMS: ParamSyntax = { name: isToken, value: isHeaderParamValue };

/**
 * `name[=value]` pieces (already split at `;`) into a map. A parameter appears at most once, whatever its case
 * (RFC 3261 §19.1.1); an empty piece (`;;`) is a syntax error.
 */
export function parseParams(
  pieces: readonly string[],
  syntax: ParamSyntax,
  ctx: ErrorContext,
): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const seen = new Set<string>();
  for (const piece of pieces) {
    const eq = piece.indexOf("=");
    const name = (eq < 0 ? piece : piece.slice(0, eq)).trim();
    const value = eq < 0 ? undefined : piece.slice(eq + 1).trim();
    if (!syntax.name(name)) throw new SipParseError(`bad parameter name "${name}"`, ctx);
    if (value !== undefined && !syntax.value(value)) throw new SipParseError(`bad value of parameter "${name}"`, ctx);
    const key = name.toLowerCase();
    if (seen.has(key)) throw new SipParseError(`parameter "${name}" appears twice`, ctx);
    seen.add(key);
    out.set(name, value);
  }
  return out;
}

/** `;name=value;flag` for each parameter, in order. */
export function formatParams(params: Params): string {
  let out = "";
  for (const [name, value] of params) out += value === undefined ? `;${name}` : `;${name}=${value}`;
  return out;
}

/**
 * The value of parameter `name`, compared case-insensitively (RFC 3261 §7.3.1), with quotes removed; undefined when
 * it is absent or valueless (see hasParam for flags such as `rport`).
 */
export function paramValue(params: Params, name: string): string | undefined {
  const key = paramName(params, name);
  const value = key === undefined ? undefined : params.get(key);
  return value === undefined ? undefined : unquote(value);
}

/** Whether parameter `name` is there, with or without a value (e.g. `rport`, `lr`), compared case-insensitively. */
export function hasParam(params: Params, name: string): boolean {
  return paramName(params, name) !== undefined;
}

/** The spelling under which `name` is stored in `params` (case-insensitive), or undefined when it is absent. */
export function paramName(params: Params, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const key of params.keys()) if (key.toLowerCase() === want) return key;
  return undefined;
}
