import type { AdReplicatorStatus } from "./AdReplicator.js";
import type { ReplicatorStatus } from "./Replicator.js";

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
