import { DecodeError } from "../../core/errors.js";
import { KerberosCode } from "../../kerberos/errors.js";
import { KERBEROS_ROLES, readName, readPassword, readRole } from "../../kerberos/roles.js";
import { realmProblem } from "../../kerberos/settings.js";
import { TRUST_AUTHORIZATIONS } from "../../auth/crossRealm.js";
import type { KerberosClientStatus } from "../../kerberos/KerberosClient.js";
import type { KerberosServerStatus } from "../../kerberos/KerberosServer.js";
import { kerberosClientText, kerberosServerText, namesText, realmUsersText } from "../../kerberos/statusText.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { inPath, optional, text } from "../params.js";
import { ClockMs, List, OneOf, Result, S } from "../schema.js";

/**
 * General → Kerberos (the server, §4.1.8.1, §4.1.8.11, §4.1.8.12) and the Delegated Authentication part of General
 * → Admin (the client, §4.1.8.4, §4.1.8.13). Passwords go in and never come out: no answer or event holds one.
 */

function realm(t: string, key: string): string {
  const problem = realmProblem(t);
  if (problem !== undefined) throw new DecodeError(KerberosCode.RealmText, `${key} ${problem}`);
  return t;
}

const name = (what: string) => ({ ...inPath("[A-Za-z0-9._-]{1,64}", readName), ctl: { positional: what } });
const password = (option: string) => ({ ...text(readPassword), ctl: { option, value: "<password>" } });
const role = { ...text(readRole), ctl: { option: "role", value: "administrator|auditor|join-realm" } };

/** App. E `force="true"`: a JSON text, true or false. */
function yesNo(t: string, key: string): boolean {
  if (t !== "true" && t !== "false")
    throw new DecodeError(KerberosCode.Choice, `${key} must be true or false (App. E)`);
  return t === "true";
}

function leaveHow(t: string, key: string): "deregister" | "delete" {
  if (t !== "deregister" && t !== "delete")
    throw new DecodeError(KerberosCode.Choice, `${key} must be deregister or delete (§4.1.8.13)`);
  return t;
}

/** The Kerberos server of this device (§4.1.8.1, §4.1.8.11; KerberosServer.ts status). */
const KerberosServerSchema = S.Object({
  realm: S.String(),
  role: OneOf(["primary", "secondary"], "a secondary serves a copy of its primary's database (§4.1.8.11)"),
  state: OneOf(["running", "no-database", "stopped"], "no-database: waiting for the root password (§4.1.8.1 step 4)"),
  port: S.Integer({ description: "the KDC's port" }),
  adminPort: S.Integer({ description: "kadmind's port" }),
  primary: S.Optional(S.String({ description: "a secondary's primary server" })),
  secondaries: List(S.String(), { description: "the secondary servers a primary copies its database to" }),
  copied: S.Optional(ClockMs("when the last copy to the secondaries succeeded")),
  copyError: S.Optional(S.String({ description: "why the last copy since then failed" })),
});

/** One row of General → Admin → Authentication Servers (§4.1.8.3 steps 6-9; kerberos/settings.ts AuthServer). */
const AuthServerSchema = S.Object({
  realm: S.String(),
  address: S.String(),
  port: S.Integer(),
  adminPort: S.Integer(),
  secondaryAddress: S.Optional(S.String()),
  secondaryPort: S.Integer(),
  secondaryAdminPort: S.Integer(),
  authorization: S.Optional(
    OneOf(TRUST_AUTHORIZATIONS, "a trusted realm's users' level (§4.1.8.9); absent: they cannot log in here"),
  ),
  adminGroupRid: S.Optional(S.Integer({ description: "Use domain group: members of this group are Administrators" })),
  auditorGroupRid: S.Optional(S.Integer({ description: "Use domain group: members of this group are Auditors" })),
});

/** Delegated Authentication, the Kerberos client (§4.1.8.3, §4.1.8.8; KerberosClient.ts status). */
const KerberosClientSchema = S.Object({
  servers: List(AuthServerSchema),
  aesRc4: S.Boolean({ description: "Additional Kerberos encryption types: Enable AES and RC4 (§4.1.8.3 step 5)" }),
  disableLocal: S.Boolean({ description: "Disable local authentication: only realm accounts log in (§4.1.8.8)" }),
  membership: S.Optional(
    S.Object(
      { realm: S.String(), host: S.String() },
      { description: "the realm joined and the host name; absent: none" },
    ),
  ),
  loginWorked: S.Boolean({ description: "a Kerberos login worked here since the join (§4.1.8.8: check it first)" }),
});

/** A user of the realm (§4.1.8.1 step 7): never a password. */
const RealmUserSchema = S.Object({
  name: S.String(),
  role: OneOf(KERBEROS_ROLES, "Administrator writes, Auditor reads, Join Realm only joins devices (§4.1.8.1)"),
});

const SERVER_COMMANDS: readonly Command[] = [
  command({
    name: "kerberos-server",
    summary: "the Kerberos server: realm, primary or secondary, state, copies (§4.1.8.1, §4.1.8.11)",
    need: "auditor",
    method: "GET",
    path: "/api/kerberos/server",
    params: {},
    response: KerberosServerSchema,
    run: (on) => on.device.kerberosServer().status(),
    ctl: { text: shown(kerberosServerText) },
  }),
  command({
    name: "kerberos-setup",
    summary: "give the Kerberos server its root password: creates its database and starts it (§4.1.8.1 step 4)",
    need: "system-admin",
    method: "POST",
    path: "/api/kerberos/server",
    params: { rootPassword: password("root-password") },
    status: 201,
    response: KerberosServerSchema,
    run: (on, a) => on.device.kerberosServer().setup(a.rootPassword),
    ctl: {
      text: said<KerberosServerStatus>((s) => `database of ${s.realm} created: the Kerberos server is ${s.state}`),
    },
  }),
  command({
    name: "kerberos-copy",
    summary: "copy the Kerberos database to the secondary servers now (§4.1.8.11; also after each change)",
    need: "system-admin",
    method: "POST",
    path: "/api/kerberos/server/copy",
    params: {},
    response: KerberosServerSchema,
    run: (on) => on.device.kerberosServer().copy(),
    ctl: {
      text: said<KerberosServerStatus>((s) => `database copied to ${s.secondaries.join(", ") || "no secondary"}`),
    },
  }),
  command({
    name: "kerberos-users",
    summary: "the users of the realm with their roles, never passwords (§4.1.8.1 step 7)",
    need: "auditor",
    method: "GET",
    path: "/api/kerberos/users",
    params: {},
    response: List(RealmUserSchema),
    run: (on) => on.device.kerberosServer().users(),
    ctl: { text: shown(realmUsersText) },
  }),
  command({
    name: "kerberos-user-add",
    summary: "a new user of the realm: name, password, role (§4.1.8.1 step 7)",
    need: "system-admin",
    method: "POST",
    path: "/api/kerberos/users",
    params: {
      name: { ...text(readName), ctl: { positional: "<name>" } },
      password: password("user-password"),
      role,
    },
    status: 201,
    response: Result("created", RealmUserSchema.properties),
    run: async (on, a) => {
      await on.device.kerberosServer().addUser(a.name, a.password, a.role);
      return { result: "created", name: a.name, role: a.role };
    },
    ctl: { text: said<{ name: string; role: string }>((a) => `created ${a.name} as ${a.role}`) },
  }),
  command({
    name: "kerberos-user-change",
    summary: "a new password or role for a user of the realm (§4.1.8.1, §4.1.8.5)",
    need: "system-admin",
    method: "PATCH",
    path: "/api/kerberos/users/:name",
    params: {
      name: name("<name>"),
      password: optional(password("user-password")),
      role: optional(role),
    },
    response: Result("changed", { name: S.String() }),
    run: async (on, a) => {
      await on.device.kerberosServer().changeUser(a.name, {
        ...(a.password === undefined ? {} : { password: a.password }),
        ...(a.role === undefined ? {} : { role: a.role }),
      });
      return { result: "changed", name: a.name };
    },
    ctl: { text: said<{ name: string }>((a) => `changed ${a.name}`) },
  }),
  command({
    name: "kerberos-user-delete",
    summary: "delete a user of the realm (§4.1.8.12)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/kerberos/users/:name",
    params: { name: name("<name>") },
    response: Result("deleted", { name: S.String() }),
    run: async (on, a) => {
      await on.device.kerberosServer().deleteUser(a.name);
      return { result: "deleted", name: a.name };
    },
    ctl: { text: said<{ name: string }>((a) => `deleted ${a.name}`) },
  }),
  command({
    name: "kerberos-clients",
    summary: "the joined Kerberos clients: their host names (§4.1.8.5)",
    need: "auditor",
    method: "GET",
    path: "/api/kerberos/clients",
    params: {},
    response: List(S.String(), { description: "host names of the joined clients (their host principals)" }),
    run: (on) => on.device.kerberosServer().clients(),
    ctl: { text: shown<string[]>((l) => namesText("Host", l, "no joined clients")) },
  }),
  command({
    name: "kerberos-trusts",
    summary: "the trusted realms, without their passwords (§4.1.8.9)",
    need: "auditor",
    method: "GET",
    path: "/api/kerberos/trusts",
    params: {},
    response: List(S.String(), { description: "the trusted realms' names" }),
    run: (on) => on.device.kerberosServer().trusts(),
    ctl: { text: shown<string[]>((l) => namesText("Realm", l, "no trusted realms")) },
  }),
  command({
    name: "kerberos-trust-add",
    summary: "trust a realm with a shared password, AES and RC4 keys (§4.1.8.9 steps 2-3)",
    need: "system-admin",
    method: "POST",
    path: "/api/kerberos/trusts",
    params: {
      realm: { ...text(realm), ctl: { positional: "<REALM>" } },
      password: password("trust-password"),
    },
    status: 201,
    response: Result("created", { realm: S.String() }),
    run: async (on, a) => {
      await on.device.kerberosServer().addTrust(a.realm, a.password);
      return { result: "created", realm: a.realm };
    },
    ctl: { text: said<{ realm: string }>((a) => `trusted ${a.realm}`) },
  }),
  command({
    name: "kerberos-trust-delete",
    summary: "delete a trusted realm (§4.1.8.12)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/kerberos/trusts/:realm",
    params: { realm: { ...inPath("[A-Z0-9.-]{1,64}", realm), ctl: { positional: "<REALM>" } } },
    response: Result("deleted", { realm: S.String() }),
    run: async (on, a) => {
      await on.device.kerberosServer().deleteTrust(a.realm);
      return { result: "deleted", realm: a.realm };
    },
    ctl: { text: said<{ realm: string }>((a) => `deleted the trust of ${a.realm}`) },
  }),
];

const CLIENT_COMMANDS: readonly Command[] = [
  command({
    name: "kerberos-client",
    summary: "Delegated Authentication: Authentication Servers, the realm joined, whether a login worked (§4.1.8.3)",
    need: "auditor",
    method: "GET",
    path: "/api/kerberos/client",
    params: {},
    response: KerberosClientSchema,
    run: (on) => on.device.kerberosClient().status(),
    ctl: { text: shown(kerberosClientText) },
  }),
  command({
    name: "kerberos-join",
    summary: "join a realm with an Administrator or Join Realm account; host name from the MAC by default (§4.1.8.4)",
    need: "system-admin",
    method: "POST",
    path: "/api/kerberos/client/join",
    params: {
      realm: { ...text(realm), ctl: { positional: "<REALM>" } },
      host: { ...optional(text(readName)), ctl: { option: "host", value: "<host name>" } },
      user: { ...text(readName), ctl: { option: "admin-user", value: "<name>" } },
      password: password("admin-password"),
      force: { ...optional(text(yesNo)), ctl: { option: "force", value: "true|false" } },
    },
    response: KerberosClientSchema,
    run: (on, a) =>
      on.device.kerberosClient().join({
        realm: a.realm,
        ...(a.host === undefined ? {} : { host: a.host }),
        admin: { user: a.user, password: a.password },
        ...(a.force === undefined ? {} : { force: a.force }),
      }),
    ctl: {
      text: said<KerberosClientStatus>((c) => `joined ${c.membership?.realm ?? "?"} as ${c.membership?.host ?? "?"}`),
    },
  }),
  command({
    name: "kerberos-leave",
    summary: "leave the realm: deregister (with an admin account) or delete (§4.1.8.13)",
    need: "system-admin",
    method: "POST",
    path: "/api/kerberos/client/leave",
    params: {
      how: { ...text(leaveHow), ctl: { positional: "deregister|delete" } },
      user: { ...optional(text(readName)), ctl: { option: "admin-user", value: "<name>" } },
      password: optional(password("admin-password")),
    },
    response: KerberosClientSchema,
    run: (on, a) => {
      if (a.how === "delete") return on.device.kerberosClient().leave(undefined);
      if (a.user === undefined || a.password === undefined)
        throw new DecodeError(
          KerberosCode.Choice,
          "deregister needs user and password of an admin account (§4.1.8.13)",
        );
      return on.device.kerberosClient().leave({ user: a.user, password: a.password });
    },
    ctl: {
      text: said((_, a) =>
        a["how"] === "delete"
          ? "left the realm: this device's keys are dropped (§4.1.8.13)"
          : "left the realm: the host is removed from its Kerberos server (§4.1.8.13)",
      ),
    },
  }),
];

/** Kerberos (§4.1.8): the server's realm, users, trusts and clients; the client's join and leave. */
export const KERBEROS_COMMANDS: readonly Command[] = [...SERVER_COMMANDS, ...CLIENT_COMMANDS];
