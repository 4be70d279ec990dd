import type { Dn } from "./dn.js";
import type { DirectoryView } from "./DirectoryView.js";
import { matches, requiredEqualities } from "./filter.js";
import type { LdapEntry, Selection } from "./LdapEntry.js";
import type { RequestOf } from "./requests.js";
import { result, ResultCode, SUCCESS, type LdapResult } from "./resultCodes.js";
import { KNOWN_ATTRIBUTES } from "./schema.js";

/** What a connection may read: anonymous reads the root DSE only; secret attributes need write access (§4.5.1). */
export interface ReadRights {
  readonly bound: boolean;
  readonly secrets: boolean;
}

const known = (type: string) => KNOWN_ATTRIBUTES.has(type.toLowerCase());

/** RFC 4511 §4.5.1.8: no list or `*` is every user attribute, `1.1` none, otherwise the named ones. */
export function selection(attributes: readonly string[], rights: ReadRights, typesOnly: boolean): Selection {
  const names = new Set(attributes.map((a) => a.toLowerCase()));
  return { all: names.size === 0 || names.has("*"), names, secrets: rights.secrets, typesOnly };
}

const ANONYMOUS = result(
  ResultCode.insufficientAccessRights,
  "bind as the LDAP server's user first (§4.5.1); anonymous clients read the root DSE only",
);

/**
 * RFC 4511 §4.5: the entries of the view below `base` within `scope` that `filter` selects, at most `sizeLimit`.
 * The root DSE answers a base search of `""` only; a subtree or one-level search of `""` covers the naming context.
 * An equality on an indexed attribute (cn, e164, ipei, guid) picks its candidates from the index.
 */
export function search(
  view: DirectoryView,
  req: RequestOf<"search">,
  rights: ReadRights,
): { hits: LdapEntry[]; done: LdapResult } {
  const rootOnly = req.base.length === 0 && req.scope === "base";
  if (!rights.bound && !rootOnly) return { hits: [], done: ANONYMOUS };
  const base = view.locate(req.base);
  if (base === undefined) return { hits: [], done: noSuchObject(view, req.base) };
  const hits: LdapEntry[] = [];
  for (const e of candidates(view, base.entry, req)) {
    if (!matches(req.filter, e, rights.secrets, known)) continue;
    if (req.sizeLimit > 0 && hits.length === req.sizeLimit)
      return { hits, done: result(ResultCode.sizeLimitExceeded, `more than ${req.sizeLimit} entries match`) };
    hits.push(e);
  }
  return { hits, done: SUCCESS };
}

function candidates(view: DirectoryView, base: LdapEntry, req: RequestOf<"search">): Iterable<LdapEntry> {
  const { scope } = req;
  if (base === view.root)
    return scope === "base" ? [view.root] : scope === "one" ? [view.view] : below(view, req, true);
  if (base === view.view) return scope === "base" ? [view.view] : below(view, req, scope === "sub");
  return scope === "one" ? [] : [base];
}

/** The children of the naming context (from the index when the filter allows), and the context itself first. */
function below(view: DirectoryView, req: RequestOf<"search">, withView: boolean): Iterable<LdapEntry> {
  for (const eq of requiredEqualities(req.filter)) {
    const hits = view.lookup(eq.type, eq.value);
    if (hits !== undefined) return withView ? [view.view, ...hits] : hits;
  }
  return withView ? [view.view, ...view.children()] : view.children();
}

/** noSuchObject with the deepest existing part of `dn` as matchedDN (RFC 4511 §4.1.9). */
export function noSuchObject(view: DirectoryView, dn: Dn): LdapResult {
  for (let i = 1; i < dn.length; i++) {
    const parent = view.locate(dn.slice(i));
    if (parent !== undefined) return result(ResultCode.noSuchObject, "no such entry", parent.entry.name);
  }
  return result(ResultCode.noSuchObject, "no such entry; the naming context is cn=PBX0");
}

/** RFC 4511 §4.10: whether the entry's attribute holds the value (compareTrue/compareFalse). */
export function compare(view: DirectoryView, req: RequestOf<"compare">, rights: ReadRights): LdapResult {
  if (!rights.bound && req.dn.length > 0) return ANONYMOUS;
  const located = view.locate(req.dn);
  if (located === undefined) return noSuchObject(view, req.dn);
  if (!known(req.type)) return result(ResultCode.undefinedAttributeType, `no attribute ${req.type} here`);
  if (!rights.secrets && located.entry.secret.has(req.type.toLowerCase()))
    return result(ResultCode.insufficientAccessRights, `${req.type} is read with write access only (§4.5.1)`);
  const values = located.entry.values(req.type, true);
  if (values === undefined) return result(ResultCode.noSuchAttribute, `${located.entry.name} has no ${req.type}`);
  return values.includes(req.value.toLowerCase())
    ? result(ResultCode.compareTrue, "")
    : result(ResultCode.compareFalse, "");
}
