import {
  POOR_FER_PCT,
  POOR_RSSI_DBM,
  type SyncColour,
  type SyncNodeView,
  type SyncReferenceView,
  type SyncRegionView,
} from "./overview.js";

/** What each dot colour means (§4.12.1), in the order the legends list them. */
export const LEGEND: readonly (readonly [SyncColour, string])[] = [
  ["green", "synchronized"],
  ["yellow", `synchronized, RSSI < ${POOR_RSSI_DBM} dBm or FER > ${POOR_FER_PCT}%`],
  ["red", "unsynchronized"],
  ["grey", "reference sync RFPI"],
];

/** At most one decimal: the FER is a long-term average (§4.12.1) and needs no more. */
export const num = (x: number): string => String(Math.round(x * 10) / 10);

export const rssiText = (dbm: number | undefined): string => (dbm === undefined ? "" : `${num(dbm)} dBm`);
export const ferText = (pct: number | undefined): string => (pct === undefined ? "" : `FER ${num(pct)}%`);

/** The words after a radio's numbers: its role when it has one, its state when not synchronized (§4.12.3). */
export function remarks(node: SyncNodeView, follows?: string): string[] {
  const words: string[] = [];
  if (node.role === "active-master") words.push("active sync master");
  if (node.role === "standby-candidate") words.push("standby candidate");
  if (node.state !== "synchronized") words.push(node.state);
  if (follows !== undefined) words.push(`follows ${follows}`);
  return words;
}

export function referenceText(ref: SyncReferenceView): string {
  const where = ref.region === undefined ? "" : `, region ${ref.region}`;
  return `reference sync${where}, ${ref.locked ? "locked" : "not locked"}`;
}

/** "b1-r01 10A5E0B010" for the active sync master, its RFPI alone when no radio of the region holds it. */
export function masterText(region: SyncRegionView): string {
  if (region.activeMaster === undefined) return "no active sync master";
  const node = region.nodes.find((n) => n.rfpi === region.activeMaster);
  return `active sync master ${node === undefined ? "" : `${node.name} `}${region.activeMaster}`;
}

/** The Statistics of Region Details (§4.12.1). */
export const statsParts = (region: SyncRegionView): string[] => [
  `Calculations ${region.stats.calculations}`,
  `Configurations ${region.stats.configurations}`,
  `Sync Lost ${region.stats.syncLost}`,
];

export const noteText = (node: SyncNodeView): string => node.note ?? "no reason given";
