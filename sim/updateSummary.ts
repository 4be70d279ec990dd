import { formatTable } from "../src/core/textTable.js";
import type { DeviceStatus } from "../src/device/status.js";
import type { FleetReport } from "./Fleet.js";
import { abbreviate, naturalOrder } from "./timelineFold.js";

/** The firmware the running devices run at the end, one row per version and build serial, with who runs it. */
export function firmwareRows(report: FleetReport): string[][] {
  const by = new Map<string, { version: string; serial: string; devices: string[] }>();
  for (const d of Object.values(report.devices)) {
    const f = (d as DeviceStatus).firmware;
    if (!d.up || f === undefined) continue;
    const key = `${f.version}\n${f.serial}`;
    const row = by.get(key) ?? { version: f.version, serial: f.serial, devices: [] };
    row.devices.push(d.name);
    by.set(key, row);
  }
  const rows = [...by.values()].sort(
    (a, b) => b.devices.length - a.devices.length || naturalOrder(a.version, b.version),
  );
  return [
    ["devices", "version", "build serial", "names"],
    ...rows.map((r) => [String(r.devices.length), r.version, r.serial, abbreviate([...r.devices].sort(naturalOrder))]),
  ];
}

/** The update servers' rows (requests served, files missing, uploads), the heading first. */
export function updateServerRows(report: FleetReport): string[][] {
  return [
    ["server", "ip", "files", "downloads", "not found", "uploads"],
    ...(report.updateServers ?? []).map((s) => [
      s.name,
      s.ip,
      String(s.files),
      String(s.downloads),
      String(s.notFound),
      String(s.uploads.length),
    ]),
  ];
}

/** Every upload (`scfg`, App. A.1.5) in the order it arrived, the heading first. */
export function uploadRows(report: FleetReport): string[][] {
  const uploads = (report.updateServers ?? []).flatMap((s) => s.uploads.map((u) => ({ server: s.name, ...u })));
  return [
    ["time", "server", "device", "path", "bytes"],
    ...uploads
      .sort((a, b) => a.t - b.t)
      .map((u) => [`${(u.t / 1000).toFixed(3)} s`, u.server, u.device, u.path, String(u.bytes)]),
  ];
}

/**
 * What `ipdect sim` prints of a fleet with update servers (App. A): each server, the uploads it received and the
 * firmware the devices run at the end (§4.15); empty for a fleet without update servers.
 */
export function updateSummary(report: FleetReport): string {
  if (report.updateServers === undefined) return "";
  const uploads = uploadRows(report);
  return [
    `Update servers (App. A)\n${formatTable(updateServerRows(report))}\n`,
    ...(uploads.length === 1 ? [] : [`Uploads (scfg, App. A.1.5)\n${formatTable(uploads)}\n`]),
    `Firmware at the end (§4.15)\n${formatTable(firmwareRows(report))}\n`,
  ].join("\n");
}
