import type { FleetReport } from "./Fleet.js";

/** The end-of-run table `ipdect sim` prints: one row per device with its roles' states. */
export function summaryTable(report: FleetReport): string {
  const rows: string[][] = [["device", "up", "master", "radios held", "radio", "on master", "alarms"]];
  for (const d of Object.values(report.devices)) {
    if (!d.up) {
      rows.push([d.name, "no", "", "", "", "", ""]);
      continue;
    }
    const s = d as Extract<FleetReport["devices"][string], { kind: string }>;
    rows.push([
      s.name,
      "yes",
      s.master === undefined ? "" : `${s.master.mode}: ${s.master.state}`,
      s.master === undefined ? "" : String(s.master.radios.filter((r) => r.standing === "registered").length),
      s.radio === undefined ? "" : s.radio.state,
      s.radio === undefined ? "" : s.radio.master,
      s.alarms.map((a) => a.code).join(" "),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n") + "\n";
}
