import { useState } from "preact/hooks";
import { get } from "../../api.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";

/** One row of `GET /api/sync/disturbances` (src/sync/SyncControl.ts Disturbance). */
interface Disturbance {
  readonly radio: string;
  readonly rfpi: string;
  readonly alienRfpi: string;
  readonly systemId: number;
  readonly rssi: number;
  /** Absent: the radio has no sync signal (a sync master, or unsynchronized). */
  readonly syncRssi?: number;
}

const dBm = (n: number | undefined): string => (n === undefined ? "none" : `${n} dBm`);

const COLUMNS: readonly Column<Disturbance>[] = [
  { key: "radio", label: "Radio", value: (d) => d.radio },
  { key: "rfpi", label: "RFPI", value: (d) => d.rfpi },
  { key: "alienRfpi", label: "Alien RFPI", value: (d) => d.alienRfpi },
  { key: "systemId", label: "System ID", value: (d) => d.systemId },
  { key: "rssi", label: "RSSI", value: (d) => d.rssi, cell: (d) => dBm(d.rssi) },
  // A radio without a sync signal sorts below every one with it.
  { key: "syncRssi", label: "Sync RSSI", value: (d) => d.syncRssi ?? -1000, cell: (d) => dBm(d.syncRssi) },
];

/** The list as the device has it now, read when it shows (each Start shows it anew). */
function DisturbanceList(): View {
  const list = useLoad(() => get<Disturbance[]>("/api/sync/disturbances"));
  const wait = waiting(list);
  if (wait !== undefined || list.data === undefined) return wait;
  return html`<${SortTable}
    caption=${`Potential disturbances: ${list.data.length}`}
    columns=${COLUMNS}
    rows=${list.data}
    rowKey=${(d: Disturbance) => `${d.rfpi} ${d.alienRfpi}`}
  />`;
}

/**
 * DECT Sync → Disturbances (§4.12.2) of a PARI Master: Start lists the alien DECT systems a radio hears stronger than
 * its current sync signal, from the radios' latest sync reports.
 */
export function DisturbancesPage(): View {
  const [round, setRound] = useState(0);
  return html`<p>Alien DECT systems that a radio hears with a higher signal strength than its current sync signal.</p>
    <div class="actions">
      <button type="button" onClick=${() => setRound(round + 1)}>Start</button>
    </div>
    ${round === 0 ? null : html`<${DisturbanceList} key=${round} />`}`;
}
