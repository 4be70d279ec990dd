import type { AdminSettings } from "../../auth/adminSettings.js";
import { ACCESS_LEVELS, LEVEL_NAMES } from "../../auth/levels.js";
import { listText } from "../../core/textTable.js";
import { formatElapsed, formatTime } from "../../core/timeText.js";
import type { Command } from "../command.js";
import { command } from "../command.js";
import { fields, said, shown, yesNo } from "../ctlText.js";
import { text } from "../params.js";
import { DateTime, OneOf, Result, S, type Static } from "../schema.js";

/** The login settings of General → Admin (§4.1.3–§4.1.7; auth/adminSettings.ts). Absent numbers: the field is empty, off. */
const AdminSettingsSchema = S.Object({
  loginBanner: S.Optional(S.String({ description: "shown on the login page (§4.1.3)" })),
  autoLogoutMinutes: S.Optional(S.Integer({ description: "automatic logout after this many idle minutes (§4.1.4)" })),
  sessionLimitUser: S.Optional(S.Integer({ description: "parallel login sessions per user (§4.1.5)" })),
  sessionLimitSystem: S.Optional(S.Integer({ description: "parallel login sessions of the system (§4.1.5)" })),
  disableNativeAuth: S.Boolean({ description: "no HTTP Basic authentication, the login form only (§4.1.6)" }),
  requireCertificate: S.Boolean({
    description: "with mutual TLS, the client certificate's subjectAltName must name the user (§4.1.7)",
  }),
});

/** An open login session (§4.1.4, §4.1.5). */
const SessionSchema = S.Object({
  user: S.String(),
  level: OneOf(ACCESS_LEVELS, "access level (§3.4.2)"),
  account: OneOf(
    ["local", "user-admin", "kerberos"],
    "where the account lives: the default System Administrator, a User Administrator (§3.4.5.4), a Kerberos realm (§4.1.8)",
  ),
  source: S.String({ description: "the client address the session logged in from (? when unknown)" }),
  started: DateTime,
  lastUsed: DateTime,
});

/** `ipdect ctl admin`: the account and General → Admin (§4.1.3–§4.1.7) as the page names them. */
const adminText = fields<{ user: string; factoryPassword: boolean; settings: AdminSettings }>((a) => {
  const s = a.settings;
  return [
    ["System Administrator", a.user],
    ["Factory password", yesNo(a.factoryPassword)],
    ["Login banner", s.loginBanner ?? "none"],
    ["Automatic logout", s.autoLogoutMinutes === undefined ? "off" : formatElapsed(s.autoLogoutMinutes * 60_000)],
    ["Sessions per user", s.sessionLimitUser ?? "no limit"],
    ["Sessions per system", s.sessionLimitSystem ?? "no limit"],
    ["Disable native authentication", yesNo(s.disableNativeAuth)],
    ["Require user certificate", yesNo(s.requireCertificate)],
  ];
});

/** A level as the manual names it (§3.4.2). */
const levelName = (level: string): string => (LEVEL_NAMES as Readonly<Record<string, string>>)[level] ?? level;

/** `ipdect ctl sessions`: one row per open login session (§4.1.4, §4.1.5). */
const sessionsText = (list: readonly Static<typeof SessionSchema>[]): string =>
  listText(
    ["User", "Level", "Account", "Address", "Since", "Last used"],
    list.map((s) => [s.user, levelName(s.level), s.account, s.source, formatTime(s.started), formatTime(s.lastUsed)]),
    "no open sessions",
  );

/** General → Admin (§3.4.5.2, §4.1.1–§4.1.7): the default System Administrator account and the login sessions. */
export const ADMIN_COMMANDS: readonly Command[] = [
  command({
    name: "admin",
    summary: "the System Administrator's name, whether it is on the factory password, and the login settings (§4.1)",
    need: "auditor",
    method: "GET",
    path: "/api/admin",
    params: {},
    response: S.Object({
      user: S.String({ description: "the default System Administrator's name (§3.4.5.2)" }),
      factoryPassword: S.Boolean({ description: "it still has the factory password" }),
      settings: AdminSettingsSchema,
    }),
    run: (on) => {
      const admin = on.device.admin();
      return { user: admin.account.user, factoryPassword: admin.account.factoryPassword, settings: admin.settings };
    },
    ctl: { text: adminText },
  }),
  command({
    name: "admin-account",
    // §3.4.5.2: "both user name and password must be updated at the same time", with the current password.
    summary: "rename the default System Administrator and set its password, giving the old one (§3.4.5.2)",
    need: "system-admin",
    method: "PUT",
    path: "/api/admin/account",
    params: {
      user: { ...text(), ctl: { option: "new-user", value: "<name>" } },
      oldPassword: { ...text(), ctl: { option: "old-password", value: "<password>" } },
      password: { ...text(), ctl: { option: "new-password", value: "<password>" } },
    },
    response: Result("changed", { user: S.String() }),
    run: async (on, a) => {
      await on.device.admin().changeAccount(a);
      return { result: "changed", user: a.user };
    },
    ctl: {
      text: said<{ user: string }>((a) => `account changed: the System Administrator is now ${a.user} (§3.4.5.2)`),
    },
  }),
  command({
    name: "sessions",
    summary:
      "the open login sessions: user, level, local or Kerberos account, address, since, last used (§4.1.4, §4.1.5)",
    need: "system-admin",
    method: "GET",
    path: "/api/admin/sessions",
    params: {},
    response: S.Array(SessionSchema),
    run: (on) =>
      on.device
        .admin()
        .sessions()
        .map((s) => ({
          user: s.principal.user,
          level: s.principal.level,
          account: s.principal.source,
          source: s.source,
          started: new Date(s.started).toISOString(),
          lastUsed: new Date(s.lastUsed).toISOString(),
        })),
    ctl: { text: shown(sessionsText) },
  }),
];
