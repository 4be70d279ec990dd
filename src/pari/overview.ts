import { identificationName } from "./identName.js";
import type { PariEntry, PariTable } from "./PariTable.js";
import type { RadioSessions } from "./RadioSessions.js";
import { pariOf, rfpiOf, type Capacity } from "./rfpiPlan.js";

/** The device overview of a PARI Master (§4.11.1), one model for HTTP, CLI and sim report. */
export interface PariOverview {
  readonly systemId: number;
  readonly pari: string;
  readonly active: boolean;
  readonly capacity: Capacity;
  readonly saris: readonly string[];
  readonly radios: {
    name: string;
    deviceName: string;
    mac: string;
    kind: string;
    rfpis: string[];
    ip: string;
    sync: string;
    region: number;
    version: string;
    connectedMs: number;
  }[];
  readonly static: { name: string; deviceName: string; mac: string; kind: string; rfpis: string[]; region: number }[];
  readonly uninitialized: { name: string; mac: string; kind: string; ip: string; version: string }[];
  readonly collisions: { rfpi: string; macs: string[] }[];
}

/** What the overview shows of a PARI Master (PariCore). */
export interface OverviewSource {
  readonly systemId: number;
  readonly active: boolean;
  readonly capacity: Capacity;
  readonly saris: readonly string[];
  readonly table: PariTable;
  readonly radios: RadioSessions;
  readonly now: number;
  /** The RFPIs of a table entry, as text. */
  rfpis(e: PariEntry): string[];
}

/**
 * §4.11.1 Device Overview → Radios: the connected radios, the static registrations (listed, not connected), the
 * uninitialized registrations and the RFPI collisions, each sorted by identification name.
 */
export function pariOverview(p: OverviewSource): PariOverview {
  const radios: PariOverview["radios"] = [];
  const statics: PariOverview["static"] = [];
  for (const e of p.table.live()) {
    const s = p.radios.connection(e.mac);
    const name = identificationName(e.kind, e.mac);
    if (s === undefined) {
      statics.push({ name, deviceName: e.name, mac: e.mac, kind: e.kind, rfpis: p.rfpis(e), region: e.region });
      continue;
    }
    radios.push({
      name,
      deviceName: e.name,
      mac: e.mac,
      kind: e.kind,
      rfpis: p.rfpis(e),
      ip: s.ip,
      sync: s.sync,
      region: e.region,
      version: s.version,
      connectedMs: p.now - s.connectedAt,
    });
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    systemId: p.systemId,
    pari: pariOf(p.systemId).toString(),
    active: p.active,
    capacity: p.capacity,
    saris: p.saris,
    radios: radios.sort(byName),
    static: statics.sort(byName),
    uninitialized: [...p.radios.announcements()]
      .map((u) => ({
        name: identificationName(u.kind, u.mac),
        mac: u.mac,
        kind: u.kind,
        ip: u.ip,
        version: u.version,
      }))
      .sort(byName),
    collisions: p.table.collisions().map((c) => ({ rfpi: rfpiOf(p.systemId, c.number).toString(), macs: c.macs })),
  };
}
