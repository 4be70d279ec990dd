import { dnKey, formatDn, type Dn } from "./dn.js";
import { encodeEntryOp } from "./encode.js";
import type { LdapAttribute } from "./LdapAttribute.js";

/**
 * Which attributes a search returns (RFC 4511 §4.5.1.8): every user attribute, or the named ones (lower case); the
 * secret ones only on a connection with write access.
 */
export interface Selection {
  readonly all: boolean;
  readonly names: ReadonlySet<string>;
  readonly secrets: boolean;
  readonly typesOnly: boolean;
}

/**
 * One entry of the LDAP view: its DN, its attributes in a fixed order, lower-case copies of the values for
 * case-insensitive matching, and the encoded SearchResultEntry for the common "all attributes" requests (built
 * once, on first use).
 */
export class LdapEntry {
  readonly dn: Dn;
  readonly name: string;
  readonly key: string;
  readonly attributes: readonly LdapAttribute[];
  /** Attributes only a connection with write access reads (§4.5.1; docs/user-guide.md "LDAP server"). */
  readonly secret: ReadonlySet<string>;
  readonly #lower = new Map<string, readonly string[]>();
  readonly #encoded = new Map<string, Uint8Array>();

  constructor(dn: Dn, attributes: readonly LdapAttribute[], secret: readonly string[] = []) {
    this.dn = dn;
    this.name = formatDn(dn);
    this.key = dnKey(dn);
    this.attributes = attributes.filter((a) => a.values.length > 0);
    this.secret = new Set(secret.map((s) => s.toLowerCase()));
    for (const a of this.attributes)
      this.#lower.set(
        a.type.toLowerCase(),
        a.values.map((v) => v.toLowerCase()),
      );
  }

  /** The lower-case values of `type` (any case), or undefined when the entry does not have it. */
  values(type: string, secrets: boolean): readonly string[] | undefined {
    const t = type.toLowerCase();
    return !secrets && this.secret.has(t) ? undefined : this.#lower.get(t);
  }

  /** The attributes `sel` picks, in the entry's order. */
  select(sel: Selection): LdapAttribute[] {
    return this.attributes.filter((a) => {
      const t = a.type.toLowerCase();
      return (sel.secrets || !this.secret.has(t)) && (sel.all || sel.names.has(t));
    });
  }

  /** The SearchResultEntry protocolOp for `sel`; cached when it asks for all attributes with their values. */
  encoded(sel: Selection): Uint8Array {
    const cacheable = sel.all && !sel.typesOnly;
    const key = sel.secrets ? "all+secrets" : "all";
    const hit = cacheable ? this.#encoded.get(key) : undefined;
    if (hit !== undefined) return hit;
    const op = encodeEntryOp(this.name, this.select(sel), sel.typesOnly);
    if (cacheable) this.#encoded.set(key, op);
    return op;
  }
}
