/** The rows of the Air Sync Overview picture (§4.12.1): what each row of a region panel says, before overviewSvg.ts places it. */
import type { SyncColour, SyncNodeView, SyncRegionView } from "./overview.js";
import { regionTree } from "./overviewTree.js";
import { ferText, masterText, noteText, num, referenceText, remarks, rssiText, statsParts } from "./overviewWords.js";

/** One row of a region panel, before it is placed. */
export interface Line {
  readonly colour: SyncColour;
  /** A radio in the tree, the reference sync RFPI, or a radio outside the tree; the last two are also classes. */
  readonly kind: "radio" | "reference" | "outside";
  readonly name: string;
  readonly rfpi: string;
  readonly indent: number;
  /** The row drawn as this one's sync source, and whether that edge is dashed (reference sync not locked). */
  readonly from?: number;
  readonly dashed?: boolean;
  readonly rssi: string;
  readonly fer: string;
  readonly lost: string;
  readonly notes: string;
  readonly alert: boolean;
  readonly title: string;
}

export interface Panel {
  readonly region: SyncRegionView;
  readonly head: readonly [string, string];
  readonly tree: readonly Line[];
  readonly outside: readonly Line[];
}

/** The pop-up of IPBS Details (§4.12.1): the sync candidates a radio hears, with RSSI and FER. */
function candidatesText(node: SyncNodeView, names: ReadonlyMap<string, string>): string {
  const list = node.candidates.map(
    (c) => `${c.rfpi} ${names.get(c.rfpi) ?? "?"}  ${rssiText(c.rssi)}  ${ferText(c.fer)}`,
  );
  return list.length === 0 ? "no sync candidates heard" : ["Sync candidates (RSSI, FER):", ...list].join("\n");
}

type Placement = Pick<Line, "kind" | "indent" | "from" | "dashed">;

function nodeLine(node: SyncNodeView, names: ReadonlyMap<string, string>, at: Placement, notes: string[]): Line {
  const said = notes.length === 0 ? "" : `: ${notes.join(", ")}`;
  return {
    ...at,
    colour: node.colour,
    name: node.name,
    rfpi: node.rfpi,
    rssi: node.rssi === undefined ? "" : `${num(node.rssi)} dBm`,
    fer: node.fer === undefined ? "" : `${num(node.fer)}%`,
    lost: String(node.syncLost),
    notes: notes.join(", "),
    alert: node.colour === "red" || at.kind === "outside",
    title: `${node.name} ${node.rfpi}${said}; sync lost ${node.syncLost}\n${candidatesText(node, names)}`,
  };
}

/**
 * A region's rows: the reference sync RFPI on top (grey, §4.12.1) with the active sync master hanging from it, the
 * tree below, then the radios that are not in it.
 */
export function panelOf(region: SyncRegionView, names: ReadonlyMap<string, string>): Panel {
  const tree = regionTree(region);
  const ref = region.reference;
  const lines: Line[] = [];
  if (ref !== undefined)
    lines.push({
      colour: "grey",
      kind: "reference",
      name: ref.name ?? "reference",
      rfpi: ref.rfpi,
      indent: 0,
      rssi: "",
      fer: "",
      lost: "",
      notes: referenceText(ref),
      alert: !ref.locked,
      title: `Reference sync RFPI ${ref.rfpi}${ref.name === undefined ? "" : ` ${ref.name}`}: ${referenceText(ref)}`,
    });
  const index = new Map<SyncNodeView, number>();
  let under = false;
  for (const row of tree.rows) {
    if (row.depth === 0) under = ref !== undefined && row.node === tree.master;
    const from = row.parent !== undefined ? index.get(row.parent) : under ? 0 : undefined;
    const dashed = row.parent === undefined && under && ref?.locked === false;
    index.set(row.node, lines.length);
    const at = { kind: "radio", indent: row.depth + (under ? 1 : 0), from, ...(dashed && { dashed }) } as const;
    lines.push(nodeLine(row.node, names, at, remarks(row.node, row.follows)));
  }
  const outside = tree.outside.map((n) =>
    nodeLine(n, names, { kind: "outside", indent: 0 }, [...remarks(n), noteText(n)]),
  );
  return {
    region,
    head: [
      masterText(region),
      [...statsParts(region), `${region.nodes.length} radios, ${tree.rows.length} in the tree`].join(" · "),
    ],
    tree: lines,
    outside,
  };
}
