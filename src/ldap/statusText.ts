import type { ReplicatorStatus } from "./AdReplicator.js";

/** LDAP → Replicator-Status (§4.5.4) as the web page lays it out, for `ipdect ctl ldap-replicator`. */
export function replicatorStatusText(s: ReplicatorStatus | { readonly state: "Stopped" }): string {
  if (!("remote" in s)) return "Active Directory Replication  Stopped\n";
  const { remote: r, local: l } = s;
  const rows: [string, string | number][] = [
    ["Server", s.server],
    ["Active Directory Replication", s.state],
    ["Remote", r.state],
    ["  Notify", r.notify],
    ["  Paged", r.paged],
    ["  No match", r.noMatch],
    ["  Discarded", r.discarded],
    ["Local", l.state],
    ["  Notify", l.notify],
    ["  Add", l.add],
    ["  Del", l.del],
    ["  Modify", l.modify],
    ["  Pending", l.pending],
  ];
  return rows.map(([k, v]) => `${k.padEnd(30)}${v}\n`).join("");
}
