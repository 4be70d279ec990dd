import { useEffect } from "preact/hooks";
import { get } from "../../api.js";
import { Facts, yesNo } from "../../components/facts.js";
import { SortTable, type Column } from "../../components/SortTable.js";
import { html, type View } from "../../html.js";
import { useLoad, waiting } from "../../load.js";
import { dateText } from "../../session.js";

/** A sync candidate the radio hears (§4.12.1 IPBS Details). */
interface Candidate {
  readonly rfpi: string;
  readonly rssi: number;
  readonly fer: number;
}

/** `radio.sync` of `GET /api/status` (src/sync/protocol.ts RadioSyncStatus): §4.12.3 Status of this radio. */
interface RadioSync {
  readonly mode: string;
  readonly region: number;
  readonly role: "active-master" | "standby-candidate" | "slave";
  readonly state: string;
  readonly traffic: boolean;
  readonly rfpi?: string;
  readonly source?: string;
  readonly alternative?: string;
  readonly carrier?: number;
  readonly slot?: number;
  readonly rssi?: number;
  readonly fer?: number;
  readonly offsetPpm: number;
  readonly driftUs: number;
  readonly syncLost: number;
  readonly lastLost?: { readonly t: number; readonly reasons: readonly string[] };
  readonly referenceLocked: boolean;
  readonly candidates: readonly Candidate[];
  readonly note?: string;
}

/** One sync bearer of the §4.12.3 table: the active one and the alternative. */
interface Bearer {
  readonly bearer: "Active" | "Alternative";
  readonly rfpi?: string;
  readonly carrier?: number;
  readonly slot?: number;
  readonly rssi?: number;
  readonly fer?: number;
}

/** How often the status is read again: offset, drift and FER move while the page is open. */
const REFRESH_MS = 5000;

/** §4.12.3 State "Master/Slave", in the words of the sync tree's roles. */
const ROLES: Readonly<Record<RadioSync["role"], string>> = {
  "active-master": "Master",
  "standby-candidate": "Slave (standby sync master)",
  slave: "Slave",
};

const shown = (v: number | string | undefined, unit = ""): string => (v === undefined ? "-" : `${v}${unit}`);

const BEARER_COLUMNS: readonly Column<Bearer>[] = [
  { key: "bearer", label: "Bearer", value: (b) => b.bearer },
  { key: "rfpi", label: "RFPI", value: (b) => shown(b.rfpi) },
  { key: "carrier", label: "Carrier", value: (b) => b.carrier ?? -1, cell: (b) => shown(b.carrier) },
  { key: "slot", label: "Slot", value: (b) => b.slot ?? -1, cell: (b) => shown(b.slot) },
  { key: "rssi", label: "RSSI", value: (b) => b.rssi ?? -1000, cell: (b) => shown(b.rssi, " dBm") },
  { key: "fer", label: "FER", value: (b) => b.fer ?? -1, cell: (b) => shown(b.fer, " %") },
];

const CANDIDATE_COLUMNS: readonly Column<Candidate>[] = [
  { key: "rfpi", label: "RFPI", value: (c) => c.rfpi },
  { key: "rssi", label: "RSSI", value: (c) => c.rssi, cell: (c) => `${c.rssi} dBm` },
  { key: "fer", label: "FER", value: (c) => c.fer, cell: (c) => `${c.fer} %` },
];

/**
 * The active sync bearer (what the radio follows: its carrier and slot, RSSI, FER) and the alternative the PARI Master
 * named, with what the radio hears of it; the radio reports no carrier and slot of the alternative.
 */
function bearers(s: RadioSync): Bearer[] {
  const heard = s.candidates.find((c) => c.rfpi === s.alternative);
  return [
    {
      bearer: "Active",
      ...(s.source === undefined ? {} : { rfpi: s.source, carrier: s.carrier, slot: s.slot, rssi: s.rssi, fer: s.fer }),
    },
    {
      bearer: "Alternative",
      rfpi: s.alternative,
      ...(heard === undefined ? {} : { rssi: heard.rssi, fer: heard.fer }),
    },
  ];
}

/**
 * DECT Sync → Status (§4.12.3) of a radio: its state, sync offset, drift and sync lost counter, the active and the
 * alternative sync bearer, and the sync candidates it hears; read again every 5 s.
 */
export function SyncStatusPage(): View {
  const status = useLoad(() => get<{ radio?: { sync?: RadioSync } }>("/api/status"));
  const { reload } = status;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const wait = waiting(status);
  if (wait !== undefined || status.data === undefined) return wait;
  const s = status.data.radio?.sync;
  if (s === undefined) return html`<p class="note">This radio has no air sync status yet (it is not on air).</p>`;
  const lost = s.lastLost === undefined ? "" : `, last ${dateText(s.lastLost.t)} (${s.lastLost.reasons.join(", ")})`;
  return html`<${Facts}
      label="Air sync status"
      items=${[
        ["State", `${ROLES[s.role]}, ${s.state}`],
        ["Sync offset", `${s.offsetPpm} ppm`],
        ["Drift", `${s.driftUs} µs`],
        ["Sync lost counter", `${s.syncLost}${lost}`],
        ["RFPI", s.rfpi ?? "none"],
        ["Sync mode", s.mode],
        ["Region", String(s.region)],
        ["Carries traffic", yesNo(s.traffic)],
        ["Reference locked", s.role === "active-master" ? yesNo(s.referenceLocked) : undefined],
        ["Note", s.note],
      ]}
    />
    <${SortTable}
      caption="Sync bearers"
      columns=${BEARER_COLUMNS}
      rows=${bearers(s)}
      rowKey=${(b: Bearer) => b.bearer}
    />
    <${SortTable}
      caption=${`Sync candidates: ${s.candidates.length}`}
      columns=${CANDIDATE_COLUMNS}
      rows=${s.candidates}
      rowKey=${(c: Candidate) => c.rfpi}
    />`;
}
