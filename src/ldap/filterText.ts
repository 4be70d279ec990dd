import { DecodeError } from "../core/errors.js";
import type { Filter } from "./filter.js";
import { LdapCode } from "./errors.js";

/** A filter in text is short: a replicator's setting, not a document. */
const MAX_FILTER = 1024;
/** Nesting deeper than this is no filter an administrator writes. */
const MAX_DEPTH = 32;

/**
 * An LDAP filter in its string form (RFC 4515), e.g. `(&(objectClass=user)(e164=2*))`, as the §4.5.3.1 Filter Type
 * "LDAP Filter" takes it. Values may escape characters as `\XX` (hex); a bad filter is a DecodeError saying where.
 */
export function parseFilterText(text: string, field = "filter"): Filter {
  if (text.length > MAX_FILTER)
    throw new DecodeError(LdapCode.LdapFilter, `longer than ${MAX_FILTER} characters`, { field });
  let at = 0;
  const fail = (why: string): never => {
    throw new DecodeError(LdapCode.LdapFilter, `${why} at character ${at + 1} of ${JSON.stringify(text)}`, { field });
  };
  const expect = (c: string) => (text[at] === c ? at++ : fail(`"${c}" expected`));
  const filter = (depth: number): Filter => {
    if (depth > MAX_DEPTH) fail("nested too deeply");
    expect("(");
    const c = text[at];
    let out: Filter;
    if (c === "&" || c === "|") {
      at++;
      const filters: Filter[] = [];
      while (text[at] === "(") filters.push(filter(depth + 1));
      if (filters.length === 0) fail("a filter list expected");
      out = { kind: c === "&" ? "and" : "or", filters };
    } else if (c === "!") {
      at++;
      out = { kind: "not", filter: filter(depth + 1) };
    } else out = item();
    expect(")");
    return out;
  };
  const item = (): Filter => {
    const m = /^([A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(=|~=|>=|<=)/.exec(text.slice(at));
    if (m === null) return fail("an attribute and =, ~=, >= or <= expected");
    const type = m[1]!;
    const op = m[2]!;
    at += m[0].length;
    const end = text.indexOf(")", at);
    if (end < 0) return fail('")" expected');
    const raw = text.slice(at, end);
    at = end;
    if (op === "=" && raw === "*") return { kind: "present", type };
    if (op === "=" && raw.includes("*")) {
      const parts = raw.split("*").map(unescape);
      const initial = parts[0]!;
      const final = parts[parts.length - 1]!;
      return {
        kind: "substring",
        type,
        ...(initial === "" ? {} : { initial }),
        any: parts.slice(1, -1).filter((p) => p !== ""),
        ...(final === "" ? {} : { final }),
      };
    }
    const value = unescape(raw);
    return { kind: op === "=" ? "equal" : op === "~=" ? "approx" : op === ">=" ? "ge" : "le", type, value };
  };
  const unescape = (v: string): string => {
    if (/[()]/.test(v) || /\\(?![0-9A-Fa-f]{2})/.test(v)) fail(`bad value ${JSON.stringify(v)} (escape as \\XX)`);
    const bytes: number[] = [];
    const enc = new TextEncoder();
    for (let i = 0; i < v.length; i++) {
      if (v[i] === "\\") {
        bytes.push(parseInt(v.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...enc.encode(v[i]!));
    }
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bytes));
    } catch {
      return fail(`${JSON.stringify(v)} is not UTF-8`);
    }
  };
  const out = filter(0);
  if (at !== text.length) fail("text after the filter");
  return out;
}
