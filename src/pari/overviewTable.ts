import { formatElapsed } from "../core/timeText.js";
import { formatTable } from "../core/textTable.js";
import type { PariOverview } from "./overview.js";

/**
 * Device Overview → Radios (§4.11.1) as text: connected radios with Name, RFPI, IP Address, Sync, Region, Device
 * Name, Version and Connected Time; then the Static and Uninitialized Registrations. An IPBL shows its first RFPI
 * and how many it has.
 */
export function overviewText(o: PariOverview): string {
  const rfpi = (list: readonly string[]) => (list.length > 1 ? `${list[0]} (+${list.length - 1})` : (list[0] ?? ""));
  const head = `System ID ${o.systemId}, PARI ${o.pari}${o.active ? "" : " (inactive)"}; capacity ${o.capacity.IPBS} IPBS or ${o.capacity.IPBL} IPBL; SARI ${o.saris.length === 0 ? "none" : o.saris.join(", ")}`;
  const radios = formatTable([
    ["Name", "RFPI", "IP Address", "Sync", "Region", "Device Name", "Version", "Connected Time"],
    ...o.radios.map((r) => [
      r.name,
      rfpi(r.rfpis),
      r.ip,
      r.sync === "" ? "-" : r.sync,
      String(r.region),
      r.deviceName,
      r.version,
      formatElapsed(r.connectedMs),
    ]),
  ]);
  const parts = [head, "", `Radios (${o.radios.length})`, radios];
  if (o.static.length > 0)
    parts.push(
      "",
      `Static Registrations (${o.static.length})`,
      formatTable([
        ["Name", "RFPI", "Region", "Device Name"],
        ...o.static.map((r) => [r.name, rfpi(r.rfpis), String(r.region), r.deviceName]),
      ]),
    );
  if (o.uninitialized.length > 0)
    parts.push(
      "",
      `Uninitialized Registrations (${o.uninitialized.length})`,
      formatTable([
        ["Name", "MAC", "IP Address", "Version"],
        ...o.uninitialized.map((r) => [r.name, r.mac, r.ip, r.version]),
      ]),
    );
  if (o.collisions.length > 0)
    parts.push("", "RFPI collisions", ...o.collisions.map((c) => `  ${c.rfpi}: ${c.macs.join(", ")}`));
  return parts.join("\n") + "\n";
}
