import type { LdapEntry } from "./LdapEntry.js";
import { USN } from "./schema.js";

/** A search filter (RFC 4511 §4.5.1.7) as this server evaluates it. Values are the asserted values, unescaped. */
export type Filter =
  | { readonly kind: "and" | "or"; readonly filters: readonly Filter[] }
  | { readonly kind: "not"; readonly filter: Filter }
  | { readonly kind: "equal" | "ge" | "le" | "approx"; readonly type: string; readonly value: string }
  | { readonly kind: "present"; readonly type: string }
  | {
      readonly kind: "substring";
      readonly type: string;
      readonly initial?: string;
      readonly any: readonly string[];
      readonly final?: string;
    }
  /** extensibleMatch and anything else this server does not evaluate: Undefined (RFC 4511 §4.5.1.7). */
  | { readonly kind: "undefined" };

/** TRUE, FALSE or Undefined (RFC 4511 §4.5.1.7); Undefined never selects an entry, nor does its NOT. */
type Truth = boolean | undefined;

/**
 * Whether `f` selects `entry`. Every attribute of this directory compares case-insensitively (caseIgnoreMatch,
 * without RFC 4518's space folding); `usn` orders as a number. An attribute type this directory never has, and a
 * secret attribute the connection may not read, evaluate to Undefined, so a filter cannot probe a hidden value.
 */
export function matches(f: Filter, entry: LdapEntry, secrets: boolean, known: (type: string) => boolean): boolean {
  return evaluate(f, entry, secrets, known) === true;
}

function evaluate(f: Filter, entry: LdapEntry, secrets: boolean, known: (type: string) => boolean): Truth {
  switch (f.kind) {
    case "and": {
      let out: Truth = true;
      for (const c of f.filters) {
        const t = evaluate(c, entry, secrets, known);
        if (t === false) return false;
        if (t === undefined) out = undefined;
      }
      return out;
    }
    case "or": {
      let out: Truth = false;
      for (const c of f.filters) {
        const t = evaluate(c, entry, secrets, known);
        if (t === true) return true;
        if (t === undefined) out = undefined;
      }
      return out;
    }
    case "not": {
      const t = evaluate(f.filter, entry, secrets, known);
      return t === undefined ? undefined : !t;
    }
    case "undefined":
      return undefined;
    default: {
      if (!known(f.type) || (!secrets && entry.secret.has(f.type.toLowerCase()))) return undefined;
      const values = entry.values(f.type, secrets);
      if (values === undefined) return false;
      return values.some((v) => test(f, v));
    }
  }
}

function test(f: Exclude<Filter, { kind: "and" | "or" | "not" | "undefined" }>, v: string): boolean {
  switch (f.kind) {
    case "present":
      return true;
    case "equal":
    case "approx":
      return v === f.value.toLowerCase();
    case "ge":
    case "le": {
      const c = compare(f.type, v, f.value.toLowerCase());
      return f.kind === "ge" ? c >= 0 : c <= 0;
    }
    case "substring":
      return substring(v, f);
  }
}

/** `usn` by value (integerOrderingMatch), everything else by code units. */
function compare(type: string, a: string, b: string): number {
  if (type.toLowerCase() === USN && /^\d+$/.test(a) && /^\d+$/.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function substring(v: string, f: { initial?: string; any: readonly string[]; final?: string }): boolean {
  const initial = f.initial?.toLowerCase() ?? "";
  const final = f.final?.toLowerCase() ?? "";
  if (!v.startsWith(initial)) return false;
  let at = initial.length;
  for (const part of f.any.map((p) => p.toLowerCase())) {
    const i = v.indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  return v.length - final.length >= at && v.endsWith(final);
}

/** Equality assertions every selected entry must satisfy: the filter itself, or the clauses of a top-level AND. */
export function requiredEqualities(f: Filter): { type: string; value: string }[] {
  if (f.kind === "equal") return [{ type: f.type, value: f.value }];
  if (f.kind === "and") return f.filters.flatMap((c) => (c.kind === "equal" ? [{ type: c.type, value: c.value }] : []));
  return [];
}
