import { formatTable, indent } from "../core/textTable.js";
import type { SyncColour, SyncNodeView, SyncOverview, SyncRegionView } from "./overview.js";
import { regionTree, type TreeRow } from "./overviewTree.js";
import {
  LEGEND,
  ferText,
  masterText,
  noteText,
  referenceText,
  remarks,
  rssiText,
  statsParts,
} from "./overviewWords.js";

/** The dot colours (§4.12.1) in plain text, so the tree survives a terminal without colour and a copy into a ticket. */
const SYMBOL: Record<SyncColour, string> = { green: "[G]", yellow: "[Y]", red: "[R]", grey: "[-]" };

/**
 * The rails in front of a row: "│  " under an ancestor whose siblings are still to come, then the row's own elbow.
 * A tree hanging from the reference sync RFPI (`underReference`) is one level deeper.
 */
function rails(row: TreeRow, underReference: boolean): string {
  const elbows = row.last.map((last, i) => (i === row.last.length - 1 ? (last ? "└─ " : "├─ ") : last ? "   " : "│  "));
  if (!underReference) return elbows.join("");
  return row.depth === 0 ? "└─ " : "   " + elbows.join("");
}

function regionText(region: SyncRegionView): string {
  const tree = regionTree(region);
  const head = `Region ${region.region} (${region.nodes.length} radios): ${masterText(region)}; ${statsParts(region).join("  ")}`;
  if (region.nodes.length === 0 && region.reference === undefined) return `${head}\n  no radios\n`;
  const ref = region.reference;
  const line = (lead: string, n: SyncNodeView, words: string[]) => [
    `${lead}${SYMBOL[n.colour]} ${n.name}`,
    n.rfpi,
    rssiText(n.rssi),
    ferText(n.fer),
    `lost ${n.syncLost}`,
    words.join(", "),
  ];
  let underReference = false;
  const rows = [
    ...(ref === undefined
      ? []
      : [[`${SYMBOL.grey} ${ref.name ?? "reference"}`, ref.rfpi, "", "", "", referenceText(ref)]]),
    ...tree.rows.map((r) => {
      if (r.depth === 0) underReference = ref !== undefined && r.node === tree.master;
      return line(rails(r, underReference), r.node, remarks(r.node, r.follows));
    }),
  ];
  const parts = [head];
  if (rows.length > 0) parts.push(indent(table(rows), "  "));
  if (tree.outside.length > 0)
    parts.push(
      `  Not in tree (${tree.outside.length})`,
      indent(table(tree.outside.map((n) => line("", n, [...remarks(n), noteText(n)]))), "    "),
    );
  return parts.join("\n") + "\n";
}

/**
 * formatTable with the RSSI column right-aligned, so the minus signs and decimal places line up, and without columns
 * that are empty in every row (radios outside the tree often have no sync bearer).
 */
function table(rows: string[][]): string {
  const width = Math.max(...rows.map((r) => r[2]!.length));
  const used = rows[0]!.map((_, i) => rows.some((r) => r[i] !== ""));
  return formatTable(rows.map((r) => r.map((c, i) => (i === 2 ? c.padStart(width) : c)).filter((_, i) => used[i])));
}

/**
 * The Air Sync Overview (§4.12.1) as text: per region a header with the active sync master and the region
 * statistics, the reference sync RFPI on top, then the tree with each radio's dot, name, RFPI, RSSI/FER of its sync
 * bearer and sync lost counter (IPBS Details), and the radios that are not in the tree with the reason.
 */
export function syncTreeText(o: SyncOverview): string {
  const legend = LEGEND.map(([c, text]) => `${SYMBOL[c]} ${text}`).join("  ");
  const head =
    `Air Sync Overview (§4.12.1), System ID ${o.systemId}, max depth ${o.maxDepth}, ` +
    `band ${o.band}, carriers ${o.carriers.join(",")}\n${legend}\n`;
  return [head, ...o.regions.map(regionText)].join("\n");
}
