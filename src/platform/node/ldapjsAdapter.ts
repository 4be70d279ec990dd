import ldapjs from "ldapjs";
import type { Ava, Dn, Rdn } from "../../ldap/dn.js";
import type { Filter } from "../../ldap/filter.js";
import type { Control, LdapRequest, Modification, Scope } from "../../ldap/requests.js";

/**
 * The ldapjs adapter (docs/style.md §9): the only file that imports ldapjs. It decodes one whole LDAPMessage (the framer
 * has cut it out of the stream) with ldapjs's parser and turns ldapjs's message objects into this server's
 * LdapRequest. Responses are encoded by src/ldap/encode.ts: ldapjs 3 re-escapes DNs on the way out and leaves a
 * backslash unescaped, which would break names like `Smith\, John`.
 */

/** A DN as ldapjs 3 parses it (`@ldapjs/dn`): RDNs of name/value pairs; a `#hex` value comes as a BerReader. */
interface LdapjsDn {
  readonly length: number;
  rdnAt(i: number): { keys(): IterableIterator<string>; getValue(name: string): unknown };
}
interface LdapjsAttribute {
  readonly type: string;
  readonly values: readonly unknown[];
}
interface LdapjsFilter {
  readonly type: string;
  readonly attribute?: string;
  readonly value?: unknown;
  readonly clauses?: readonly LdapjsFilter[];
  readonly filter?: LdapjsFilter;
  readonly initial?: string;
  readonly any?: readonly string[];
  readonly final?: string;
}
/** The fields of ldapjs's request classes (`@ldapjs/messages`) read here; which ones a message has depends on `type`. */
interface LdapjsMessage {
  readonly type: string;
  readonly messageId: number;
  readonly controls?: readonly { readonly type: string; readonly criticality: boolean }[];
  readonly name?: string;
  readonly credentials?: string;
  readonly baseObject?: LdapjsDn;
  readonly scope?: number;
  readonly filter?: LdapjsFilter;
  readonly attributes?: readonly (string | LdapjsAttribute)[];
  readonly sizeLimit?: number;
  readonly typesOnly?: boolean;
  readonly entry?: LdapjsDn;
  /** ModifyRequest keeps its DN as the string it was sent as. */
  readonly object?: string;
  readonly changes?: readonly { readonly operation: string; readonly modification: LdapjsAttribute }[];
  readonly newRdn?: LdapjsDn;
  readonly newSuperior?: LdapjsDn;
  readonly attribute?: string;
  readonly value?: unknown;
  readonly requestName?: string;
}

/** ldapjs logs whole messages at debug level, bind passwords included: it gets a logger that drops everything. */
const SILENT = Object.fromEntries(
  ["trace", "debug", "info", "warn", "error", "fatal"].map((level) => [level, () => undefined]),
);
(SILENT as Record<string, unknown>)["child"] = () => SILENT;

const SCOPES: readonly Scope[] = ["base", "one", "sub"];

/** Decodes whole LDAPMessages of one connection. */
export class LdapjsDecoder {
  #parser = new ldapjs.Parser({ log: SILENT });

  /** The request in `frame`, or a text saying why it is not one. */
  decode(frame: Uint8Array): LdapRequest | string {
    let message: LdapjsMessage | undefined;
    let error: unknown;
    const onMessage = (m: LdapjsMessage) => (message = m);
    const onError = (e: unknown) => (error = e);
    this.#parser.on("message", onMessage).on("error", onError);
    try {
      this.#parser.write(Buffer.from(frame.buffer, frame.byteOffset, frame.length));
    } catch (e) {
      error = e;
    } finally {
      this.#parser.off("message", onMessage).off("error", onError);
    }
    if (message === undefined) {
      // A parser that failed may keep bytes of the bad message: the next message gets a fresh one.
      this.#parser = new ldapjs.Parser({ log: SILENT });
      return `the request does not decode (${error instanceof Error ? error.message : "unknown"})`;
    }
    try {
      return toRequest(message);
    } catch (e) {
      return `the ${message.type} cannot be read (${(e as Error).message})`;
    }
  }
}

function toRequest(m: LdapjsMessage): LdapRequest | string {
  const head = {
    messageId: m.messageId,
    controls: (m.controls ?? []).map((c): Control => ({ oid: c.type, critical: c.criticality })),
  };
  switch (m.type) {
    case "BindRequest":
      return { ...head, op: "bind", name: m.name ?? "", ...bindDn(m.name ?? ""), password: m.credentials ?? "" };
    case "SearchRequest":
      return {
        ...head,
        op: "search",
        base: toDn(m.baseObject!),
        scope: SCOPES[m.scope ?? 0] ?? "base",
        filter: toFilter(m.filter!),
        attributes: (m.attributes ?? []).map(String),
        sizeLimit: m.sizeLimit ?? 0,
        typesOnly: m.typesOnly === true,
      };
    case "AddRequest":
      return {
        ...head,
        op: "add",
        dn: toDn(m.entry!),
        attributes: (m.attributes as LdapjsAttribute[]).map(toAttribute),
      };
    case "ModifyRequest":
      return {
        ...head,
        op: "modify",
        dn: toDn(m.object!),
        changes: (m.changes ?? []).map((c): Modification => ({
          operation: c.operation as Modification["operation"],
          ...toAttribute(c.modification),
        })),
      };
    case "DeleteRequest":
      return { ...head, op: "delete", dn: toDn(m.entry!) };
    case "ModifyDnRequest":
      return {
        ...head,
        op: "modifyDn",
        dn: toDn(m.entry!),
        newRdn: toDn(m.newRdn!)[0] ?? [],
        ...(m.newSuperior === undefined ? {} : { newSuperior: toDn(m.newSuperior) }),
      };
    case "CompareRequest":
      return { ...head, op: "compare", dn: toDn(m.entry!), type: m.attribute ?? "", value: text(m.value) };
    case "ExtensionRequest":
      return { ...head, op: "extended", oid: m.requestName ?? "" };
    case "AbandonRequest":
      return { ...head, op: "abandon" };
    case "UnbindRequest":
      return { ...head, op: "unbind" };
    default:
      return `a ${m.type} is not a request a server answers`;
  }
}

/** The bind name parsed as a DN when it is one; a bare user name (no `=`) is not. */
function bindDn(name: string): { dn?: Dn } {
  if (!name.includes("=")) return {};
  try {
    return { dn: toDn(name) };
  } catch {
    return {};
  }
}

function toDn(given: LdapjsDn | string): Dn {
  const dn = typeof given === "string" ? (ldapjs.parseDN(given) as unknown as LdapjsDn) : given;
  const out: Rdn[] = [];
  for (let i = 0; i < dn.length; i++) {
    const rdn = dn.rdnAt(i);
    out.push([...rdn.keys()].map((type): Ava => ({ type, value: text(rdn.getValue(type)) })));
  }
  return out;
}

/** A value as text: strings as they are, a `#hex` BER value (BerReader) as its hex form, buffers as UTF-8. */
function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (Buffer.isBuffer(v)) return v.toString("utf8");
  const buffer = (v as { buffer?: unknown } | null)?.buffer;
  return Buffer.isBuffer(buffer) ? `#${buffer.toString("hex")}` : String(v);
}

function toAttribute(a: LdapjsAttribute): { type: string; values: string[] } {
  return { type: a.type, values: a.values.map(text) };
}

const COMPARISONS: Readonly<Record<string, "equal" | "ge" | "le" | "approx">> = {
  EqualityFilter: "equal",
  GreaterThanEqualsFilter: "ge",
  LessThanEqualsFilter: "le",
  ApproximateFilter: "approx",
};

function toFilter(f: LdapjsFilter): Filter {
  switch (f.type) {
    case "AndFilter":
    case "OrFilter":
      return { kind: f.type === "AndFilter" ? "and" : "or", filters: (f.clauses ?? []).map(toFilter) };
    case "NotFilter":
      return { kind: "not", filter: toFilter(f.filter!) };
    case "PresenceFilter":
      return { kind: "present", type: f.attribute ?? "" };
    case "SubstringFilter":
      return {
        kind: "substring",
        type: f.attribute ?? "",
        any: f.any ?? [],
        ...(f.initial === undefined || f.initial === "" ? {} : { initial: f.initial }),
        ...(f.final === undefined || f.final === "" ? {} : { final: f.final }),
      };
    default: {
      const kind = COMPARISONS[f.type];
      return kind === undefined ? { kind: "undefined" } : { kind, type: f.attribute ?? "", value: text(f.value) };
    }
  }
}
