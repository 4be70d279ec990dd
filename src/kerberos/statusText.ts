import { formatFields, listText, type Field } from "../core/textTable.js";
import { formatTime } from "../core/timeText.js";
import type { KerberosClientStatus } from "./KerberosClient.js";
import type { KerberosServerStatus } from "./KerberosServer.js";
import type { RealmUser } from "./ports.js";

/** General → Kerberos (§4.1.8) for people: `ipdect ctl kerberos-server`, `kerberos-client` and the realm's lists. */

/** The server (§4.1.8.1, §4.1.8.11): realm, primary or secondary, state, ports and the last copy to the secondaries. */
export function kerberosServerText(s: KerberosServerStatus): string {
  const rows: Field[] = [
    ["Realm", s.realm],
    ["Role", s.role === "secondary" ? `secondary of ${s.primary ?? "?"}` : "primary"],
    ["State", s.state === "no-database" ? "no database: give the root password (kerberos-setup)" : s.state],
    ["Ports", `KDC ${s.port}, admin ${s.adminPort}`],
    ["Secondaries", s.secondaries.join(", ") || "none"],
    ...(s.copied === undefined ? [] : [["Last copy", formatTime(s.copied)] as Field]),
    ...(s.copyError === undefined ? [] : [["Copy failed", s.copyError] as Field]),
  ];
  return `${formatFields(rows)}\n`;
}

/** The users of the realm with their roles (§4.1.8.1 step 7); passwords never leave the server. */
export const realmUsersText = (users: readonly RealmUser[]): string =>
  listText(
    ["Name", "Role"],
    users.map((u) => [u.name, u.role]),
    "no users in the realm",
  );

/** One name per row: the joined clients' host names (§4.1.8.5), the trusted realms (§4.1.8.9). */
export const namesText = (header: string, names: readonly string[], empty: string): string =>
  listText(
    [header],
    names.map((n) => [n]),
    empty,
  );

/** Delegated Authentication (§4.1.8.3): the realm joined, whether a login worked, the Authentication Servers. */
export function kerberosClientText(c: KerberosClientStatus): string {
  const m = c.membership;
  const block = formatFields([
    ["Realm joined", m === undefined ? "none" : `${m.realm} as ${m.host}`],
    ["Kerberos login worked", c.loginWorked ? "yes" : "not since the join (§4.1.8.8)"],
    ["AES and RC4", c.aesRc4 ? "on" : "off"],
    ["Local authentication", c.disableLocal ? "disabled (§4.1.8.8)" : "on"],
  ]);
  const servers = listText(
    ["Realm", "Server", "Admin", "Secondary", "Authorization"],
    c.servers.map((s) => [
      s.realm,
      `${s.address}:${s.port}`,
      String(s.adminPort),
      s.secondaryAddress === undefined ? "" : `${s.secondaryAddress}:${s.secondaryPort}`,
      s.authorization ?? "",
    ]),
    "no Authentication Servers",
  );
  return `${block}\n\n${servers}`;
}
