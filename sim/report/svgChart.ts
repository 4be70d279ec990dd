import { el, px, xml } from "../../src/sync/svg.js";
import type { Chart, Marker, Series } from "./series.js";

/** Tableau 10: distinct on screen, in grey print and for the common colour blindnesses. */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
] as const;

export const colourOf = (i: number): string => PALETTE[i % PALETTE.length]!;

const WIDTH = 860;
const HEIGHT = 220;
const LEFT = 44;
const RIGHT = 14;
const TOP = 18;
const BOTTOM = 26;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

/** 1, 2 or 5 times a power of ten: the smallest such step that gives at most `count` steps over `span`. */
export function niceStep(span: number, count: number): number {
  const raw = Math.max(span, 1) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
}

/** Time steps a person counts in: seconds, then 15 s, 30 s, minutes, 5, 10, 15, 30 minutes, hours. */
const TIME_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

function timeStep(endMs: number): number {
  const s = endMs / 1000 / 8;
  return (TIME_STEPS_S.find((x) => x >= s) ?? Math.ceil(s / 3600) * 3600) * 1000;
}

/** `90 s` under 2 minutes, `1:30` (minutes:seconds) after, `1:00:00` from an hour. */
export function timeLabel(ms: number, endMs: number): string {
  const s = Math.round(ms / 1000);
  if (endMs < 120_000) return `${s} s`;
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 || endMs >= 3_600_000 ? `${Math.floor(s / 3600)}:${mm.padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}

/** The line of one series as steps: each value holds until the next point, the last until the end of the run. */
function stepPath(s: Series, x: (t: number) => number, y: (v: number) => number, endMs: number): string {
  let d = "";
  let prev: number | undefined;
  for (const [t, v] of s.points) {
    d += prev === undefined ? `M${px(x(t))} ${px(y(v))}` : `H${px(x(t))}V${px(y(v))}`;
    prev = v;
  }
  return `${d}H${px(x(endMs))}`;
}

/**
 * A step chart of counts over virtual time as inline SVG: grid, axes with labels, one coloured path per series
 * (`class="series"`, `data-series` its name) and a dashed marker with its label for each fault of the run.
 */
export function chartSvg(chart: Chart, markers: readonly Marker[], endMs: number): string {
  const max = Math.max(1, ...chart.series.flatMap((s) => s.points.map(([, v]) => v)));
  // Counts are whole: never a step below one.
  const yStep = Math.max(1, niceStep(max, 4));
  const yMax = Math.ceil(max / yStep) * yStep;
  const end = Math.max(endMs, 1);
  const x = (t: number) => LEFT + (Math.min(t, end) / end) * PLOT_W;
  const y = (v: number) => TOP + PLOT_H - (v / yMax) * PLOT_H;
  const parts: string[] = [el("title", {}, xml(chart.title))];
  for (let v = 0; v <= yMax; v += yStep) {
    parts.push(el("line", { class: "grid", x1: LEFT, x2: LEFT + PLOT_W, y1: y(v), y2: y(v) }));
    parts.push(el("text", { class: "tick", x: LEFT - 6, y: y(v) + 4, "text-anchor": "end" }, String(v)));
  }
  const tStep = timeStep(end);
  for (let t = 0; t <= end; t += tStep) {
    parts.push(el("line", { class: "axis", x1: x(t), x2: x(t), y1: TOP + PLOT_H, y2: TOP + PLOT_H + 4 }));
    parts.push(el("text", { class: "tick", x: x(t), y: HEIGHT - 8, "text-anchor": "middle" }, timeLabel(t, end)));
  }
  parts.push(el("line", { class: "axis", x1: LEFT, x2: LEFT + PLOT_W, y1: TOP + PLOT_H, y2: TOP + PLOT_H }));
  for (const m of markers) {
    parts.push(el("line", { class: "marker", x1: x(m.t), x2: x(m.t), y1: TOP - 4, y2: TOP + PLOT_H }));
    parts.push(el("text", { class: "marker-label", x: x(m.t) + 3, y: TOP - 6 }, xml(m.label)));
  }
  chart.series.forEach((s, i) =>
    parts.push(
      el("path", {
        class: "series",
        "data-series": s.name,
        d: stepPath(s, x, y, end),
        stroke: colourOf(i),
        fill: "none",
      }),
    ),
  );
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      "aria-label": chart.title,
      class: "chart",
      "data-chart": chart.id,
    },
    ...parts,
  );
}
