import type { SyncColour, SyncOverview } from "./overview.js";
import { panelOf, type Line, type Panel } from "./overviewSvgRows.js";
import { LEGEND } from "./overviewWords.js";
import { el, px, xml } from "./svg.js";

/** §4.12.1 dot colours. */
export const FILL: Record<SyncColour, string> = { green: "#2e9d44", yellow: "#e0b000", red: "#d33", grey: "#999" };

const FONT = 11;
/** Advance of one character of a monospace font: 0.6 em in DejaVu Sans Mono, Menlo and Consolas alike. */
const CHAR = FONT * 0.6;
const ROW = 16;
const INDENT = 16;
const DOT = 4.5;
const MARGIN = 16;
const PAD = 12;
const HEAD = 42;
const GAP = 16;
const COL_GAP = 18;
const TEXT = "#222";
const EDGE = "#8a8a8a";
const STRIPE = "#f2f4f7";
const HEADINGS = { rssi: "RSSI", fer: "FER", lost: "Sync lost" } as const;

const chars = (s: string) => [...s].length;

/** x of each column, shared by all panels so that they line up from region to region. */
interface Columns {
  readonly rfpi: number;
  /** Right edges: numbers are right-aligned. */
  readonly rssi: number;
  readonly fer: number;
  readonly lost: number;
  readonly notes: number;
  readonly width: number;
}

const X0 = MARGIN + PAD;
const dotX = (l: Line) => X0 + l.indent * INDENT + DOT;
const nameX = (l: Line) => dotX(l) + DOT + 5;

function columnsOf(lines: readonly Line[], headers: readonly string[]): Columns {
  const widest = (f: (l: Line) => string, heading: string) =>
    Math.max(chars(heading), ...lines.map((l) => chars(f(l))));
  const rfpi = Math.max(X0 + chars("Radio") * CHAR, ...lines.map((l) => nameX(l) + chars(l.name) * CHAR)) + COL_GAP;
  const rssi = rfpi + widest((l) => l.rfpi, "RFPI") * CHAR + COL_GAP + widest((l) => l.rssi, HEADINGS.rssi) * CHAR;
  const fer = rssi + COL_GAP + widest((l) => l.fer, HEADINGS.fer) * CHAR;
  const lost = fer + COL_GAP + chars(HEADINGS.lost) * CHAR;
  const notes = lost + COL_GAP;
  const width = Math.max(
    notes + widest((l) => l.notes, "") * CHAR + PAD + MARGIN,
    ...headers.map((h) => X0 + chars(h) * CHAR + PAD + MARGIN),
  );
  return { rfpi, rssi, fer, lost, notes, width: Math.ceil(width) };
}

const baseline = (top: number) => top + ROW / 2 + 4;

function drawNode(l: Line, region: number, top: number, cols: Columns): string {
  const y = baseline(top);
  const cell = (x: number, text: string, anchor?: string, fill?: string) =>
    text === "" ? "" : el("text", { x, y, "text-anchor": anchor, fill }, xml(text));
  return el(
    "g",
    {
      class: `node ${l.colour}${l.kind === "radio" ? "" : ` ${l.kind}`}`,
      "data-rfpi": l.rfpi,
      "data-name": l.name,
      "data-region": region,
    },
    el("title", {}, xml(l.title)),
    // Invisible, but it makes the whole row answer the mouse with the pop-up, not only the glyphs.
    el("rect", {
      x: MARGIN + 1,
      y: top,
      width: cols.width - 2 * MARGIN - 2,
      height: ROW,
      fill: "#fff",
      "fill-opacity": 0,
    }),
    el("circle", { cx: dotX(l), cy: top + ROW / 2, r: DOT, fill: FILL[l.colour], stroke: "#444", "stroke-width": 0.6 }),
    cell(nameX(l), l.name, undefined, l.kind === "reference" ? "#666" : undefined),
    cell(cols.rfpi, l.rfpi),
    cell(cols.rssi, l.rssi, "end"),
    cell(cols.fer, l.fer, "end"),
    cell(cols.lost, l.lost, "end"),
    cell(cols.notes, l.notes, undefined, l.alert ? FILL.red : "#555"),
  );
}

/** Elbow from below the source's dot down to the radio's row and right to its dot. */
function drawEdge(from: Line, fromTop: number, to: Line, toTop: number, region: number): string {
  const kind = from.kind === "reference" ? (to.dashed ? " reference not-locked" : " reference") : "";
  const d = `M${px(dotX(from))} ${px(fromTop + ROW / 2 + DOT)}V${px(toTop + ROW / 2)}H${px(dotX(to) - DOT)}`;
  return el("path", {
    class: `edge${kind}`,
    "data-from": from.rfpi,
    "data-to": to.rfpi,
    "data-region": region,
    d,
    fill: "none",
    stroke: EDGE,
    "stroke-dasharray": to.dashed ? "3 2" : undefined,
  });
}

function drawPanel(p: Panel, top: number, cols: Columns): { svg: string; height: number } {
  const r = p.region.region;
  const rowsTop = top + HEAD + ROW;
  const outsideTop = rowsTop + p.tree.length * ROW + (p.tree.length === 0 && p.outside.length === 0 ? ROW : 0);
  const height = outsideTop - top + (p.outside.length === 0 ? 0 : (p.outside.length + 1) * ROW) + PAD / 2;
  const width = cols.width - 2 * MARGIN;
  const at = (i: number) => rowsTop + i * ROW;
  const outAt = (i: number) => outsideTop + (i + 1) * ROW;
  const stripes = [...p.tree.map((_, i) => at(i)), ...p.outside.map((_, i) => outAt(i))]
    .filter((_, i) => i % 2 === 1)
    .map((y) => el("rect", { x: MARGIN + 1, y, width: width - 2, height: ROW, fill: STRIPE }));
  const heading = (x: number, text: string, anchor?: string) =>
    el("text", { x, y: baseline(top + HEAD), "text-anchor": anchor, fill: "#666", "font-weight": "bold" }, text);
  const parts = [
    el("rect", { x: MARGIN, y: top, width, height, rx: 4, fill: "#fff", stroke: "#c8ccd2" }),
    el("rect", { x: MARGIN + 0.5, y: top + 0.5, width: width - 1, height: HEAD, fill: "#e9edf2" }),
    el(
      "text",
      { x: X0, y: top + 17 },
      el("tspan", { "font-weight": "bold", "font-size": 13 }, `Region ${r}`),
      el("tspan", { dx: 12 }, xml(p.head[0])),
    ),
    el("text", { x: X0, y: top + 34, fill: "#444" }, xml(p.head[1])),
    heading(X0, "Radio"),
    heading(cols.rfpi, "RFPI"),
    heading(cols.rssi, HEADINGS.rssi, "end"),
    heading(cols.fer, HEADINGS.fer, "end"),
    heading(cols.lost, HEADINGS.lost, "end"),
    ...stripes,
    ...p.tree.flatMap((l, i) => (l.from === undefined ? [] : [drawEdge(p.tree[l.from]!, at(l.from), l, at(i), r)])),
    ...p.tree.map((l, i) => drawNode(l, r, at(i), cols)),
  ];
  if (p.tree.length === 0 && p.outside.length === 0)
    parts.push(el("text", { x: X0, y: baseline(rowsTop), fill: "#666" }, "no radios"));
  if (p.outside.length > 0)
    parts.push(
      el(
        "text",
        { x: X0, y: baseline(outsideTop), fill: FILL.red, "font-weight": "bold" },
        `Not in the tree (${p.outside.length})`,
      ),
      ...p.outside.map((l, i) => drawNode(l, r, outAt(i), cols)),
    );
  return { svg: el("g", { class: "region", "data-region": r }, ...parts), height };
}

/** The dots (§4.12.1) and the two kinds of edge, in one row under the title. */
function drawLegend(y: number): { svg: string; width: number } {
  const items: string[] = [];
  let x = MARGIN;
  for (const [colour, text] of LEGEND) {
    items.push(
      el(
        "g",
        { class: `legend-item ${colour}` },
        el("circle", { cx: x + DOT, cy: y, r: DOT, fill: FILL[colour], stroke: "#444", "stroke-width": 0.6 }),
        el("text", { x: x + 2 * DOT + 5, y: y + 4 }, xml(text)),
      ),
    );
    x += 2 * DOT + 5 + chars(text) * CHAR + COL_GAP;
  }
  for (const [text, dash] of [
    ["sync source", undefined],
    ["reference sync not locked", "3 2"],
  ] as const) {
    items.push(
      el("path", { d: `M${px(x)} ${y}h24`, fill: "none", stroke: EDGE, "stroke-dasharray": dash }),
      el("text", { x: x + 30, y: y + 4 }, text),
    );
    x += 30 + chars(text) * CHAR + COL_GAP;
  }
  return { svg: el("g", { class: "legend" }, ...items), width: x - COL_GAP + MARGIN };
}

/**
 * The Air Sync Overview (§4.12.1) as a standalone SVG 1.1 picture: a legend, then one panel per region stacked top to
 * bottom, each an indented tree with the active sync master at the left and one 16 px row per radio, so that 2047
 * radios still read as a list. Each radio is `<g class="node {colour}" data-rfpi data-name data-region>` with its
 * sync candidates in a `<title>` (the browser's tooltip stands in for the pop-up of IPBS Details); each drawn sync
 * source is `<path class="edge" data-from data-to>`.
 */
export function syncTreeSvg(o: SyncOverview): string {
  const names = new Map<string, string>();
  for (const r of o.regions) {
    for (const n of r.nodes) if (!names.has(n.rfpi)) names.set(n.rfpi, n.name);
    if (r.reference?.name !== undefined && !names.has(r.reference.rfpi)) names.set(r.reference.rfpi, r.reference.name);
  }
  const panels = o.regions.map((r) => panelOf(r, names));
  const legendTop = MARGIN + 44;
  const legend = drawLegend(legendTop + DOT);
  const cols = columnsOf(
    panels.flatMap((p) => [...p.tree, ...p.outside]),
    panels.flatMap((p) => [`Region ${p.region.region}  ${p.head[0]}`, p.head[1]]),
  );
  const width = Math.max(cols.width, Math.ceil(legend.width));
  const fullCols = { ...cols, width };
  let y = legendTop + 2 * DOT + GAP;
  const drawn: string[] = [];
  for (const p of panels) {
    const { svg, height } = drawPanel(p, y, fullCols);
    drawn.push(svg);
    y += height + GAP;
  }
  if (panels.length === 0) drawn.push(el("text", { x: MARGIN, y: y + 12, fill: "#666" }, "no regions"));
  const height = Math.ceil(y + (panels.length === 0 ? ROW : 0) + MARGIN - GAP);
  const title = `Air Sync Overview, System ID ${o.systemId}`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    el(
      "svg",
      {
        xmlns: "http://www.w3.org/2000/svg",
        version: "1.1",
        width,
        height,
        viewBox: `0 0 ${width} ${height}`,
        "font-family": "DejaVu Sans Mono, Menlo, Consolas, monospace",
        "font-size": FONT,
        fill: TEXT,
      },
      el("title", {}, xml(title)),
      el("rect", { width, height, fill: "#fff" }),
      el("text", { x: MARGIN, y: MARGIN + 12, "font-size": 15, "font-weight": "bold" }, xml(title)),
      el(
        "text",
        { x: MARGIN, y: MARGIN + 30, fill: "#555" },
        xml(`§4.12.1 · max depth ${o.maxDepth} · hover over a radio for its sync candidates (RSSI, FER)`),
      ),
      legend.svg,
      ...drawn,
    ) +
    "\n"
  );
}
