import type { GatekeeperStatus } from "./Gatekeeper.js";
import type { RegistrationStatus } from "./registration.js";

/** `ipdect ctl sip`: the gatekeeper in a few lines. */
export function gatekeeperText(s: GatekeeperStatus): string {
  const u = s.users;
  const lines = [
    `Gatekeeper  ${s.protocol}  proxies ${s.proxies.join(", ")}  domain ${s.domain}`,
    `State       ${s.state}${s.reason === undefined ? "" : ` (${s.reason})`}  mode ${s.mode}` +
      (s.local === undefined ? "" : `  local ${s.local.ip}:${s.local.port}`),
    `Users       ${u.registered}/${u.total} registered, ${u.registering} registering, ${u.waiting} waiting, ${u.failed} failed`,
  ];
  if (s.downProxies.length > 0) lines.push(`Down        ${s.downProxies.join(", ")}`);
  if (s.anonymous !== undefined) lines.push(`Anonymous   ${registrationLine(s.anonymous)}`);
  return lines.join("\n") + "\n";
}

/** `ipdect ctl sip-registrations`: one line per user. */
export function registrationsText(list: readonly RegistrationStatus[]): string {
  return list.map(registrationLine).join("\n") + (list.length === 0 ? "" : "\n");
}

function registrationLine(r: RegistrationStatus): string {
  const parts = [r.number.padEnd(12), r.state.padEnd(12), (r.target ?? "-").padEnd(24)];
  if (r.expiresInS !== undefined) parts.push(`expires in ${r.expiresInS} s`);
  if (r.lastStatus !== undefined) parts.push(`last ${r.lastStatus}`);
  if (r.reason !== undefined) parts.push(r.reason);
  return parts.join(" ");
}
