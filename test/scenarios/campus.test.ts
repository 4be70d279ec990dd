import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ROOT, runIpdect } from "../helpers/cli.js";
import type { FleetReport } from "../../sim/Fleet.js";
import { campusFleetYaml } from "../../sim/generators/campus.js";
import type { SyncOverview } from "../../src/sync/overview.js";
import { FILL } from "../../src/sync/overviewSvg.js";
import { classesOf, findAll, parseXml } from "../sync/xmlScan.js";
import { exampleYaml } from "../helpers/sim.js";

const dir = mkdtempSync(join(tmpdir(), "ipdect-campus-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("examples/campus.yaml is what campusFleetYaml generates", () => {
  assert.equal(exampleYaml("campus.yaml"), campusFleetYaml());
});

test("ipdect sim examples/campus.yaml draws the Air Sync Overview: every radio a dot, every source an edge (§4.12.1)", () => {
  const r = runIpdect(
    ["sim", join(ROOT, "examples/campus.yaml"), "--until", "150s", "--quiet"].concat([
      "--sync-svg",
      "campus.svg",
      "--report",
      "campus.json",
    ]),
    dir,
  );
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(readFileSync(join(dir, "campus.json"), "utf8")) as FleetReport;
  const sync = (report.devices["pari"] as { sync: SyncOverview }).sync;
  assert.deepEqual(
    sync.regions.map((g) => [g.region, g.nodes.length, g.reference?.name, g.reference?.locked]),
    [
      [1, 99, undefined, undefined],
      [2, 99, "a-1-m11", true],
      [3, 99, "a-1-s10", true],
    ],
  );
  const doc = parseXml(readFileSync(join(dir, "campus.svg"), "utf8"));
  const nodes = findAll(doc, (e) => e.name === "g" && classesOf(e).includes("node"));
  const edges = findAll(doc, (e) => e.name === "path" && classesOf(e).includes("edge"));
  const byColour = (c: string) => nodes.filter((g) => classesOf(g)[1] === c);
  assert.equal(nodes.length, 297 + 2, "297 radios and 2 reference RFPIs");
  assert.equal(byColour("grey").length, 2);
  assert.equal(byColour("red").length, 0, "every radio synchronized after 150 s");
  const expectedYellow = sync.regions.flatMap((g) => g.nodes).filter((n) => n.colour === "yellow").length;
  assert.equal(byColour("yellow").length, expectedYellow);
  assert.equal(byColour("green").length, 297 - expectedYellow);
  for (const g of nodes) {
    const dot = g.children.find((c) => c.name === "circle")!;
    assert.equal(dot.attrs["fill"], FILL[classesOf(g)[1] as keyof typeof FILL]);
  }
  // One edge per radio below an active sync master, plus one per reference.
  assert.equal(edges.length, 297 - 3 + 2);
  const rfpis = new Set(nodes.map((g) => g.attrs["data-rfpi"]));
  for (const e of edges) assert.ok(rfpis.has(e.attrs["data-from"]) && rfpis.has(e.attrs["data-to"]));
});
