import type { LdapServerReport } from "../../ldap/LdapService.js";
import { ldapStatusText } from "../../ldap/statusText.js";
import { COPY_STATES, REPLICATOR_STATES } from "../../replication/Replicator.js";
import { replicatorStatusText } from "../../replication/statusText.js";
import { command, type Command } from "../command.js";
import { OneOf, S } from "../schema.js";

const ReplicatorState = OneOf(REPLICATOR_STATES, "the replication state (§4.5.4)");
const CopyState = OneOf(COPY_STATES, "the state of one side of the copy (§4.5.4)");

/**
 * LDAP → Replicator Status (§4.5.4): a Standby's full replication from its Master (§4.5.3.1) or a Master's Active
 * Directory replication (§4.5.3.2), told apart by `type`.
 */
export const ReplicatorSchema = S.Union([
  S.Object({
    type: OneOf(["full"], "full replication from the Master (§4.5.3.1)"),
    server: S.String({ description: "the Master's address" }),
    state: ReplicatorState,
    remote: CopyState,
    local: CopyState,
    notify: S.Integer({ description: "changes pushed by the Master after the copy was complete" }),
    paged: S.Integer({ description: "entries received while copying" }),
    add: S.Integer(),
    del: S.Integer(),
    modify: S.Integer(),
    pending: S.Integer({ description: "changes received and not yet on flash" }),
    reason: S.Optional(S.String()),
  }),
  S.Object({
    type: OneOf(["ad"], "Active Directory replication (§4.5.3.2)"),
    server: S.String({ description: "the LDAP server's address and port in use or tried last" }),
    state: ReplicatorState,
    remote: S.Object({
      state: CopyState,
      notify: S.Integer(),
      paged: S.Integer(),
      noMatch: S.Integer(),
      discarded: S.Integer(),
    }),
    local: S.Object(
      {
        state: CopyState,
        notify: S.Integer(),
        add: S.Integer(),
        del: S.Integer(),
        modify: S.Integer(),
        pending: S.Integer(),
      },
      { description: "notify and pending are always 0: AD replication is one-way" },
    ),
  }),
]);

const count = (description: string) => S.Integer({ description });

/** LDAP → Server Status (§4.5.2): the settings in force (never the password), the entries and the counters. */
const LdapServerSchema = S.Object({
  user: S.String({ description: "the LDAP user name clients bind with (§4.5.1)" }),
  writeAccess: S.Boolean(),
  port: S.Integer(),
  entries: count("users and DECT settings served below cn=PBX0"),
  counters: S.Object({
    connections: count("active connections"),
    writeConnections: count("active connections bound with write access"),
    rxSearch: S.Integer(),
    rxModify: count("modify and modify DN requests"),
    rxAdd: S.Integer(),
    rxDel: S.Integer(),
    rxAbandon: count("abandon requests and connections lost without an unbind"),
    txNotify: S.Integer(),
    txError: S.Integer(),
    txError49: S.Integer(),
    txError50: S.Integer(),
    refused: count("connections refused at accept (beyond the manual)"),
    idleClosed: count("unauthenticated idle connections closed (beyond the manual)"),
  }),
  listening: S.Optional(
    S.Object({ ip: S.String(), port: S.Integer() }, { description: "absent in a world without LDAP transport" }),
  ),
});

/** LDAP (§4.5): the server and the replicator. */
export const LDAP_COMMANDS: readonly Command[] = [
  command({
    name: "ldap-replicator",
    summary: "LDAP → Replicator Status: AD or full replication (§4.5.4)",
    need: "auditor",
    method: "GET",
    path: "/api/ldap/replicator",
    params: {},
    response: S.Union([ReplicatorSchema, S.Object({ state: OneOf(["stopped"], "no replicator runs here") })]),
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
    response: LdapServerSchema,
    run: (on) => on.device.ldapServer(),
    ctl: { text: (o) => ldapStatusText(o as LdapServerReport) },
  }),
];
