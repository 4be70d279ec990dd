/**
 * What an SNMP agent serves, apart from how it is carried (issue 17): a view of varbinds in lexicographic OID order
 * (RFC 3416 §4.2.2 GetNextRequest walks that order). The device builds the view from its status (the IPDECT-MIB
 * tables, mibs/IPDECT-MIB.txt, and the SNMPv2-MIB system group); the node world's agent (npm net-snmp, behind one
 * adapter in src/platform/node) and the sim's `--snmp-walk` read the same view.
 */

/** An object identifier as its arcs, e.g. [1, 3, 6, 1, 2, 1, 1, 5, 0] for sysName.0. */
export type Oid = readonly number[];

/** An SMIv2 value (RFC 2578 §7.1) as the view hands it out. */
export type SnmpValue =
  | { readonly type: "Integer"; readonly value: number }
  | { readonly type: "OctetString"; readonly value: string | Uint8Array }
  | { readonly type: "ObjectIdentifier"; readonly value: Oid }
  | { readonly type: "IpAddress"; readonly value: string }
  | { readonly type: "Counter32" | "Gauge32" | "TimeTicks" | "Unsigned32"; readonly value: number }
  | { readonly type: "Counter64"; readonly value: bigint };

export interface Varbind {
  readonly oid: Oid;
  readonly value: SnmpValue;
}

/** A snapshot of everything the agent serves; read-only (every object of the IPDECT-MIB is read-only). */
export interface MibView {
  /** The varbind at exactly `oid` (Get), or undefined: noSuchObject / noSuchInstance. */
  get(oid: Oid): Varbind | undefined;
  /** The first varbind after `oid` in lexicographic order (GetNext, GetBulk), or undefined: endOfMibView. */
  next(oid: Oid): Varbind | undefined;
  /**
   * Whether `oid` lies under an object type the view serves, a scalar or a table column, whether the instance exists
   * or not (a column of an empty table still counts): a Get there that misses is noSuchInstance, anywhere else
   * noSuchObject (RFC 3416 §4.2.1).
   */
  hasObject(oid: Oid): boolean;
  /** Where a view serves a subtree of its own (a table's entry): every OID it serves lies under this one. */
  readonly subtree?: Oid;
}

/** Whether `oid` lies under `prefix` (is longer and starts with it). */
export function isUnder(oid: Oid, prefix: Oid): boolean {
  if (oid.length <= prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (oid[i] !== prefix[i]) return false;
  return true;
}

/** RFC 2578 §7.7 ordering of OIDs: arc by arc, a prefix first. */
export function compareOid(a: Oid, b: Oid): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
