import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SyncOverview } from "../../src/sync/overview.js";
import { FILL, syncTreeSvg } from "../../src/sync/overviewSvg.js";
import { ESCAPED_NAME, coloursOf, fixtureOverview } from "./fixtures.js";
import { classesOf, findAll, parseXml, textOf, type XmlElement } from "./xmlScan.js";

const site = fixtureOverview(200);
const svg = syncTreeSvg(site);
const doc = parseXml(svg);
const nodes = findAll(doc, (e) => e.name === "g" && classesOf(e).includes("node"));
const edges = findAll(doc, (e) => e.name === "path" && classesOf(e).includes("edge"));
const key = (region: string | undefined, rfpi: string | undefined) => `${region}/${rfpi}`;

describe("Air Sync Overview as SVG (§4.12.1)", () => {
  test("a standalone SVG 1.1 document: namespace set, no script, no external resource", () => {
    assert.equal(doc.name, "svg");
    assert.equal(doc.attrs["xmlns"], "http://www.w3.org/2000/svg");
    assert.equal(doc.attrs["version"], "1.1");
    const all = findAll(doc, () => true);
    for (const e of all) {
      assert.ok(!["script", "foreignObject", "image", "use", "a", "style"].includes(e.name), e.name);
      for (const [k, v] of Object.entries(e.attrs)) {
        assert.ok(!/href|^on/i.test(k), `${e.name} ${k}`);
        if (k !== "xmlns") assert.ok(!/url\(|:\/\//.test(v), `${e.name} ${k}="${v}"`);
      }
    }
  });

  test("one dot per radio and per reference sync RFPI, in its colour (green, yellow, red, grey)", () => {
    const count = { green: 0, yellow: 0, red: 0, grey: 0 };
    for (const g of nodes) {
      const colour = classesOf(g)[1] as keyof typeof count;
      count[colour]++;
      const dots = g.children.filter((c) => c.name === "circle");
      assert.equal(dots.length, 1);
      assert.equal(dots[0]!.attrs["fill"], FILL[colour]);
    }
    assert.deepEqual(count, coloursOf(site));
    assert.ok(count.yellow > 0 && count.red > 0 && count.grey === 2, "the fixture shows every colour");
    assert.equal(
      nodes.length,
      site.regions.reduce((n, r) => n + r.nodes.length + (r.reference ? 1 : 0), 0),
    );
  });

  test("each radio with a source in the tree has one edge, and every edge joins two dots of its region", () => {
    const dots = new Set(nodes.map((g) => key(g.attrs["data-region"], g.attrs["data-rfpi"])));
    const expected = site.regions.flatMap((r) =>
      r.nodes.filter((n) => n.level !== undefined && n.source !== undefined).map((n) => key(String(r.region), n.rfpi)),
    );
    const targets = edges.map((e) => key(e.attrs["data-region"], e.attrs["data-to"]));
    assert.deepEqual([...targets].sort(), [...expected].sort());
    for (const e of edges) {
      assert.ok(dots.has(key(e.attrs["data-region"], e.attrs["data-from"])), `from ${e.attrs["data-from"]}`);
      assert.ok(dots.has(key(e.attrs["data-region"], e.attrs["data-to"])), `to ${e.attrs["data-to"]}`);
    }
  });

  test("the reference sync RFPI hangs above the active sync master, dashed when not locked", () => {
    const reference = edges.filter((e) => classesOf(e).includes("reference"));
    assert.deepEqual(
      reference.map((e) => [
        e.attrs["data-region"],
        e.attrs["data-from"],
        e.attrs["data-to"],
        e.attrs["stroke-dasharray"],
      ]),
      site.regions
        .filter((r) => r.reference !== undefined)
        .map((r) => [String(r.region), r.reference!.rfpi, r.activeMaster, r.reference!.locked ? undefined : "3 2"]),
    );
  });

  test("the legend explains the four dots", () => {
    const [legend] = findAll(doc, (e) => e.name === "g" && classesOf(e).includes("legend"));
    assert.ok(legend !== undefined);
    const fills = findAll(legend, (e) => e.name === "circle").map((c) => c.attrs["fill"]);
    assert.deepEqual(fills, [FILL.green, FILL.yellow, FILL.red, FILL.grey]);
    const words = textOf(legend);
    for (const w of ["synchronized", "RSSI < -83 dBm or FER > 15%", "unsynchronized", "reference sync RFPI"])
      assert.ok(words.includes(w), w);
  });

  test("hovering a radio shows its sync candidates with RSSI and FER (the IPBS Details pop-up)", () => {
    const byKey = new Map(nodes.map((g) => [key(g.attrs["data-region"], g.attrs["data-rfpi"]), g]));
    for (const r of site.regions)
      for (const n of r.nodes) {
        const g = byKey.get(key(String(r.region), n.rfpi));
        assert.equal(g?.children[0]?.name, "title", "the title comes first");
        const title = g.children[0].text;
        for (const c of n.candidates) assert.ok(title.includes(`${c.rfpi}`) && title.includes(`${c.rssi} dBm`), title);
      }
  });

  test("names are escaped: a radio named with < & \" ' is shown and tagged as it is", () => {
    assert.ok(svg.includes("lab &lt;&amp;&quot;&gt; &apos;q&apos;"));
    const g = nodes.find((e) => e.attrs["data-name"] === ESCAPED_NAME);
    assert.ok(g !== undefined);
    assert.ok(g.children.some((c) => c.name === "text" && c.text === ESCAPED_NAME));
    const control = withName(site, "bad\u0001name\uD800");
    assert.ok(syncTreeSvg(control).includes("bad\uFFFDname\uFFFD"));
    parseXml(syncTreeSvg(control));
  });

  test("radios that are not in the tree are listed under it in red with the reason", () => {
    const outside = nodes.filter((g) => classesOf(g).includes("outside"));
    const expected = site.regions.flatMap((r) => r.nodes.filter((n) => n.level === undefined));
    assert.deepEqual(
      outside.map((g) => g.attrs["data-name"]),
      expected.map((n) => n.name),
    );
    for (const [i, g] of outside.entries()) {
      const notes = g.children.filter((c) => c.name === "text" && c.attrs["fill"] === FILL.red).map((c) => c.text);
      assert.ok(
        notes.some((t) => t.includes(expected[i]!.note!)),
        notes.join(),
      );
    }
  });

  test("a header per region: number, active sync master and the statistics", () => {
    const regions = findAll(doc, (e) => e.name === "g" && classesOf(e).includes("region"));
    assert.deepEqual(
      regions.map((g) => g.attrs["data-region"]),
      site.regions.map((r) => String(r.region)),
    );
    for (const [i, g] of regions.entries()) {
      const r = site.regions[i]!;
      const head = g.children
        .filter((c) => c.name === "text")
        .slice(0, 2)
        .map(textOf)
        .join(" ");
      for (const w of [
        `Region ${r.region}`,
        `active sync master r${r.region}-001 ${r.activeMaster}`,
        `Calculations ${r.stats.calculations}`,
        `Configurations ${r.stats.configurations}`,
        `Sync Lost ${r.stats.syncLost}`,
      ])
        assert.ok(head.includes(w), `${w} in ${head}`);
    }
  });

  test("every radio has a row of its own (16 px apart), so labels cannot overlap", () => {
    const ys = nodes.map((g) => Number(g.children.find((c) => c.name === "circle")!.attrs["cy"])).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) assert.ok(ys[i]! - ys[i - 1]! >= 16, `rows at ${ys[i - 1]} and ${ys[i]}`);
    assert.ok(ys.at(-1)! < Number(doc.attrs["height"]));
  });

  test("deterministic: the same picture for the same overview, whatever the order of the radios", () => {
    assert.equal(syncTreeSvg(fixtureOverview(200)), svg);
    const shuffled = { ...site, regions: site.regions.map((r) => ({ ...r, nodes: [...r.nodes].reverse() })) };
    assert.equal(syncTreeSvg(shuffled), svg);
  });

  test("2047 radios (the largest PARI Master, §4.6.34) still make one valid picture", () => {
    const big = fixtureOverview(2047);
    const g = findAll(parseXml(syncTreeSvg(big)), (e: XmlElement) => e.name === "g" && classesOf(e).includes("node"));
    assert.equal(g.length, 2047 + 2 + 2, "radios in the tree, two outside, two references");
  });
});

function withName(o: SyncOverview, name: string): SyncOverview {
  const [first, ...rest] = o.regions;
  return { ...o, regions: [{ ...first!, nodes: first!.nodes.map((n, i) => (i === 3 ? { ...n, name } : n)) }, ...rest] };
}
