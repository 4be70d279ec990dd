import { html, type View } from "../../html.js";

/** One parameter of GET /api/performance (src/device/PerformanceHistory.ts PerformanceSeries). */
export interface Series {
  readonly parameter: string;
  readonly label: string;
  readonly unit: string;
  readonly max: number | null;
  readonly measured: boolean;
  readonly note?: string;
  readonly values: readonly number[];
}

/** The time frame a graph shows, in the device's clock (ms since the epoch on a real node). */
export interface Frame {
  readonly start: number;
  readonly end: number;
  /** The frame in words, for the graphs' summaries. */
  readonly text: string;
}

/** The picture's size in its own units (it scales to the page's width). */
const W = 720;
const H = 200;
const PLOT = { left: 8, right: W - 8, top: 24, bottom: H - 24 };
/** A light line at every full hour of the frame. */
const HOUR_MS = 3_600_000;

/** A round top for a scale without a maximum (ETH0): the peak rounded up to 1, 2 or 5 times a power of ten. */
export function niceTop(peak: number): number {
  if (peak <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(peak));
  return [1, 2, 5, 10].map((m) => m * power).find((n) => n >= peak)!;
}

/** A number for people: whole numbers as they are, others to one decimal. */
const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

const clock = (t: number): string => new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/**
 * Runs of points closer than two sample intervals: a gap (the device was down) breaks the line rather than bridging
 * it with a slope that was never measured.
 */
function runs(points: readonly (readonly [number, number])[], gapMs: number): (readonly [number, number])[][] {
  const out: (readonly [number, number])[][] = [];
  points.forEach((p, i) => {
    if (i === 0 || p[0] - points[i - 1]![0] > gapMs) out.push([]);
    out[out.length - 1]!.push(p);
  });
  return out;
}

/** What a screen reader hears of a graph: the frame, and the lowest, highest and last value in it. */
function summary(s: Series, values: readonly number[], frame: Frame): string {
  if (!s.measured) return `${s.label}: ${s.note ?? "not measured"}`;
  if (values.length === 0) return `${s.label}, ${frame.text}: no samples in this time frame`;
  const unit = s.unit === "%" ? "%" : ` ${s.unit}`;
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  return `${s.label}, ${frame.text}: lowest ${num(lowest)}${unit}, highest ${num(highest)}${unit}, last ${num(values[values.length - 1]!)}${unit}`;
}

interface Props {
  readonly series: Series;
  readonly times: readonly number[];
  readonly frame: Frame;
  readonly intervalMs: number;
}

/**
 * One parameter's line graph over a time frame (§4.23.5): the maximum possible value at the top left (for ETH0, which
 * has none, the top of the scale: the day's peak rounded up), the frame's start and end below.
 */
export function PerformanceGraph({ series: s, times, frame, intervalMs }: Props): View {
  const top = s.max ?? niceTop(Math.max(0, ...s.values));
  const inFrame = s.measured
    ? times.flatMap((t, i) => (t >= frame.start && t <= frame.end ? [[t, s.values[i]!] as const] : []))
    : [];
  const x = (t: number) => PLOT.left + ((t - frame.start) / (frame.end - frame.start)) * (PLOT.right - PLOT.left);
  const y = (v: number) => PLOT.bottom - (Math.min(v, top) / top) * (PLOT.bottom - PLOT.top);
  const lines = runs(inFrame, 2 * intervalMs).map((run) =>
    run.length === 1
      ? html`<circle cx=${x(run[0]![0])} cy=${y(run[0]![1])} r="3" fill="#0a6fb0" />`
      : html`<polyline
          points=${run.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}
          fill="none"
          stroke="#0a6fb0"
          stroke-width="2"
        />`,
  );
  const unit = s.unit === "%" ? " %" : ` ${s.unit}`;
  const first = Math.ceil(frame.start / HOUR_MS) * HOUR_MS;
  const hours = Array.from({ length: Math.floor((frame.end - first) / HOUR_MS) + 1 }, (_, i) => first + i * HOUR_MS);
  return html`<figure style="margin: 1rem 0">
    <figcaption>${s.label}${s.note === undefined ? null : html` <small>(${s.note})</small>`}</figcaption>
    <svg
      viewBox=${`0 0 ${W} ${H}`}
      role="img"
      aria-label=${summary(
        s,
        inFrame.map(([, v]) => v),
        frame,
      )}
      style="width: 100%; max-width: 48rem; background: #fff; border: 1px solid #d5dbe1"
    >
      <line x1=${PLOT.left} y1=${PLOT.top} x2=${PLOT.right} y2=${PLOT.top} stroke="#d5dbe1" />
      ${hours.map((t) => html`<line x1=${x(t)} y1=${PLOT.top} x2=${x(t)} y2=${PLOT.bottom} stroke="#eef0f2" />`)}
      <line x1=${PLOT.left} y1=${PLOT.bottom} x2=${PLOT.right} y2=${PLOT.bottom} stroke="#5b6774" />
      <text x=${PLOT.left} y="16" font-size="13" fill="#1d2630">${num(top)}${unit}</text>
      <text x=${PLOT.left} y=${H - 6} font-size="12" fill="#5b6774">${clock(frame.start)}</text>
      <text x=${PLOT.right} y=${H - 6} font-size="12" fill="#5b6774" text-anchor="end">${clock(frame.end)}</text>
      ${lines}
    </svg>
  </figure>`;
}
