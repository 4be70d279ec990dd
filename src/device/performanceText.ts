import { formatTable, listText } from "../core/textTable.js";
import { formatElapsed, formatTime } from "../core/timeText.js";
import type { PerformanceSeries, PerformanceView } from "./PerformanceHistory.js";

/** A value for people: whole numbers as they are, CPU and MEM to one decimal. */
const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** One row of the summary: the parameter, its maximum possible value, and its lowest, highest and last sample. */
function summaryRow(s: PerformanceSeries): string[] {
  const max = s.max === null ? "-" : `${num(s.max)} ${s.unit}`;
  if (!s.measured || s.values.length === 0) return [s.label, max, "-", "-", "-", s.note ?? ""];
  const last = s.values[s.values.length - 1]!;
  const lowest = s.values.reduce((a, b) => Math.min(a, b));
  const highest = s.values.reduce((a, b) => Math.max(a, b));
  return [s.label, max, num(lowest), num(highest), num(last), s.note ?? ""];
}

/**
 * `ipdect ctl performance` (GET /api/performance) for people: Diagnostics → Performance (§4.23.5) as a summary per
 * parameter, then one row per sample (oldest first) with a column per measured parameter.
 */
export function performanceText(v: PerformanceView): string {
  const head =
    `${v.times.length} samples, one every ${formatElapsed(v.intervalMs)}` +
    (v.times.length === 0 ? "" : `, ${formatTime(v.times[0]!)} to ${formatTime(v.times[v.times.length - 1]!)}`);
  const summary = formatTable([
    ["Parameter", "Max possible", "Lowest", "Highest", "Last", "Note"],
    ...v.series.map(summaryRow),
  ]);
  const columns = v.series.filter((s) => s.measured);
  const rows = v.times.map((t, i) => [formatTime(t), ...columns.map((s) => num(s.values[i]!))]);
  const header = ["Time", ...columns.map((s) => `${s.label} (${s.unit})`)];
  return `${head}\n\n${summary}\n\n${listText(header, rows, "no samples yet")}`;
}
