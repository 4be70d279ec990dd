import type { AdReplicatorStatus } from "./AdReplicator.js";
import type { ReplicatorStatus } from "./Replicator.js";

/** The Remote and Local columns of LDAP → Replicator Status (§4.5.4). */
export type ReplicatorColumns = Pick<AdReplicatorStatus, "remote" | "local">;

/**
 * Either replicator's status as the page's two columns, one reading for the IPDECT-MIB (ipdectReplRemote…,
 * ipdectReplLocal…) and the metrics. Active Directory replication (§4.5.3.2) keeps them as they are. Full replication
 * (§4.5.3.1) keeps one set of counters (Replicator.ts): nothing it receives goes unmatched or discarded, and nothing
 * goes back to the Master, so No match, Discarded and the Local Notify are 0.
 */
export function replicatorColumns(r: ReplicatorStatus | AdReplicatorStatus): ReplicatorColumns {
  if (r.type === "ad") return r;
  return {
    remote: { state: r.remote, notify: r.notify, paged: r.paged, noMatch: 0, discarded: 0 },
    local: { state: r.local, notify: 0, add: r.add, del: r.del, modify: r.modify, pending: r.pending },
  };
}
