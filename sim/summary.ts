import type { HandsetSummary } from "./SimHandsets.js";
import type { DeviceEvent } from "../src/role/EventLog.js";
import { formatTable } from "../src/core/textTable.js";
import { overviewText } from "../src/pari/overviewTable.js";
import type { CertBrief } from "../src/certs/views.js";
import type { DeviceStatus } from "../src/device/status.js";
import type { FleetReport } from "./Fleet.js";
import { foldedLine, foldItems } from "./timelineFold.js";
import { timelineItems } from "./timelineItems.js";

/** The end-of-run table `ipdect sim` prints: one row per device with its roles' states. */
export function summaryTable(report: FleetReport): string {
  return formatTable(summaryRows(report)) + "\n";
}

/** The device table's rows, the heading first (the HTML report shows the same table). */
export function summaryRows(report: FleetReport): string[][] {
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
      alarmCodes(s.alarms),
    ]);
  }
  return rows;
}

/** The device overview (§4.11.1) of every active PARI Master in the report (of every one when none is active). */
export function overviews(report: FleetReport): string {
  const all = Object.values(report.devices).filter(
    (d): d is DeviceStatus => d.up && (d as DeviceStatus).pari !== undefined,
  );
  const active = all.filter((d) => d.pari!.active);
  const pariMasters = active.length > 0 ? active : all;
  return pariMasters.map((d) => `Device overview of PARI Master ${d.name}\n${overviewText(d.pari!)}`).join("\n");
}

/** The active PARI Master's status in the report (the first PARI Master when none is active). */
export function activePariMaster(report: FleetReport): DeviceStatus | undefined {
  const all = Object.values(report.devices).filter(
    (d): d is DeviceStatus => d.up && (d as DeviceStatus).pari !== undefined,
  );
  return all.find((d) => d.pari!.active) ?? all[0];
}

/** One line per sync region (§4.12.1): how many radios are synchronized, the region statistics, the reference. */
export function syncSummary(report: FleetReport): string {
  const sync = activePariMaster(report)?.sync;
  if (sync === undefined || sync.regions.length === 0) return "";
  const rows = [
    [
      "region",
      "radios",
      "synchronized",
      "holdover",
      "unsynchronized",
      "calculations",
      "configurations",
      "sync lost",
      "reference",
    ],
  ];
  for (const g of sync.regions) {
    const count = (f: (s: string) => boolean) => String(g.nodes.filter((n) => f(n.state)).length);
    rows.push([
      String(g.region),
      String(g.nodes.length),
      count((s) => s === "synchronized"),
      count((s) => s === "holdover"),
      count((s) => s !== "synchronized" && s !== "holdover"),
      String(g.stats.calculations),
      String(g.stats.configurations),
      String(g.stats.syncLost),
      g.reference === undefined
        ? ""
        : `${g.reference.name ?? g.reference.rfpi} ${g.reference.locked ? "locked" : "lost"}`,
    ]);
  }
  return `Air sync (§4.12.1)\n${formatTable(rows)}\n`;
}

/**
 * The events a person wants to see from a run (timelineItems.ts), repeats folded into one line each
 * (timelineFold.ts): faults, Master state changes, alarms, events, warnings, commands, radios without a Master.
 */
export function timeline(events: readonly DeviceEvent[]): string {
  const lines = foldItems(timelineItems(events)).map((g) => {
    const { t, device, text } = foldedLine(g);
    return `${(t / 1000).toFixed(3).padStart(9)} s  ${device.padEnd(8)} ${text}`;
  });
  return lines.join("\n") + (lines.length > 0 ? "\n" : "");
}

/** A device's alarm codes, each once with its count (`0x00030202 ×300 0x00030201`), in the order first raised. */
export function alarmCodes(alarms: readonly { readonly code: string }[]): string {
  const counts = new Map<string, number>();
  for (const a of alarms) counts.set(a.code, (counts.get(a.code) ?? 0) + 1);
  return [...counts].map(([code, n]) => (n === 1 ? code : `${code} ×${n}`)).join(" ");
}

/**
 * The certificates of the devices that present one or trust any (§4.1.10; the sim has no TLS, so this is what a
 * certificates section or command did): subject, origin and fingerprint of the device certificate, and the trust list.
 * A device that nothing asked for its default certificate has none yet and is left out with an empty trust list.
 */
export function certificatesSummary(report: FleetReport): string {
  const short = (c: CertBrief) => `${c.subject} (${c.fingerprint.slice(0, 11)})`;
  const rows = [["device", "certificate", "origin", "trusted"]];
  for (const d of Object.values(report.devices)) {
    const c = (d as DeviceStatus).certificates;
    if (c === undefined || (c.device === undefined && c.trusted.length === 0)) continue;
    const trusted = c.trusted.length > 2 ? `${c.trusted.length} certificates` : c.trusted.map(short).join("; ");
    rows.push([d.name, c.device === undefined ? "" : short(c.device), c.device?.origin ?? "", trusted]);
  }
  return rows.length === 1 ? "" : `Certificates (§4.1.10)\n${formatTable(rows)}\n`;
}

/** The fleet's handsets at the end: how many are subscribed and located at the serving Master, and who is not. */
export function handsetSummary(h: HandsetSummary): string {
  const lines = [
    "Handsets (§3.14)",
    `${h.total} handsets: ${h.subscribed} subscribed, ${h.located} located at ${h.servingMaster ?? "no serving Master"}`,
    ...h.missing.map((m) => `  ${m.ipei}: ${m.why}`),
  ];
  return lines.join("\n") + "\n";
}
