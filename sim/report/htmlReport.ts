import type { DeviceEvent } from "../../src/role/EventLog.js";
import type { SyncOverview } from "../../src/sync/overview.js";
import { syncTreeSvg } from "../../src/sync/overviewSvg.js";
import { xml } from "../../src/sync/svg.js";
import type { FleetReport } from "../Fleet.js";
import { activePariMaster, summaryRows } from "../summary.js";
import { foldedLine, foldItems, seconds } from "../timelineFold.js";
import { timelineItems } from "../timelineItems.js";
import { REPORT_CSS } from "./reportStyle.js";
import { faultMarkers, reportCharts, type Chart, type Marker } from "./series.js";
import { chartSvg, colourOf } from "./svgChart.js";
import { firmwareRows, updateServerRows, uploadRows } from "../updateSummary.js";

/**
 * The run as one self-contained HTML page (`ipdect sim --html`): charts over virtual time replayed from the event
 * log, the sync trees (§4.12.1) and the device table of the final report, and the folded timeline. Everything is
 * inline (style sheet and SVG drawn here): the page fetches nothing, so it opens offline, mails and prints as is.
 * It reads only the events and the report, never a running fleet, so a live lab's collected events serve as well.
 */
export function htmlReport(events: readonly DeviceEvent[], report: FleetReport): string {
  const sync = activePariMaster(report)?.sync;
  const charts = reportCharts(events, {
    ...(sync === undefined ? {} : { sync }),
    ...(report.pbx === undefined ? {} : { pbx: report.pbx }),
  });
  const markers = faultMarkers(events);
  const title = `ipdect sim: ${report.fleet}`;
  const body = [
    `<header><h1>${xml(report.fleet)}</h1><p>${xml(subtitle(events, report))}</p></header>`,
    "<main>",
    cards(report),
    section("Over time", charts.map((c) => figure(c, markers, report.t)).join("")),
    sync === undefined || sync.regions.length === 0 ? "" : section("Sync trees (§4.12.1)", trees(sync)),
    section("Timeline", timelineTable(events), "long"),
    section("Devices at the end", deviceTable(report), "long"),
    report.updateServers === undefined ? "" : section("Update servers (App. A)", updateTables(report), "long"),
    `<footer>Made by ipdect from ${events.length} events; all times are virtual, from the start of the run.</footer>`,
    "</main>",
  ];
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${xml(title)}</title><style>${REPORT_CSS}</style></head>`,
    `<body>${body.join("\n")}</body></html>`,
    "",
  ].join("\n");
}

function subtitle(events: readonly DeviceEvent[], r: FleetReport): string {
  const devices = Object.keys(r.devices).length;
  return `${devices} devices, seed ${r.seed}, ${seconds(r.t)} virtual, ${events.length} events`;
}

const section = (heading: string, content: string, cls?: string): string =>
  `<section${cls === undefined ? "" : ` class="${cls}"`}><h2>${xml(heading)}</h2>${content}</section>`;

/** The numbers a reader looks for first, at the end of the run. */
function cards(r: FleetReport): string {
  const up = Object.values(r.devices).filter((d) => d.up);
  const held = up.reduce(
    (n, d) =>
      n +
      ("master" in d && d.master !== undefined ? d.master.radios.filter((x) => x.standing === "registered").length : 0),
    0,
  );
  const alarms = up.reduce((n, d) => n + ("alarms" in d ? d.alarms.length : 0), 0);
  const list: [string, string][] = [
    [`${up.length} / ${Object.keys(r.devices).length}`, "devices up"],
    [String(held), "radios registered"],
    ...(r.handsets === undefined
      ? []
      : ([[`${r.handsets.located} / ${r.handsets.total}`, "handsets located"]] as [string, string][])),
    [String(alarms), "alarms active"],
    [String(r.checks.doubleRegistrations.length), "radios on two Masters"],
  ];
  return `<div class="cards">${list.map(([v, k]) => `<div class="card"><b>${xml(v)}</b><span>${xml(k)}</span></div>`).join("")}</div>`;
}

/** A chart with its legend; a chart with nothing to draw (no handsets in the fleet) is one line saying so. */
function figure(c: Chart, markers: readonly Marker[], endMs: number): string {
  if (c.series.length === 0) return `<figure class="empty"><h3>${xml(c.title)}</h3><p>None in this run.</p></figure>`;
  const legend = c.series
    .map((s, i) => {
      const last = s.points[s.points.length - 1]?.[1] ?? 0;
      return `<li><i style="background:${colourOf(i)}"></i>${xml(s.name)} <em>${last} at the end</em></li>`;
    })
    .join("");
  return `<figure><h3>${xml(c.title)}</h3>${chartSvg(c, markers, endMs)}<ul class="legend">${legend}</ul></figure>`;
}

/** One tree per region, as `ipdect sync-tree --svg --region` draws it. */
function trees(sync: SyncOverview): string {
  return sync.regions
    .map((r) => `<div class="tree">${syncTreeSvg({ ...sync, regions: [r] }).replace(/^<\?xml[^>]*>\s*/, "")}</div>`)
    .join("");
}

function timelineTable(events: readonly DeviceEvent[]): string {
  const rows = foldItems(timelineItems(events)).map((g) => {
    const { t, device, text } = foldedLine(g);
    const kind = g.first.key.startsWith("fault|") ? "fault" : (/^(alarm(-cleared)?)\b/.exec(g.first.text)?.[1] ?? "");
    return `<tr class="${kind}"><td class="t">${(t / 1000).toFixed(3)} s</td><td>${xml(device)}</td><td class="what">${xml(text)}</td></tr>`;
  });
  return `<table class="timeline"><thead><tr><th>time</th><th>device</th><th>what happened</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function deviceTable(r: FleetReport): string {
  return table(summaryRows(r));
}

/** The servers, their uploads (when any) and the firmware the devices run at the end (§4.15). */
function updateTables(r: FleetReport): string {
  const uploads = uploadRows(r);
  return [
    table(updateServerRows(r)),
    uploads.length === 1 ? "" : `<h3>Uploads (scfg, App. A.1.5)</h3>${table(uploads)}`,
    `<h3>Firmware at the end (§4.15)</h3>${table(firmwareRows(r))}`,
  ].join("");
}

/** A table of the device table's style, its first row the heading. */
function table([head, ...rows]: readonly (readonly string[])[]): string {
  const cells = (row: readonly string[], tag: string) => row.map((c) => `<${tag}>${xml(c)}</${tag}>`).join("");
  return `<table class="devices"><thead><tr>${cells(head!, "th")}</tr></thead><tbody>${rows.map((row) => `<tr>${cells(row, "td")}</tr>`).join("")}</tbody></table>`;
}
