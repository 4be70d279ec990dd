import { formatFields, type Field } from "../core/textTable.js";
import type { SnmpReport } from "./report.js";
import type { SnmpSettings } from "./settings.js";

/** Label and value rows, the labels padded to one column. */
const table = (rows: readonly Field[]): string[] => formatFields(rows).split("\n");

/** Services → SNMP (§4.9.5) as rows: secrets appear as the report has them (masked). */
function settingsRows(s: SnmpSettings): [string, string][] {
  const v3 = s.v3;
  const list = (items: readonly string[], none: string) => (items.length === 0 ? none : items.join(", "));
  return [
    ["SNMP", `${s.enabled ? "enabled" : "disabled"}, UDP port ${s.port}`],
    ["Community", s.community],
    ["Device Name", s.deviceName ?? "(the device's name)"],
    ["Contact", s.contact ?? ""],
    ["Location", s.location ?? ""],
    ["Authentication Trap", s.authTrap ? "on" : "off"],
    [
      "Trap Destinations",
      list(
        s.trapDestinations.map(
          (d) =>
            `${d.address} ${d.version}` +
            (d.timeoutMs === undefined ? "" : ` (timeout ${d.timeoutMs} ms, retries ${d.retries ?? 0})`),
        ),
        "none",
      ),
    ],
    [
      "Allowed Networks",
      list(
        s.allowedNetworks.map((n) => n.network),
        "all (§4.9.5 step 9: empty)",
      ),
    ],
    [
      "SNMPv3 User",
      v3 === undefined
        ? "none"
        : `${v3.user}, authentication ${v3.authProtocol}${v3.authPassword === undefined ? "" : ` ${v3.authPassword}`}` +
          `, encryption ${v3.privProtocol}${v3.privPassword === undefined ? "" : ` ${v3.privPassword}`}`,
    ],
  ];
}

/** `ipdect ctl snmp`: the settings in force, the agent with its counters, and what waits for a reset. */
export function snmpStatusText(r: SnmpReport): string {
  const a = r.agent;
  const state =
    a === null
      ? "disabled (§4.9.5: disabled by default)"
      : a.listening === null
        ? "running, not on UDP (the sim, or its port could not be had: see the warning event)"
        : `listening on ${a.listening.ip}:${a.listening.port}`;
  const rows: [string, string | number][] = [
    ["Agent", state],
    ["snmpEngineID", r.engineId],
    ...(r.running === null ? [["SNMP", "no settings (disabled)"] as [string, string]] : settingsRows(r.running)),
    ...(a === null ? [] : [...Object.entries(a.snmp), ...Object.entries(a.usmStats)]),
  ];
  const lines = table(rows);
  if (r.pending !== undefined) {
    lines.push("", "After reset (pending, §4.18.1):");
    lines.push(
      ...(r.pending === null ? ["  no settings (disabled)"] : table(settingsRows(r.pending)).map((l) => `  ${l}`)),
    );
  }
  return `${lines.join("\n")}\n`;
}
