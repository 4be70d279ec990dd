import type { LdapServerReport } from "../../ldap/LdapService.js";
import { ldapStatusText } from "../../ldap/statusText.js";
import { replicatorStatusText } from "../../replication/statusText.js";
import { command, type Command } from "../command.js";

/** LDAP (§4.5): the server and the replicator. */
export const LDAP_COMMANDS: readonly Command[] = [
  command({
    name: "ldap-replicator",
    summary: "LDAP → Replicator Status: AD or full replication (§4.5.4)",
    need: "auditor",
    method: "GET",
    path: "/api/ldap/replicator",
    params: {},
    run: (on) => on.device.replicatorStatus() ?? { state: "stopped" },
    ctl: { text: (o) => replicatorStatusText(o as Parameters<typeof replicatorStatusText>[0]) },
  }),
  command({
    name: "ldap-server",
    summary: "LDAP → Server Status: settings, entries, counters (§4.5.2)",
    need: "auditor",
    method: "GET",
    path: "/api/ldap/server",
    params: {},
    run: (on) => on.device.ldapServer(),
    ctl: { text: (o) => ldapStatusText(o as LdapServerReport) },
  }),
];
