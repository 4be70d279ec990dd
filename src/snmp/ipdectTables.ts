import { cell, KIND, radioNumber, SYNC_STATE } from "./instances.js";
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
  const out: Varbind[] = [];
  const row = (r: (typeof p.static)[number], connected: boolean): number[] | undefined => {
    const n = r.rfpis[0] === undefined ? undefined : radioNumber(r.rfpis[0]);
    if (n === undefined) return undefined;
    const index = [n];
    out.push(
      cell("ipdectRadioName", index, text(r.name)),
      cell("ipdectRadioRfpi", index, text(r.rfpis.join(" "))),
      cell("ipdectRadioRegion", index, unsigned(r.region)),
      cell("ipdectRadioDeviceName", index, text(r.deviceName)),
      cell("ipdectRadioMac", index, mac(r.mac)),
      cell("ipdectRadioConnected", index, truth(connected)),
    );
    const kind = KIND[r.kind];
    if (kind !== undefined) out.push(cell("ipdectRadioKind", index, integer(kind)));
    return index;
  };
  for (const r of p.radios) {
    const index = row(r, true);
    if (index === undefined) continue;
    out.push(
      cell("ipdectRadioIp", index, ip(r.ip)),
      cell("ipdectRadioSync", index, text(r.sync)),
      cell("ipdectRadioVersion", index, text(r.version)),
      cell("ipdectRadioConnectedTime", index, ticks(r.connectedMs)),
    );
  }
  for (const r of p.static) row(r, false);
  return out;
}

const SYNC_ROLE: Readonly<Record<string, number>> = { "active-master": 1, "standby-candidate": 2, slave: 3 };

/** Air Sync Overview (§4.12.1) per region, and each radio of the trees (§4.12.3) by its radio number. */
function syncTables({ status: s }: MibSource): Varbind[] {
  const out: Varbind[] = [];
  for (const g of s.sync?.regions ?? []) {
    const index = [g.region];
    const synchronized = g.nodes.filter((n) => n.state === "synchronized" || n.state === "holdover").length;
    out.push(
      cell("ipdectSyncRegionActiveMaster", index, text(g.activeMaster ?? "")),
      cell("ipdectSyncRegionReference", index, text(g.reference?.rfpi ?? "")),
      cell("ipdectSyncRegionRefLocked", index, truth(g.reference?.locked ?? false)),
      cell("ipdectSyncRegionCalculations", index, counter(g.stats.calculations)),
      cell("ipdectSyncRegionConfigurations", index, counter(g.stats.configurations)),
      cell("ipdectSyncRegionSyncLost", index, counter(g.stats.syncLost)),
      cell("ipdectSyncRegionRadios", index, gauge(g.nodes.length)),
      cell("ipdectSyncRegionSynchronized", index, gauge(synchronized)),
    );
    for (const n of g.nodes) {
      const number = radioNumber(n.rfpi);
      if (number === undefined) continue;
      const at = [number];
      out.push(
        cell("ipdectSyncRadioRegion", at, unsigned(g.region)),
        cell("ipdectSyncRadioState", at, integer(SYNC_STATE[n.state] ?? 1)),
        cell("ipdectSyncRadioRole", at, integer(SYNC_ROLE[n.role] ?? 3)),
        cell("ipdectSyncRadioSource", at, text(n.source ?? "")),
        cell("ipdectSyncRadioSyncLost", at, counter(n.syncLost)),
      );
      if (n.level !== undefined) out.push(cell("ipdectSyncRadioLevel", at, unsigned(n.level)));
      if (n.rssi !== undefined) out.push(cell("ipdectSyncRadioRssi", at, integer(n.rssi)));
      if (n.fer !== undefined) out.push(cell("ipdectSyncRadioFer", at, gauge(n.fer)));
    }
  }
  return out;
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
  const out: Varbind[] = [];
  [...(registrations ?? [])]
    .sort((a, b) => a.number.localeCompare(b.number))
    .forEach((r, i) => {
      const index = [i + 1];
      out.push(
        cell("ipdectRegNumber", index, text(r.number)),
        cell("ipdectRegState", index, integer(REG_STATE[r.state] ?? 1)),
      );
      if (r.expiresInS !== undefined) out.push(cell("ipdectRegExpires", index, unsigned(r.expiresInS)));
      if (r.lastStatus !== undefined) out.push(cell("ipdectRegLastStatus", index, unsigned(r.lastStatus)));
    });
  return out;
}
