import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { AirField, EMPTY_SITE } from "../../src/sync/air/AirField.js";
import { usableForSync } from "../../src/sync/air/model.js";
import { computeSyncTree, type TreeRadio } from "../../src/sync/syncTree.js";
import { syncFleetYaml } from "../../sim/generators/sync.js";
import { runUntilTrue, startFleet } from "../helpers/sim.js";

/** A random site: `n` radios scattered over a floor plan sized so that most, not all, are within reach. */
const geometry = fc.record({
  n: fc.integer({ min: 50, max: 500 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  floors: fc.integer({ min: 1, max: 4 }),
  spacing: fc.integer({ min: 25, max: 60 }),
});

function place(g: { n: number; seed: number; floors: number; spacing: number }) {
  let s = g.seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const side = Math.sqrt(g.n / g.floors) * g.spacing;
  return Array.from({ length: g.n }, (_, i) => ({
    name: `r${i}`,
    position: { x: next() * side, y: next() * side, floor: Math.floor(next() * g.floors) },
  }));
}

/** Fewest hops from the roots over usable links, by plain BFS on an adjacency matrix (independent of the tree code). */
function fewestHops(names: string[], usable: (from: string, to: string) => boolean, roots: string[]) {
  const hops = new Map(roots.map((r) => [r, 0]));
  let frontier = roots;
  for (let d = 1; frontier.length > 0; d++) {
    const next: string[] = [];
    for (const v of names) if (!hops.has(v) && frontier.some((u) => usable(u, v))) next.push(v);
    for (const v of next) hops.set(v, d);
    frontier = next;
  }
  return hops;
}

test("property: on random sites of 50-500 radios the tree has no cycle, reaches every reachable radio at its fewest hops", () => {
  fc.assert(
    fc.property(geometry, fc.integer({ min: 3, max: 12 }), (g, maxDepth) => {
      const placed = place(g);
      const field = new AirField(placed, EMPTY_SITE, String(g.seed));
      const names = placed.map((p) => p.name);
      const root = names[0]!;
      const radios: TreeRadio[] = names.map((id) => ({
        id,
        root: id === root,
        source: true,
        hears: field.links(id).map((l) => ({ rfpi: l.from, rssi: l.rssi, fer: l.fer })),
      }));
      const linkOf = new Map(names.map((n) => [n, new Map(field.links(n).map((l) => [l.from, l]))]));
      const usable = (from: string, to: string) => {
        const l = linkOf.get(to)!.get(from);
        return l !== undefined && usableForSync(l.rssi, l.fer);
      };
      const tree = computeSyncTree(radios, { maxDepth, hysteresisDb: 6 });
      const hops = fewestHops(names, usable, [root]);
      for (const id of names) {
        const p = tree.placed.get(id);
        const h = hops.get(id);
        if (h === undefined || h > maxDepth) {
          assert.equal(p, undefined, `${id} has no usable path within ${maxDepth} hops`);
          assert.ok(tree.unplaced.has(id));
          continue;
        }
        assert.ok(p !== undefined, `${id} is reachable in ${h} hops`);
        assert.equal(p.level, h, `${id} at its fewest hops`);
        // Following sources always reaches the root in `level` steps: no cycle.
        let at = id;
        for (let i = 0; i < p.level; i++) {
          const src = tree.placed.get(at)!.source!;
          assert.ok(usable(src, at), `${at} follows ${src} over a usable link`);
          at = src;
        }
        assert.equal(at, root);
        if (p.alternative !== undefined) assert.ok(tree.placed.get(p.alternative)!.level < p.level);
      }
    }),
    { numRuns: 60, seed: 4 },
  );
});

test("property, end to end: simulated sites of 50-500 radios end with every reachable radio synchronized on the tree", async () => {
  for (const g of [
    { n: 50, seed: 11, floors: 1, spacing: 45 },
    { n: 200, seed: 12, floors: 2, spacing: 40 },
    { n: 500, seed: 13, floors: 3, spacing: 35 },
  ]) {
    const placed = place(g);
    const yaml = syncFleetYaml({
      name: `prop-${g.n}`,
      systemId: 293,
      radios: placed.map((p, i) => ({
        name: p.name,
        ...p.position,
        ...(i === 0 ? { syncMode: "master" as const } : {}),
      })),
    });
    const f = await startFleet(yaml, g.seed);
    const field = f.air;
    const names = placed.map((p) => p.name);
    const usable = (from: string, to: string) =>
      field.links(to).some((l) => l.from === from && usableForSync(l.rssi, l.fer));
    const hops = fewestHops(names, usable, [names[0]!]);
    const reachable = names.filter((n) => (hops.get(n) ?? Infinity) <= 10);
    const synced = () => reachable.every((n) => f.device(n).status().radio?.sync?.state === "synchronized");
    assert.ok(
      (await runUntilTrue(f, synced, 120_000, 2000)) !== undefined,
      `${g.n} radios: all reachable synchronized`,
    );
    const ov = f.device("pari").syncOverview().regions[0]!;
    const byRfpi = new Map(ov.nodes.map((n) => [n.rfpi, n]));
    for (const n of ov.nodes) {
      if (!reachable.includes(n.name)) {
        assert.notEqual(f.device(n.name).status().radio?.sync?.state, "synchronized", `${n.name} has no path`);
        continue;
      }
      assert.equal(n.level, hops.get(n.name), `${n.name} depth`);
      const followed = f.device(n.name).status().radio!.sync!.source;
      if (n.level! > 0) assert.equal(byRfpi.get(followed!)!.level, n.level! - 1, `${n.name} follows one hop up`);
    }
    await f.close();
  }
});
