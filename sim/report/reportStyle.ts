/**
 * The HTML report's style sheet, inlined into the page (no fetch of any kind): a calm page on screen, and on paper
 * A4 landscape with every chart, tree and table kept whole where it fits.
 */
export const REPORT_CSS = `
:root { --ink: #1f2933; --muted: #616e7c; --rule: #d9e2ec; --panel: #ffffff; --page: #f5f7fa; --accent: #2f5d8a; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
header { background: var(--accent); color: #fff; padding: 20px 32px 16px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 0; opacity: .85; }
main { max-width: 980px; margin: 0 auto; padding: 20px 24px 40px; }
section { background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 14px 18px;
  margin: 0 0 18px; }
h2 { font-size: 16px; margin: 0 0 10px; color: var(--accent); }
h3 { font-size: 14px; margin: 4px 0 2px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 0 0 18px; }
.card { flex: 1 1 150px; background: var(--panel); border: 1px solid var(--rule); border-radius: 6px; padding: 10px 14px; }
.card b { display: block; font-size: 22px; font-weight: 600; }
.card span { color: var(--muted); font-size: 12px; }
figure { margin: 0 0 14px; }
figure:last-child { margin-bottom: 0; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .grid { stroke: #e4e7eb; stroke-width: 1; }
svg.chart .axis { stroke: #9aa5b1; stroke-width: 1; }
svg.chart .tick { font-size: 10px; fill: var(--muted); }
svg.chart .series { stroke-width: 2; stroke-linejoin: round; }
svg.chart .marker { stroke: #c0392b; stroke-width: 1; stroke-dasharray: 4 3; }
svg.chart .marker-label { font-size: 10px; fill: #c0392b; }
figure.empty p { margin: 0; color: var(--muted); }
ul.legend { list-style: none; margin: 2px 0 0 44px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px;
  font-size: 12px; }
ul.legend li { display: flex; align-items: center; gap: 6px; }
ul.legend i { display: inline-block; width: 14px; height: 4px; border-radius: 2px; }
ul.legend em { font-style: normal; color: var(--muted); }
.tree { overflow-x: auto; }
.tree svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.t { white-space: nowrap; text-align: right; font-variant-numeric: tabular-nums; color: var(--muted); }
table.timeline td:nth-child(2) { white-space: nowrap; }
tr.fault td { background: #fdf1f0; }
tr.alarm td.what { color: #a61b1b; }
tr.alarm-cleared td.what { color: #1d7a3a; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 10px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11px; }
  header { background: none; color: var(--ink); padding: 0 0 8px; border-bottom: 2px solid var(--accent); }
  main { max-width: none; padding: 8px 0 0; }
  section, .card { border-color: #bbb; break-inside: avoid; }
  section.long { break-inside: auto; }
  figure { break-inside: avoid; }
  tr { break-inside: avoid; }
  .tree { overflow: visible; }
}
`;
