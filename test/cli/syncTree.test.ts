import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runIpdect } from "../helpers/cli.js";
import { fixtureOverview } from "../sync/fixtures.js";
import { classesOf, findAll, parseXml } from "../sync/xmlScan.js";

const dir = mkdtempSync(join(tmpdir(), "ipdect-sync-tree-"));
const ipdect = (...args: string[]) => runIpdect(args, dir);
const file = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return name;
};

describe("ipdect sync-tree (command line)", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));
  const site = fixtureOverview(60);
  const fixture = file("fixture.json", JSON.stringify(site));

  test("an overview file gives the text tree on stdout and, with --svg, the picture", () => {
    const r = ipdect("sync-tree", fixture, "--svg", "out.svg");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Air Sync Overview \(§4\.12\.1\), System ID 12/);
    for (const region of site.regions) assert.match(r.stdout, new RegExp(`^Region ${region.region} `, "m"));
    const svg = parseXml(readFileSync(join(dir, "out.svg"), "utf8"));
    const nodes = findAll(svg, (e) => e.name === "g" && classesOf(e).includes("node"));
    assert.equal(
      nodes.length,
      site.regions.reduce((n, g) => n + g.nodes.length + (g.reference ? 1 : 0), 0),
    );
  });

  test("a fleet report: the first device whose status holds a sync overview, and --region picks one region", () => {
    const report = { devices: { radio1: { up: true, radio: {} }, pari: { up: true, sync: site } } };
    const r = ipdect("sync-tree", file("report.json", JSON.stringify(report)), "--region", "1", "--svg", "r1.svg");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^PARI Master pari\n/);
    assert.match(r.stdout, /^Region 1 /m);
    assert.doesNotMatch(r.stdout, /^Region [02] /m);
    const regions = findAll(parseXml(readFileSync(join(dir, "r1.svg"), "utf8")), (e) =>
      classesOf(e).includes("region"),
    );
    assert.deepEqual(
      regions.map((g) => g.attrs["data-region"]),
      ["1"],
    );
  });

  test("bad input fails with exit code 2 and says which file and what is wrong, writing no picture", () => {
    const region0 = site.regions[0]!;
    const noRfpi = { ...site, regions: [{ ...region0, nodes: [{ ...region0.nodes[0]!, rfpi: undefined }] }] };
    const cases: [string, string, RegExp][] = [
      ["broken.json", '{"regions": [', /broken\.json: not JSON/],
      ["list.json", "[1, 2]", /list\.json: top level: neither an Air Sync Overview .* nor an `ipdect sim --report`/],
      ["nosync.json", '{"devices": {"a": {"up": true}}}', /nosync\.json: devices: a fleet report, but no device/],
      ["norfpi.json", JSON.stringify(noRfpi), /norfpi\.json: regions\[0\]\.nodes\[0\]\.rfpi: expected a string/],
    ];
    for (const [name, content, message] of cases) {
      const r = ipdect("sync-tree", file(name, content), "--svg", `${name}.svg`);
      assert.equal(r.status, 2, name);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, "");
      assert.equal(existsSync(join(dir, `${name}.svg`)), false);
    }
    const missing = ipdect("sync-tree", "missing.json");
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.json: cannot read it/);
    const region = ipdect("sync-tree", fixture, "--region", "9");
    assert.equal(region.status, 2);
    assert.match(region.stderr, /fixture\.json: region 9 is not in the overview \(regions 0, 1, 2\)/);
  });
});
