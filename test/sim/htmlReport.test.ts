import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { htmlReport } from "../../sim/report/htmlReport.js";
import { reportCharts } from "../../sim/report/series.js";
import { launchChromium, screenshot } from "../helpers/browser.js";
import { exampleYaml, startFleet } from "../helpers/sim.js";

/**
 * The HTML report of the demo fleet (examples/redundancy.yaml: the Master stops at 60 s and is back at 120 s) in
 * Debian's headless Chromium: the charts are in the DOM with their series, titles and legends, and the page asks the
 * network for nothing. GUI_SCREENSHOTS=<dir> keeps the picture to look at (test/helpers/browser.ts).
 */
describe("ipdect sim --html (issue 19, 3)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ipdect-html-"));
  const file = join(dir, "report.html");
  let html = "";
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  before(async () => {
    const fleet = await startFleet(exampleYaml("redundancy.yaml"));
    await fleet.runUntil(180_000);
    const report = fleet.report();
    await fleet.close();
    html = htmlReport(fleet.events.events, report);
    writeFileSync(file, html);
    browser = await launchChromium([]);
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("self-contained: no external reference in the file, and no request but the page itself", () => {
    assert.doesNotMatch(html, /\s(src|href)=|@import|url\(/);
    assert.deepEqual(requests, [pathToFileURL(file).href]);
  });

  test("each chart is an SVG with its title, a path and a legend entry per series, and the fault markers", async () => {
    // The demo fleet has no handsets and no SIP users: those charts say so in one line.
    assert.deepEqual(await page.locator("figure.empty h3").allTextContents(), [
      "Handsets located per Master (§3.14)",
      "Users registered per proxy (§4.6.23)",
      "Users failing to register per Master (0x00030202)",
    ]);
    const charts = await page.$$eval("figure:not(.empty)", (figs) =>
      figs.map((f) => ({
        id: f.querySelector("svg.chart")?.getAttribute("data-chart"),
        title: f.querySelector("svg.chart > title")?.textContent,
        heading: f.querySelector("h3")?.textContent,
        series: [...f.querySelectorAll("path.series")].map((p) => p.getAttribute("data-series")),
        legend: [...f.querySelectorAll("ul.legend li")].map((li) => li.textContent),
        markers: f.querySelectorAll("line.marker").length,
      })),
    );
    assert.deepEqual(
      charts.map((c) => c.id),
      ["radios", "sync", "alarms"],
    );
    for (const c of charts) {
      assert.equal(c.title, c.heading);
      assert.equal(c.legend.length, c.series.length);
      assert.equal(c.markers, 2, "stop master at 60 s, start master at 120 s");
    }
    const radios = charts[0]!;
    assert.deepEqual(radios.series, ["master", "standby"]);
    assert.deepEqual(radios.legend, ["master 4 at the end", "standby 0 at the end"]);
    assert.deepEqual(charts[1]!.series, ["region 0"]);
    assert.deepEqual(charts[2]!.series, ["0x00030201 Standby master active"]);
  });

  test("the radios chart follows the failover: 4 at the Master, then 4 at the Standby, then back", () => {
    const fleetEvents = reportCharts([
      { t: 1000, device: "master", kind: "radio-registered", radio: "radio-1", mac: "m1" },
      { t: 60_000, device: "master", kind: "state", role: "device", state: "stopped" },
      { t: 62_000, device: "standby", kind: "radio-registered", radio: "radio-1", mac: "m1" },
    ]);
    assert.deepEqual(fleetEvents[0]!.series, [
      {
        name: "master",
        points: [
          [0, 0],
          [1000, 1],
          [60_000, 0],
        ],
      },
      {
        name: "standby",
        points: [
          [0, 0],
          [62_000, 1],
        ],
      },
    ]);
  });

  test("users per proxy follow the registration events: registered, moved to the other proxy, the Master stopped", () => {
    const reg = (t: number, device: string, user: string, event: string, proxy: string) =>
      ({ t, device, kind: "registration", user, event, proxy }) as unknown as DeviceEvent;
    const charts = reportCharts(
      [
        reg(1000, "master", "2000", "registered", "udp:10.0.9.1:5060"),
        reg(1000, "master", "2001", "registered", "udp:10.0.9.1:5060"),
        reg(5000, "master", "2001", "moved", "udp:10.0.9.2:5060"),
        { t: 9000, device: "master", kind: "state", role: "device", state: "stopped" },
      ],
      { pbx: [{ name: "pbx1", ip: "10.0.9.1" }] },
    );
    assert.deepEqual(charts.find((c) => c.id === "users")!.series, [
      {
        name: "pbx1 (udp:10.0.9.1:5060)",
        points: [
          [0, 0],
          [1000, 2],
          [5000, 1],
          [9000, 0],
        ],
      },
      {
        name: "udp:10.0.9.2:5060",
        points: [
          [0, 0],
          [5000, 1],
          [9000, 0],
        ],
      },
    ]);
  });

  test("the sync tree, the folded timeline and the device table are on the page", async () => {
    assert.equal(await page.locator("div.tree svg").count(), 1);
    const timeline = await page.locator("table.timeline tbody tr").allTextContents();
    assert.ok(
      timeline.some((r) => /4 × radio without a Master for 7\d\d–7\d\d ms, then on 127\.0\.1\.2/.test(r)),
      timeline.join("\n"),
    );
    assert.ok(timeline.some((r) => /fault.*master: action=stop/.test(r)));
    assert.equal(await page.locator("table.devices tbody tr").count(), 6);
  });

  test("it prints: a PDF of a few A4 landscape pages; the screenshot is taken for a look by eye", async () => {
    const png = join(dir, "report.png");
    await page.screenshot({ path: png, fullPage: true });
    assert.ok(statSync(png).size > 10_000);
    await screenshot(page, "sim-html-report");
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0;
    assert.ok(pages >= 2 && pages <= 8, `${pages} pages`);
  });
});
