import type { LdapCounters } from "../ldap/counters.js";
import type { AdReplicatorStatus } from "../replication/AdReplicator.js";
import { replicatorColumns } from "../replication/columns.js";
import { COPY_STATES, REPLICATOR_STATES, type ReplicatorStatus } from "../replication/Replicator.js";
import { counter, gauge, one, stateSamples, type MetricFamily } from "./metricFamily.js";

/**
 * LDAP → Server Status (§4.5.2) as metric families, the same counters as IPDECT-MIB's ipdectLdapServer group. The
 * manual's "tx error" counts every error result and 49 and 50 among them; here the three are split into disjoint
 * `code` samples (49, 50, other), so that their sum is the manual's "tx error" and a `sum()` counts no error twice.
 */
export function ldapServerMetrics(c: LdapCounters): MetricFamily[] {
  return [
    gauge("ipdect_ldap_connections", "LDAP server: active connections (§4.5.2)", one(c.connections)),
    gauge(
      "ipdect_ldap_write_connections",
      "LDAP server: active connections bound with write access (§4.5.2)",
      one(c.writeConnections),
    ),
    counter(
      "ipdect_ldap_requests_total",
      "LDAP server: requests received by operation (§4.5.2 rx …; abandon counts connections lost without an unbind)",
      (
        [
          ["search", c.rxSearch],
          ["modify", c.rxModify],
          ["add", c.rxAdd],
          ["del", c.rxDel],
          ["abandon", c.rxAbandon],
        ] as const
      ).map(([op, value]) => ({ labels: { op }, value })),
    ),
    counter(
      "ipdect_ldap_notifications_sent_total",
      "LDAP server: change notifications sent (§4.5.2 tx notify)",
      one(c.txNotify),
    ),
    counter(
      "ipdect_ldap_error_results_total",
      "LDAP server: error results sent by result code, 49 invalidCredentials, 50 insufficientAccessRights (§4.5.2 tx error)",
      [
        { labels: { code: "49" }, value: c.txError49 },
        { labels: { code: "50" }, value: c.txError50 },
        { labels: { code: "other" }, value: c.txError - c.txError49 - c.txError50 },
      ],
    ),
    counter(
      "ipdect_ldap_connections_refused_total",
      "LDAP server: connections refused at accept, the server full or the client at its limit",
      one(c.refused),
    ),
    counter(
      "ipdect_ldap_idle_connections_closed_total",
      "LDAP server: unauthenticated connections closed for sending no request",
      one(c.idleClosed),
    ),
  ];
}

/**
 * LDAP → Replicator Status (§4.5.4) as metric families, IPDECT-MIB's ipdectLdapReplicator group: the state as one
 * sample per state (with the replication `type`, full or ad), and the page's Remote and Local columns with a `side`
 * label. The columns come from the same reading as the MIB's (replication/columns.ts).
 */
export function replicatorMetrics(r: ReplicatorStatus | AdReplicatorStatus): MetricFamily[] {
  const { remote, local } = replicatorColumns(r);
  const side = (s: "remote" | "local", value: number) => [{ labels: { side: s }, value }];
  return [
    gauge(
      "ipdect_ldap_replicator_state",
      "LDAP replicator: 1 for its state now (§4.5.4), by replication type",
      stateSamples("state", REPLICATOR_STATES, r.state, { type: r.type }),
    ),
    gauge("ipdect_ldap_replicator_copy_state", "LDAP replicator: 1 for the state of each side of the copy (§4.5.4)", [
      ...stateSamples("state", COPY_STATES, remote.state, { side: "remote" }),
      ...stateSamples("state", COPY_STATES, local.state, { side: "local" }),
    ]),
    counter(
      "ipdect_ldap_replicator_notify_total",
      "LDAP replicator: change notifications received from the server (remote) or sent to it (local) (§4.5.4 Notify)",
      [...side("remote", remote.notify), ...side("local", local.notify)],
    ),
    counter(
      "ipdect_ldap_replicator_paged_total",
      "LDAP replicator: objects received in answer to paged searches, while copying (§4.5.4 Paged)",
      side("remote", remote.paged),
    ),
    counter(
      "ipdect_ldap_replicator_no_match_total",
      "LDAP replicator: objects received that do not match the configured filter (§4.5.4 No match)",
      side("remote", remote.noMatch),
    ),
    counter(
      "ipdect_ldap_replicator_discarded_total",
      "LDAP replicator: objects discarded because no suitable map is found (§4.5.4 Discarded)",
      side("remote", remote.discarded),
    ),
    counter(
      "ipdect_ldap_replicator_changes_total",
      "LDAP replicator: objects added, deleted and modified locally (§4.5.4 Add, Del, Modify)",
      (
        [
          ["add", local.add],
          ["del", local.del],
          ["modify", local.modify],
        ] as const
      ).map(([op, value]) => ({ labels: { side: "local", op }, value })),
    ),
    gauge(
      "ipdect_ldap_replicator_pending",
      "LDAP replicator: local changes waiting (§4.5.4 Pending; full replication: received and not yet on flash)",
      side("local", local.pending),
    ),
  ];
}
