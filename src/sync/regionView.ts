import { colourOf, type SyncNodeView, type SyncRegionView, type SyncRole } from "./overview.js";
import type { SyncTree } from "./syncTree.js";
import type { ReceivedSyncReport } from "./wire.js";

/** A radio as the PARI Master knows it: from its last sync report. */
export interface ReportingRadio {
  readonly mac: string;
  readonly name: string;
  readonly rfpi: string;
  readonly report: ReceivedSyncReport;
}

/** A region as the PARI Master last computed it. */
export interface ComputedRegion {
  readonly id: number;
  /** RFPIs of its active sync masters. */
  readonly roots: ReadonlySet<string>;
  readonly tree: SyncTree | undefined;
  readonly stats: { readonly calculations: number; readonly configurations: number; readonly syncLost: number };
}

/** A radio's candidates shown when hovering over it (§4.12.1 IPBS Details). */
const SHOWN_CANDIDATES = 8;

/**
 * One region of the Air Sync Overview (§4.12.1): its radios by level then name, each with its source, signal, colour
 * and sync lost counter; the active sync master and its reference (the grey dot); the region statistics. `roleOf`
 * gives a radio's instructed role, `resolve` a radio by RFPI or device name.
 */
export function regionView(
  g: ComputedRegion,
  members: readonly ReportingRadio[],
  roleOf: (mac: string) => SyncRole | undefined,
  resolve: (id: string) => ReportingRadio | undefined,
): SyncRegionView {
  const placed = g.tree?.placed;
  const nodes: SyncNodeView[] = members.map((r) => {
    const p = placed?.get(r.rfpi);
    const rep = r.report;
    const note = g.tree?.unplaced.get(r.rfpi);
    return {
      name: r.name,
      mac: r.mac,
      rfpi: r.rfpi,
      mode: rep.settings.mode,
      role: roleOf(r.mac) ?? "slave",
      state: rep.state,
      colour: colourOf(rep.state, rep.rssi, rep.fer),
      ...(p === undefined ? {} : { level: p.level }),
      ...(p?.source === undefined ? {} : { source: p.source }),
      ...(p?.alternative === undefined ? {} : { alternative: p.alternative }),
      ...(rep.rssi === undefined ? {} : { rssi: rep.rssi, fer: rep.fer! }),
      syncLost: rep.syncLost,
      candidates: rep.candidates.slice(0, SHOWN_CANDIDATES),
      ...(note === undefined ? {} : { note }),
    };
  });
  nodes.sort((a, b) => (a.level ?? Infinity) - (b.level ?? Infinity) || a.name.localeCompare(b.name));
  const master = members.find((r) => g.roots.has(r.rfpi));
  const refId = master?.report.settings.referenceRfpi;
  const refRadio = refId === undefined ? undefined : resolve(refId);
  return {
    region: g.id,
    ...(master === undefined ? {} : { activeMaster: master.rfpi }),
    ...(refId === undefined || master === undefined
      ? {}
      : {
          reference: {
            rfpi: refRadio?.rfpi ?? refId,
            ...(refRadio === undefined ? {} : { name: refRadio.name, region: refRadio.report.settings.region }),
            locked: master.report.referenceLocked,
          },
        }),
    stats: { ...g.stats },
    nodes,
  };
}
