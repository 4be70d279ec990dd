import { useState } from "preact/hooks";
import { call } from "../../api.js";
import { useOutcome } from "../../components/selection.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { html, type View } from "../../html.js";

/** One system of `POST /api/radio/scan` (src/sync/protocol.ts RfpScanResult). */
interface System {
  readonly systemId: number;
  readonly rfpi: string;
  readonly rssi: number;
}

const COLUMNS: readonly Column<System>[] = [
  // System ID 0: a DECT system that is no IP-DECT system (it has no PARI System ID, §4.6.34).
  {
    key: "systemId",
    label: "System ID",
    value: (s) => s.systemId,
    cell: (s) => (s.systemId === 0 ? "-" : String(s.systemId)),
  },
  { key: "rfpi", label: "RFPI", value: (s) => s.rfpi },
  { key: "rssi", label: "RSSI", value: (s) => s.rssi, cell: (s) => `${s.rssi} dBm` },
];

/**
 * Diagnostics → RFP Scan (§4.23.10) of a radio: Start Scanning lists the other IP-DECT systems (their System IDs,
 * §4.6.34) and other DECT systems the radio hears, so a free System ID can be chosen for DECT → PARI.
 */
export function RfpScanPage(): View {
  const [systems, setSystems] = useState<readonly System[] | undefined>(undefined);
  const [outcome, run] = useOutcome();
  const scan = () =>
    run(async () => {
      const r = await call<{ systems: System[] }>("POST", "/api/radio/scan");
      setSystems(r.systems);
      return `Scan done: ${r.systems.length} other system(s) heard.`;
    });
  return html`<p>The other IP-DECT systems within the coverage area of this radio, and their occupied System IDs.</p>
    <div class="actions">
      <button type="button" onClick=${scan}>Start Scanning</button>
    </div>
    ${outcome === undefined ? null : html`<p role="status">${outcome}</p>`}
    ${
      systems === undefined
        ? null
        : html`<${SortTable}
            caption=${`Systems heard: ${systems.length}`}
            columns=${COLUMNS}
            rows=${systems}
            rowKey=${(s: System) => `${s.systemId} ${s.rfpi}`}
          />`
    }`;
}
