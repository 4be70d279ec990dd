import type { Dn, Rdn } from "./dn.js";
import type { Filter } from "./filter.js";
import type { LdapAttribute } from "./LdapAttribute.js";

/** RFC 4511 §4.5.1.2: baseObject, singleLevel, wholeSubtree. */
export type Scope = "base" | "one" | "sub";

export interface Control {
  readonly oid: string;
  readonly critical: boolean;
}

export interface Modification {
  readonly operation: "add" | "delete" | "replace";
  readonly type: string;
  readonly values: readonly string[];
}

/** A decoded LDAP request (RFC 4511 §4.2–4.12) in this server's terms; the adapter builds it from the wire. */
export type LdapRequest = { readonly messageId: number; readonly controls: readonly Control[] } & (
  | {
      readonly op: "bind";
      /** The name as sent; `dn` is it parsed when it is a DN (a bare user name is not). */
      readonly name: string;
      readonly dn?: Dn;
      readonly password: string;
    }
  | {
      readonly op: "search";
      readonly base: Dn;
      readonly scope: Scope;
      readonly filter: Filter;
      readonly attributes: readonly string[];
      /** 0: no limit. */
      readonly sizeLimit: number;
      readonly typesOnly: boolean;
    }
  | { readonly op: "add"; readonly dn: Dn; readonly attributes: readonly LdapAttribute[] }
  | { readonly op: "modify"; readonly dn: Dn; readonly changes: readonly Modification[] }
  | { readonly op: "delete"; readonly dn: Dn }
  | { readonly op: "modifyDn"; readonly dn: Dn; readonly newRdn: Rdn; readonly newSuperior?: Dn }
  | { readonly op: "compare"; readonly dn: Dn; readonly type: string; readonly value: string }
  | { readonly op: "extended"; readonly oid: string }
  | { readonly op: "abandon" }
  | { readonly op: "unbind" }
);

export type LdapOp = LdapRequest["op"];
export type RequestOf<O extends LdapOp> = Extract<LdapRequest, { op: O }>;
