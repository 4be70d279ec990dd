import { KIND, radioNumber, SYNC_STATE, tableCells, type Row } from "./instances.js";
import type { Varbind } from "./mibView.js";
import type { MibSource } from "./mibSource.js";
import { counter, gauge, integer, ip, mac, text, ticks, truth, unsigned } from "./smiValues.js";

/** The PARI Master's and the gatekeeper's tables of IPDECT-MIB: radios, sync regions and radios, registrations. */
export function ipdectTables(src: MibSource): Varbind[] {
  return [...radioTable(src), ...syncTables(src), ...registrationTable(src)];
}

/** Device Overview → Radios (§4.11.1): connected radios and static registrations, by radio number. */
function radioTable({ status: s }: MibSource): Varbind[] {
  const p = s.pari;
  if (p === undefined) return [];
  const rows: Row[] = [];
  const row = (r: (typeof p.static)[number], connected: boolean, more: Row["cells"]): void => {
    const n = r.rfpis[0] === undefined ? undefined : radioNumber(r.rfpis[0]);
    if (n === undefined) return;
    const cells: Row["cells"] = [
      ["ipdectRadioName", text(r.name)],
      ["ipdectRadioRfpi", text(r.rfpis.join(" "))],
      ["ipdectRadioRegion", unsigned(r.region)],
      ["ipdectRadioDeviceName", text(r.deviceName)],
      ["ipdectRadioMac", mac(r.mac)],
      ["ipdectRadioConnected", truth(connected)],
      ...more,
    ];
    const kind = KIND[r.kind];
    if (kind !== undefined) cells.push(["ipdectRadioKind", integer(kind)]);
    rows.push({ index: [n], cells });
  };
  for (const r of p.radios)
    row(r, true, [
      ["ipdectRadioIp", ip(r.ip)],
      ["ipdectRadioSync", text(r.sync)],
      ["ipdectRadioVersion", text(r.version)],
      ["ipdectRadioConnectedTime", ticks(r.connectedMs)],
    ]);
  for (const r of p.static) row(r, false, []);
  return tableCells(rows);
}

const SYNC_ROLE: Readonly<Record<string, number>> = { "active-master": 1, "standby-candidate": 2, slave: 3 };

/** Air Sync Overview (§4.12.1) per region, and each radio of the trees (§4.12.3) by its radio number. */
function syncTables({ status: s }: MibSource): Varbind[] {
  const regions: Row[] = [];
  const radios: Row[] = [];
  for (const g of s.sync?.regions ?? []) {
    const synchronized = g.nodes.filter((n) => n.state === "synchronized" || n.state === "holdover").length;
    regions.push({
      index: [g.region],
      cells: [
        ["ipdectSyncRegionActiveMaster", text(g.activeMaster ?? "")],
        ["ipdectSyncRegionReference", text(g.reference?.rfpi ?? "")],
        ["ipdectSyncRegionRefLocked", truth(g.reference?.locked ?? false)],
        ["ipdectSyncRegionCalculations", counter(g.stats.calculations)],
        ["ipdectSyncRegionConfigurations", counter(g.stats.configurations)],
        ["ipdectSyncRegionSyncLost", counter(g.stats.syncLost)],
        ["ipdectSyncRegionRadios", gauge(g.nodes.length)],
        ["ipdectSyncRegionSynchronized", gauge(synchronized)],
      ],
    });
    for (const n of g.nodes) {
      const number = radioNumber(n.rfpi);
      if (number === undefined) continue;
      const cells: Row["cells"] = [
        ["ipdectSyncRadioRegion", unsigned(g.region)],
        ["ipdectSyncRadioState", integer(SYNC_STATE[n.state] ?? 1)],
        ["ipdectSyncRadioRole", integer(SYNC_ROLE[n.role] ?? 3)],
        ["ipdectSyncRadioSource", text(n.source ?? "")],
        ["ipdectSyncRadioSyncLost", counter(n.syncLost)],
      ];
      if (n.level !== undefined) cells.push(["ipdectSyncRadioLevel", unsigned(n.level)]);
      if (n.rssi !== undefined) cells.push(["ipdectSyncRadioRssi", integer(n.rssi)]);
      if (n.fer !== undefined) cells.push(["ipdectSyncRadioFer", gauge(n.fer)]);
      radios.push({ index: [number], cells });
    }
  }
  return [...tableCells(regions), ...tableCells(radios)];
}

const REG_STATE: Readonly<Record<string, number>> = {
  queued: 1,
  registering: 2,
  registered: 3,
  waiting: 4,
  failed: 5,
};

/** Every user's SIP registration in the order of numbers; the index is the position (ipdectRegEntry). */
function registrationTable({ registrations }: MibSource): Varbind[] {
  const rows = [...(registrations ?? [])]
    .sort((a, b) => a.number.localeCompare(b.number))
    .map((r, i): Row => {
      const cells: Row["cells"] = [
        ["ipdectRegNumber", text(r.number)],
        ["ipdectRegState", integer(REG_STATE[r.state] ?? 1)],
      ];
      if (r.expiresInS !== undefined) cells.push(["ipdectRegExpires", unsigned(r.expiresInS)]);
      if (r.lastStatus !== undefined) cells.push(["ipdectRegLastStatus", unsigned(r.lastStatus)]);
      return { index: [i + 1], cells };
    });
  return tableCells(rows);
}
