import { KIND, radioNumber, SYNC_STATE } from "./instances.js";
import type { MibView } from "./mibView.js";
import type { MibSource } from "./mibSource.js";
import { synchronizedRadios } from "../sync/overview.js";
import { counter, gauge, integer, ip, mac, text, ticks, truth, unsigned } from "./smiValues.js";
import { table, tableView, type IndexedRow } from "./tableView.js";

type Pari = NonNullable<MibSource["status"]["pari"]>;
/** A row of ipdectRadioTable: a connected radio, or a static registration (listed, not connected). */
type RadioRow =
  | { readonly connected: true; readonly r: Pari["radios"][number] }
  | { readonly connected: false; readonly r: Pari["static"][number] };
type Region = NonNullable<MibSource["status"]["sync"]>["regions"][number];
type SyncNode = { readonly region: number; readonly n: Region["nodes"][number] };
type Registration = NonNullable<MibSource["registrations"]>[number];

/** The PARI Master's and the gatekeeper's tables of IPDECT-MIB: radios, sync regions and radios, registrations. */
export function ipdectTables(src: MibSource): MibView[] {
  return [radioTable(src), ...syncTables(src), registrationTable(src)];
}

/** Device Overview → Radios (§4.11.1); static registrations have no Ip, Sync, Version or ConnectedTime. */
const RADIOS = table<RadioRow>("ipdectRadioEntry", [
  ["ipdectRadioName", (x) => text(x.r.name)],
  ["ipdectRadioRfpi", (x) => text(x.r.rfpis.join(" "))],
  ["ipdectRadioIp", (x) => (x.connected ? ip(x.r.ip) : undefined)],
  ["ipdectRadioSync", (x) => (x.connected ? text(x.r.sync) : undefined)],
  ["ipdectRadioRegion", (x) => unsigned(x.r.region)],
  ["ipdectRadioDeviceName", (x) => text(x.r.deviceName)],
  ["ipdectRadioVersion", (x) => (x.connected ? text(x.r.version) : undefined)],
  ["ipdectRadioConnectedTime", (x) => (x.connected ? ticks(x.r.connectedMs) : undefined)],
  ["ipdectRadioMac", (x) => mac(x.r.mac)],
  ["ipdectRadioKind", (x) => (KIND[x.r.kind] === undefined ? undefined : integer(KIND[x.r.kind]!))],
  ["ipdectRadioConnected", (x) => truth(x.connected)],
]);

/** Connected radios and static registrations by radio number, the number of their first RFPI. */
function radioTable({ status: s }: MibSource): MibView {
  const rows: IndexedRow<RadioRow>[] = [];
  const add = (row: RadioRow): void => {
    const n = row.r.rfpis[0] === undefined ? undefined : radioNumber(row.r.rfpis[0]);
    if (n !== undefined) rows.push({ index: [n], row });
  };
  for (const r of s.pari?.radios ?? []) add({ connected: true, r });
  for (const r of s.pari?.static ?? []) add({ connected: false, r });
  return tableView(RADIOS, rows);
}

const SYNC_ROLE: Readonly<Record<string, number>> = { "active-master": 1, "standby-candidate": 2, slave: 3 };

/** Air Sync Overview (§4.12.1) per region. */
const SYNC_REGIONS = table<Region>("ipdectSyncRegionEntry", [
  ["ipdectSyncRegionActiveMaster", (g) => text(g.activeMaster ?? "")],
  ["ipdectSyncRegionReference", (g) => text(g.reference?.rfpi ?? "")],
  ["ipdectSyncRegionRefLocked", (g) => truth(g.reference?.locked ?? false)],
  ["ipdectSyncRegionCalculations", (g) => counter(g.stats.calculations)],
  ["ipdectSyncRegionConfigurations", (g) => counter(g.stats.configurations)],
  ["ipdectSyncRegionSyncLost", (g) => counter(g.stats.syncLost)],
  ["ipdectSyncRegionRadios", (g) => gauge(g.nodes.length)],
  ["ipdectSyncRegionSynchronized", (g) => gauge(synchronizedRadios(g))],
]);

/** Each radio of the sync trees (§4.12.3), by its radio number. */
const SYNC_RADIOS = table<SyncNode>("ipdectSyncRadioEntry", [
  ["ipdectSyncRadioRegion", (x) => unsigned(x.region)],
  ["ipdectSyncRadioState", (x) => integer(SYNC_STATE[x.n.state] ?? 1)],
  ["ipdectSyncRadioRole", (x) => integer(SYNC_ROLE[x.n.role] ?? 3)],
  ["ipdectSyncRadioLevel", (x) => (x.n.level === undefined ? undefined : unsigned(x.n.level))],
  ["ipdectSyncRadioSource", (x) => text(x.n.source ?? "")],
  ["ipdectSyncRadioRssi", (x) => (x.n.rssi === undefined ? undefined : integer(x.n.rssi))],
  ["ipdectSyncRadioFer", (x) => (x.n.fer === undefined ? undefined : gauge(x.n.fer))],
  ["ipdectSyncRadioSyncLost", (x) => counter(x.n.syncLost)],
]);

function syncTables({ status: s }: MibSource): MibView[] {
  const regions = s.sync?.regions ?? [];
  const nodes: IndexedRow<SyncNode>[] = [];
  for (const g of regions)
    for (const n of g.nodes) {
      const number = radioNumber(n.rfpi);
      if (number !== undefined) nodes.push({ index: [number], row: { region: g.region, n } });
    }
  return [
    tableView(
      SYNC_REGIONS,
      regions.map((g) => ({ index: [g.region], row: g })),
    ),
    tableView(SYNC_RADIOS, nodes),
  ];
}

const REG_STATE: Readonly<Record<string, number>> = {
  queued: 1,
  registering: 2,
  registered: 3,
  waiting: 4,
  failed: 5,
};

/** Every user's SIP registration in the order of numbers; the index is the position (ipdectRegEntry). */
const REGISTRATIONS = table<Registration>("ipdectRegEntry", [
  ["ipdectRegNumber", (r) => text(r.number)],
  ["ipdectRegState", (r) => integer(REG_STATE[r.state] ?? 1)],
  ["ipdectRegExpires", (r) => (r.expiresInS === undefined ? undefined : unsigned(r.expiresInS))],
  ["ipdectRegLastStatus", (r) => (r.lastStatus === undefined ? undefined : unsigned(r.lastStatus))],
]);

function registrationTable({ registrations }: MibSource): MibView {
  const rows = [...(registrations ?? [])]
    .sort((a, b) => a.number.localeCompare(b.number))
    .map((row, i) => ({ index: [i + 1], row }));
  return tableView(REGISTRATIONS, rows);
}
