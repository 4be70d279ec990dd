/** One attribute type and value of an RDN (RFC 4514 AttributeTypeAndValue), the value unescaped. */
export interface Ava {
  readonly type: string;
  readonly value: string;
}
/** A relative distinguished name: usually one Ava; several for a multi-valued RDN (`cn=a+sn=b`). */
export type Rdn = readonly Ava[];
/** A distinguished name, most specific RDN first (as written: `cn=Alice,cn=PBX0`); the root DSE is `[]`. */
export type Dn = readonly Rdn[];

/** Characters RFC 4514 §2.4 escapes anywhere in a value. */
const SPECIAL = new Set(['"', "+", ",", ";", "<", ">", "\\"]);

/**
 * A value as RFC 4514 §2.4 writes it: `\` before `" + , ; < > \`, before a leading `#` or space and a trailing
 * space, and `\00` for NUL; other characters (UTF-8 included) as they are.
 */
export function escapeDnValue(value: string): string {
  let out = "";
  const chars = [...value];
  chars.forEach((c, i) => {
    if (c === "\0") out += "\\00";
    else if (SPECIAL.has(c) || (i === 0 && (c === "#" || c === " ")) || (i === chars.length - 1 && c === " "))
      out += `\\${c}`;
    else out += c;
  });
  return out;
}

/** The RFC 4514 string of a DN. */
export function formatDn(dn: Dn): string {
  return dn.map((rdn) => rdn.map((a) => `${a.type}=${escapeDnValue(a.value)}`).join("+")).join(",");
}

/**
 * A key that is equal for DNs that name the same entry here: attribute types and values compared without regard to
 * case (every attribute of this directory matches case-insensitively, see filter.ts), AVAs of an RDN in any order.
 */
export function dnKey(dn: Dn): string {
  return JSON.stringify(dn.map((rdn) => rdn.map((a) => `${a.type.toLowerCase()}=${a.value.toLowerCase()}`).sort()));
}

/** A DN of single-valued RDNs, e.g. `dnOf(["cn", "Alice"], ["cn", "PBX0"])`. */
export function dnOf(...rdns: readonly (readonly [string, string])[]): Dn {
  return rdns.map(([type, value]) => [{ type, value }]);
}

/** The single Ava of the first RDN, or undefined for the root or a multi-valued RDN. */
export function leafAva(dn: Dn): Ava | undefined {
  const first = dn[0];
  return first?.length === 1 ? first[0] : undefined;
}
