import { IoError } from "../../core/errors.js";
import { PlatformCode } from "./errors.js";

/** LDAP_CAP_ACTIVE_DIRECTORY_OID in the rootDSE's supportedCapabilities (MS-ADTS §3.1.1.3.4.3.1): an AD DC. */
export const AD_CAPABILITY = "1.2.840.113556.1.4.800";

/** Reads one entry (a base search): its values as text by lower-case name, undefined when there is none. */
export type ReadEntry = (base: string, attributes: readonly string[]) => Promise<Record<string, string[]> | undefined>;

/**
 * How the source directory of AD replication says what changed (docs/design.md "Active Directory replication").
 * Both servers number their changes; the adapter reads the latest number (`mark`), and when it moved searches for
 * the objects changed after the old mark up to the new one. Deletions have no such number under the search base
 * (AD moves a deleted object to CN=Deleted Objects, OpenLDAP removes it): the adapter finds them by comparing keys.
 */
export interface ChangeTracking {
  /** The attribute that names an object for its whole life, whatever its DN: AD objectGUID, OpenLDAP entryUUID. */
  readonly keyAttribute: string;
  /** The key as text from the attribute's raw value. */
  key(value: Uint8Array): string;
  /** The source's change state now; a different value than before means something changed. */
  mark(): Promise<readonly string[]>;
  /** A filter for the objects changed after the state `from` up to the state `to` (each change exactly once). */
  changedBetween(from: readonly string[], to: readonly string[]): string;
}

/**
 * The change tracking the server offers, told by its rootDSE: Active Directory (Samba's AD DC too) announces
 * AD_CAPABILITY and keeps highestCommittedUSN; otherwise the naming context of the search base must carry the
 * syncprov overlay's contextCSN (OpenLDAP). Throws IoError LDAP_BASE when no naming context holds the search base,
 * LDAP_CHANGES when the server offers neither.
 */
export async function changeTrackingFor(read: ReadEntry, searchBase: string): Promise<ChangeTracking> {
  const root = (await read("", ["namingContexts", "supportedCapabilities", "highestCommittedUSN"])) ?? {};
  const suffix = namingContext(root["namingcontexts"] ?? [], searchBase);
  if ((root["supportedcapabilities"] ?? []).includes(AD_CAPABILITY) || root["highestcommittedusn"] !== undefined)
    return activeDirectory(read);
  const csn = syncprov(read, suffix);
  if ((await csn.mark()).length === 0)
    throw new IoError(
      PlatformCode.LdapChanges,
      `${suffix} shows neither Active Directory's highestCommittedUSN nor syncprov's contextCSN`,
    );
  return csn;
}

/**
 * Active Directory (MS-ADTS §3.1.1.1.9): every write to the DC's database gets the next update sequence number;
 * the rootDSE's highestCommittedUSN is the latest, an object's uSNChanged the one of its last write. Objects are
 * keyed by objectGUID (16 bytes, shown as Windows writes a GUID). The USNs are the DC's own: after a reconnect to
 * another DC (the Alt. Server) they mean nothing, which is why every connect starts with a full load.
 */
function activeDirectory(read: ReadEntry): ChangeTracking {
  return {
    keyAttribute: "objectGUID",
    key: guidText,
    mark: async () => (await read("", ["highestCommittedUSN"]))?.["highestcommittedusn"] ?? [],
    changedBetween: ([from], [to]) => `(&(uSNChanged>=${BigInt(from ?? "0") + 1n})(uSNChanged<=${to ?? "0"}))`,
  };
}

/**
 * OpenLDAP with the syncprov overlay (RFC 4533's change sequence numbers): the suffix's contextCSN holds the latest
 * CSN of each server id, an entry's entryCSN the one of its last write; objects are keyed by entryUUID (RFC 4530).
 */
function syncprov(read: ReadEntry, suffix: string): ChangeTracking {
  const anyOf = (filters: readonly string[]) => (filters.length === 1 ? filters[0]! : `(|${filters.join("")})`);
  return {
    keyAttribute: "entryUUID",
    key: (value) => new TextDecoder().decode(value),
    mark: async () => [...((await read(suffix, ["contextCSN"]))?.["contextcsn"] ?? [])].sort(),
    changedBetween: (from, to) =>
      `(&${anyOf(from.map((c) => `(&(entryCSN>=${c})(!(entryCSN=${c})))`))}${anyOf(to.map((c) => `(entryCSN<=${c})`))})`,
  };
}

/** The naming context that the search base lies in (the longest one that ends it). */
function namingContext(contexts: readonly string[], searchBase: string): string {
  const base = normalDn(searchBase);
  const hit = contexts
    .filter((nc) => base === normalDn(nc) || base.endsWith(`,${normalDn(nc)}`))
    .sort((a, b) => b.length - a.length)[0];
  if (hit === undefined) throw new IoError(PlatformCode.LdapBase, `no naming context holds ${searchBase}`);
  return hit;
}

/**
 * A GUID's 16 bytes as text, the way Windows shows objectGUID (MS-DTYP §2.3.4.3): the first three fields are
 * little-endian, so `2c150b4f-9483-4d13-…` is stored as 4f 0b 15 2c 83 94 13 4d ….
 */
export function guidText(b: Uint8Array): string {
  if (b.length !== 16) return Buffer.from(b).toString("hex");
  const hex = (i: number) => b[i]!.toString(16).padStart(2, "0");
  const run = (idx: readonly number[]) => idx.map(hex).join("");
  return [run([3, 2, 1, 0]), run([5, 4]), run([7, 6]), run([8, 9]), run([10, 11, 12, 13, 14, 15])].join("-");
}

/** A DN compared loosely: lower case, no spaces after commas. */
const normalDn = (dn: string): string => dn.toLowerCase().replace(/,\s+/g, ",");
