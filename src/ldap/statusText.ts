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
