import type { Command } from "../command.js";
import { command } from "../command.js";
import { text } from "../params.js";

/** General → Admin (§3.4.5.2, §4.1.1–§4.1.7): the default System Administrator account and the login sessions. */
export const ADMIN_COMMANDS: readonly Command[] = [
  command({
    name: "admin",
    summary: "the System Administrator's name, whether it is on the factory password, and the login settings (§4.1)",
    need: "auditor",
    method: "GET",
    path: "/api/admin",
    params: {},
    run: (on) => {
      const admin = on.device.admin();
      return { user: admin.account.user, factoryPassword: admin.account.factoryPassword, settings: admin.settings };
    },
    ctl: {},
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
    run: async (on, a) => {
      await on.device.admin().changeAccount(a);
      return { result: "changed", user: a.user };
    },
    ctl: {},
  }),
  command({
    name: "sessions",
    summary:
      "the open login sessions: user, level, local or Kerberos account, address, since, last used (§4.1.4, §4.1.5)",
    need: "system-admin",
    method: "GET",
    path: "/api/admin/sessions",
    params: {},
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
    ctl: {},
  }),
];
