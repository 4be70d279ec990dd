import assert from "node:assert/strict";
import { test } from "node:test";
import { computeSyncTree, type TreeRadio } from "../../src/sync/syncTree.js";
import { findReferenceRing } from "../../src/sync/referenceRing.js";
import { colourOf, POOR_FER_PCT, POOR_RSSI_DBM } from "../../src/sync/overview.js";
import { SYNC_USABLE_RSSI_DBM } from "../../src/sync/air/model.js";

const OPTS = { maxDepth: 10, hysteresisDb: 6 };

/** Radios by id with symmetric links "a-b:rssi". */
function radios(spec: { ids: string[]; roots?: string[]; restricted?: string[]; links: string[] }): TreeRadio[] {
  const hears = new Map<string, { rfpi: string; rssi: number; fer: number }[]>(spec.ids.map((id) => [id, []]));
  for (const l of spec.links) {
    const [pair, rssi] = l.split(":");
    const [a, b] = pair!.split("-");
    hears.get(a!)!.push({ rfpi: b!, rssi: Number(rssi), fer: 0 });
    hears.get(b!)!.push({ rfpi: a!, rssi: Number(rssi), fer: 0 });
  }
  return spec.ids.map((id) => ({
    id,
    root: spec.roots?.includes(id) ?? false,
    source: !(spec.restricted?.includes(id) ?? false),
    hears: hears.get(id)!,
  }));
}

test("fewest hops first, then the strongest source; alternatives always nearer the master (no loops)", () => {
  const r = radios({
    ids: ["m", "a", "b", "c", "d"],
    roots: ["m"],
    links: ["m-a:-60", "m-b:-85", "a-b:-50", "a-c:-70", "b-c:-65", "c-d:-70"],
  });
  const t = computeSyncTree(r, OPTS);
  assert.deepEqual(
    [...t.placed].map(([id, p]) => [id, p.level, p.source ?? null]),
    [
      ["m", 0, null],
      ["a", 1, "m"],
      ["b", 1, "m"], // one hop at -85 beats two hops at -50
      ["c", 2, "b"], // same depth: the stronger of a (-70) and b (-65)
      ["d", 3, "c"],
    ],
  );
  assert.equal(t.placed.get("c")!.alternative, "a");
  // Only radios nearer the master may be an alternative: a and b could otherwise follow each other.
  assert.equal(t.placed.get("b")!.alternative, undefined);
  assert.equal(t.placed.get("a")!.alternative, undefined);
  assert.equal(t.placed.get("d")!.alternative, undefined);
});

test("restricted slaves are never a source; unusable links are not used", () => {
  const r = radios({
    ids: ["m", "r", "x", "y"],
    roots: ["m"],
    restricted: ["r"],
    links: ["m-r:-60", "r-x:-60", `m-y:${SYNC_USABLE_RSSI_DBM - 1}`],
  });
  const t = computeSyncTree(r, OPTS);
  assert.equal(t.placed.get("r")!.source, "m");
  assert.equal(t.placed.has("x"), false);
  assert.equal(t.placed.has("y"), false);
  assert.match(t.unplaced.get("x")!, /only Restricted Slaves/);
  assert.match(t.unplaced.get("y")!, /too weak/);
});

test("the depth limit leaves deeper radios out with the reason", () => {
  const ids = ["m", "1", "2", "3", "4"];
  const t = computeSyncTree(radios({ ids, roots: ["m"], links: ["m-1:-60", "1-2:-60", "2-3:-60", "3-4:-60"] }), {
    ...OPTS,
    maxDepth: 2,
  });
  assert.deepEqual([...t.placed.keys()], ["m", "1", "2"]);
  assert.match(t.unplaced.get("3")!, /deeper than the maximum depth of 2/);
});

test("static locks: Sync RFPI when placed, else the Alternative Sync RFPI; never another radio", () => {
  const base = radios({
    ids: ["m", "a", "b", "s"],
    roots: ["m"],
    links: ["m-a:-60", "m-b:-60", "a-b:-60", "m-s:-50", "a-s:-80", "b-s:-75"],
  });
  const lock = (sync: string, alt?: string) =>
    base.map((r) => (r.id === "s" ? { ...r, lock: { sync, ...(alt === undefined ? {} : { alt }) } } : r));
  assert.equal(computeSyncTree(lock("a", "b"), OPTS).placed.get("s")!.source, "a");
  assert.equal(computeSyncTree(lock("a", "b"), OPTS).placed.get("s")!.alternative, "b");
  // Sync RFPI not in the tree (not received by anyone): the alternative.
  assert.equal(computeSyncTree(lock("zz", "b"), OPTS).placed.get("s")!.source, "b");
  const none = computeSyncTree(lock("zz"), OPTS);
  assert.equal(none.placed.has("s"), false);
  assert.match(none.unplaced.get("s")!, /static Sync RFPI zz/);
});

test("hysteresis: the current source stays unless another at the same depth is more than 6 dB better", () => {
  const r = (rb: number) =>
    radios({ ids: ["m", "a", "b", "c"], roots: ["m"], links: ["m-a:-60", "m-b:-60", "a-c:-70", `b-c:${rb}`] });
  const previous = new Map([["c", "a"]]);
  assert.equal(computeSyncTree(r(-65), { ...OPTS, previous }).placed.get("c")!.source, "a");
  assert.equal(computeSyncTree(r(-64), { ...OPTS, previous }).placed.get("c")!.source, "a");
  assert.equal(computeSyncTree(r(-63), { ...OPTS, previous }).placed.get("c")!.source, "b");
  assert.equal(computeSyncTree(r(-65), OPTS).placed.get("c")!.source, "b");
});

test("several roots (IPBLs in region 0) each start a part of the tree", () => {
  const t = computeSyncTree(
    radios({ ids: ["l1", "l2", "a", "b"], roots: ["l1", "l2"], links: ["l1-a:-60", "l2-b:-60", "a-b:-50"] }),
    OPTS,
  );
  assert.equal(t.placed.get("a")!.source, "l1");
  assert.equal(t.placed.get("b")!.source, "l2");
});

test("reference sync rings are found (§4.6.36)", () => {
  assert.equal(
    findReferenceRing(
      new Map([
        [1, [0]],
        [2, [1]],
      ]),
    ),
    undefined,
  );
  assert.deepEqual(
    findReferenceRing(
      new Map([
        [1, [2]],
        [2, [1]],
      ]),
    ),
    [1, 2, 1],
  );
  assert.deepEqual(
    findReferenceRing(
      new Map([
        [0, [1]],
        [1, [2]],
        [2, [0]],
      ]),
    ),
    [0, 1, 2, 0],
  );
  assert.deepEqual(findReferenceRing(new Map([[3, [3]]])), [3, 3]);
});

test("overview colours: green, yellow below -83 dBm or above FER 15, red unsynchronized (§4.12.1)", () => {
  assert.equal(colourOf("synchronized", POOR_RSSI_DBM, POOR_FER_PCT), "green");
  assert.equal(colourOf("synchronized", POOR_RSSI_DBM - 1, 0), "yellow");
  assert.equal(colourOf("synchronized", -60, POOR_FER_PCT + 1), "yellow");
  assert.equal(colourOf("holdover", -60, 0), "green");
  assert.equal(colourOf("synchronized", undefined, undefined), "green");
  for (const s of ["unsynchronized", "searching", "listening"] as const) assert.equal(colourOf(s, -60, 0), "red");
});
