import { formatFields, indent, listText, type Field } from "../core/textTable.js";
import { formatElapsed } from "../core/timeText.js";
import type { GatekeeperStatus } from "./Gatekeeper.js";
import type { RegistrationStatus } from "./registration.js";
import type { GatekeeperSettings } from "./settings.js";

/** `ipdect ctl sip`: the gatekeeper in a few lines. */
export function gatekeeperText(s: GatekeeperStatus): string {
  const u = s.users;
  const lines = [
    `Gatekeeper  ${s.protocol}  proxies ${s.proxies.join(", ")}  domain ${s.domain}`,
    `State       ${s.state}${s.reason === undefined ? "" : ` (${s.reason})`}  mode ${s.mode}` +
      (s.local === undefined ? "" : `  local ${s.local.ip}:${s.local.port}`) +
      (s.userSockets === undefined ? "" : `  user sockets ${s.userSockets}`),
    `Users       ${u.registered}/${u.total} registered, ${u.registering} registering, ${u.waiting} waiting, ${u.failed} failed`,
  ];
  if (s.downProxies.length > 0) lines.push(`Down        ${s.downProxies.join(", ")}`);
  if (s.anonymous !== undefined) lines.push(`Anonymous   ${registrationRow(s.anonymous).join("  ").trimEnd()}`);
  return lines.join("\n") + "\n";
}

/** `ipdect ctl sip-registrations`: one row per user (§4.6.23). */
export function registrationsText(list: readonly RegistrationStatus[]): string {
  return listText(
    ["Number", "State", "Proxy", "Expires in", "Last status", "Reason"],
    list.map(registrationRow),
    "no registrations",
  );
}

function registrationRow(r: RegistrationStatus): string[] {
  return [
    r.number,
    r.state,
    r.target ?? "-",
    r.expiresInS === undefined ? "" : formatElapsed(r.expiresInS * 1000),
    r.lastStatus === undefined ? "" : String(r.lastStatus),
    r.reason ?? "",
  ];
}

/** DECT → Master "Configure Gatekeeper" (§4.6.23) with Advanced → SIP (§4.7.1, §4.7.3.1), as the page names them. */
function settingsRows(g: GatekeeperSettings): Field[] {
  const onOff = (b: boolean) => (b ? "on" : "off");
  return [
    ["Protocol", g.protocol],
    ["Proxy", g.proxy],
    ["Alt. Proxies", g.altProxies.join(", ") || "none"],
    ["Domain", g.domain ?? "(the proxy's host)"],
    ["Registration TTL", formatElapsed(g.registrationTtlS * 1000)],
    ["Subscription TTL", formatElapsed(g.subscriptionTtlS * 1000)],
    ["Register with number", onOff(g.registerWithNumber)],
    ["Registration with system password", onOff(g.registerWithSystemPassword)],
    ["Max. internal number length", g.maxInternalNumberLength ?? "not set"],
    ["International CPN Prefix", g.internationalCpnPrefix ?? "not set"],
    ["Ignore Retry-After", onOff(g.ignoreRetryAfter)],
    ["Redirection", onOff(g.redirection)],
    ["Instance ID", onOff(g.instanceId)],
    ["Temporary failure", g.temporaryFailure],
    ["Local port", g.localPort],
    [
      "Anonymous registration",
      g.anonymous === undefined
        ? "none"
        : `${g.anonymous.name}, ${g.anonymous.number}${g.anonymous.deactivateMaster ? ", deactivate Master if no connection" : ""}`,
    ],
  ];
}

/** What `GET /api/gatekeeper` answers: the settings in force and those waiting for a reset, each null for none. */
export interface GatekeeperSettingsReport {
  readonly running: GatekeeperSettings | null;
  readonly pending: GatekeeperSettings | null;
}

/** `ipdect ctl gatekeeper`: the settings in force, then those a pending configuration brings (§4.6.23 step 17). */
export function gatekeeperSettingsText(r: GatekeeperSettingsReport): string {
  const none = "no gatekeeper settings: no user is registered";
  const lines = [r.running === null ? none : formatFields(settingsRows(r.running))];
  if (r.pending !== null)
    lines.push("", "After reset (pending, §4.6.23 step 17):", indent(formatFields(settingsRows(r.pending)), "  "));
  return `${lines.join("\n")}\n`;
}
