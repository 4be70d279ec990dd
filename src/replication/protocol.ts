import type { DirEntry } from "../users/entry.js";
import { matches } from "../ldap/filter.js";
import { parseFilterText } from "../ldap/filterText.js";
import { userToLdap } from "../ldap/mapping.js";
import { KNOWN_ATTRIBUTES } from "../ldap/schema.js";

/** The replicator asks again (and so proves it is alive) this often; the Master sends a keep-alive as often. */
export const REPLICATION_KEEPALIVE_MS = 2000;
/** Without a word from the other side for this long, the link counts as lost (replicator Down, alarm 0x00030001). */
export const REPLICATION_LOST_MS = 3 * REPLICATION_KEEPALIVE_MS;
/** Entries per batch of a copy: a few hundred keep each frame far below the 1 MiB frame limit. */
export const REPLICATION_PAGE = 500;

/** §4.5.3.1 Filter Type: none, DECT gateway name, or LDAP filter (wire values of DirSyncRequest.filter_type). */
export const FILTER_TYPES = { none: 0, gateway: 1, ldap: 2 } as const;
export type FilterType = keyof typeof FILTER_TYPES;

/** The LDAP user and password a replicator logs in with (§4.5.1: the same on Master and Standby). */
export interface ReplicationCredentials {
  readonly user: string;
  readonly password: string;
}

/**
 * Which entries a replicator wants (§4.5.3.1 Filter Type). Anonymous handsets and the DECT system settings always go
 * along: a Standby needs them to take over. "DECT gateway name" selects the users of one gateway; "LDAP filter"
 * the users the filter selects as the LDAP server shows them (`cn`, `e164`, `h323`, …, secrets included: the
 * replicator logged in with the LDAP user). A filter that does not parse throws a DecodeError.
 */
export function replicationFilter(type: FilterType, value: string): (e: DirEntry) => boolean {
  if (type === "gateway") return (e) => e.kind !== "user" || e.gateway === value;
  if (type === "ldap") {
    const f = parseFilterText(value, "filter");
    const known = (t: string) => KNOWN_ATTRIBUTES.has(t.toLowerCase());
    return (e) => e.kind !== "user" || matches(f, userToLdap(e), true, known);
  }
  return () => true;
}
