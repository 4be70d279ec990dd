import type { ReplicatorStatus } from "../users/replication/Replicator.js";
import type { AdReplicatorStatus } from "./AdReplicator.js";
import type { LdapServerReport } from "./LdapService.js";
import { LDAP_COUNTER_LABELS, type LdapCounters } from "./counters.js";

/** LDAP → Server Status (§4.5.2) as text: the settings in force, then each counter under the manual's name. */
export function ldapStatusText(s: LdapServerReport): string {
  const where = s.listening === undefined ? "not listening" : `${s.listening.ip}:${s.listening.port}`;
  const lines = [
    `LDAP server ${where}, user ${s.user}, write access ${s.writeAccess ? "on" : "off"}, ${s.entries} entries`,
  ];
  const width = Math.max(...Object.values(LDAP_COUNTER_LABELS).map((l) => l.length));
  for (const [key, label] of Object.entries(LDAP_COUNTER_LABELS))
    lines.push(`  ${label.padEnd(width)}  ${s.counters[key as keyof LdapCounters]}`);
  return `${lines.join("\n")}\n`;
}

/** LDAP → Replicator-Status (§4.5.4) laid out as the web page does, for `ipdect ctl ldap-replicator`. */
export function replicatorStatusText(s: ReplicatorStatus | AdReplicatorStatus | { readonly state: "stopped" }): string {
  if (!("type" in s)) return "Replicator                    stopped\n";
  const rows: [string, string | number][] =
    s.type === "ad"
      ? [
          ["Server", s.server],
          ["Active Directory Replication", s.state],
          ["Remote", s.remote.state],
          ["  Notify", s.remote.notify],
          ["  Paged", s.remote.paged],
          ["  No match", s.remote.noMatch],
          ["  Discarded", s.remote.discarded],
          ["Local", s.local.state],
          ["  Notify", s.local.notify],
          ["  Add", s.local.add],
          ["  Del", s.local.del],
          ["  Modify", s.local.modify],
          ["  Pending", s.local.pending],
        ]
      : [
          ["Server", s.server],
          ["Full Replication", s.state],
          ["Remote", s.remote],
          ["  Notify", s.notify],
          ["  Paged", s.paged],
          ["Local", s.local],
          ["  Add", s.add],
          ["  Del", s.del],
          ["  Modify", s.modify],
          ["  Pending", s.pending],
        ];
  return rows.map(([k, v]) => `${k.padEnd(30)}${v}\n`).join("");
}
