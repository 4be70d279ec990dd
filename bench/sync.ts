/**
 * npm run bench -- sync
 * Air sync at scale (§4.6.36, §4.12): one sync region of 2047 IPBS (System ID 293, §4.6.34).
 *  - tree: computing the sync tree of the region (target < 50 ms), alone and as the PARI Master's whole recompute;
 *  - failover: the active sync master stops; virtual time until every other radio is synchronized again (< 60 s);
 *  - speed: the whole fleet's virtual seconds per wall second in steady state (target ≥ 100).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { Mac } from "../src/core/identity/Mac.js";
import { syncFleetYaml, type SyncRadioSpec } from "../sim/generators/sync.js";
import { AirField, EMPTY_SITE } from "../src/sync/air/AirField.js";
import { computeSyncTree, type TreeRadio } from "../src/sync/syncTree.js";
import { SyncControl } from "../src/sync/SyncControl.js";
import { SYNC_TIMING } from "../src/sync/syncTiming.js";
import { DEFAULT_PLAN } from "../src/role/bands.js";
import { SYNC_USABLE_RSSI_DBM } from "../src/sync/air/model.js";
import { MAX_CANDIDATES } from "../src/sync/RadioSync.js";
import { runUntilTrue, startFleet } from "../test/helpers/sim.js";
import { machine, stats } from "./lib/machine.js";

const RADIOS = 2047;
const FLOORS = 3;
const SPACING_M = 30;
const TREE_TARGET_MS = 50;
const FAILOVER_TARGET_MS = 60_000;
const SPEED_TARGET = 100;
const STEADY_MS = 60_000;
const TREE_RUNS = 21;

/** 2047 radios on a 30 m grid over three floors; the two sync master candidates stand in the middle of floor 1. */
function site(): SyncRadioSpec[] {
  const perFloor = Math.ceil(RADIOS / FLOORS);
  const cols = Math.ceil(Math.sqrt(perFloor));
  const radios: SyncRadioSpec[] = [];
  for (let i = 0; i < RADIOS; i++) {
    const floor = Math.floor(i / perFloor);
    const k = i % perFloor;
    radios.push({ name: `r${i + 1}`, x: (k % cols) * SPACING_M, y: Math.floor(k / cols) * SPACING_M, floor });
  }
  const middle = perFloor + Math.floor(perFloor / 2);
  return radios.map((r, i) => (i === middle || i === middle + 1 ? { ...r, syncMode: "master" as const } : r));
}

function treeBench(radios: SyncRadioSpec[]) {
  const field = new AirField(
    radios.map((r) => ({ name: r.name, position: { x: r.x, y: r.y, floor: r.floor ?? 0 } })),
    EMPTY_SITE,
    "1",
  );
  const root = radios.find((r) => r.syncMode === "master")!.name;
  const input: TreeRadio[] = radios.map((r) => ({
    id: r.name,
    root: r.name === root,
    source: true,
    // What the radio reports: candidates strong enough to be a source (RadioSync), at most 255.
    hears: field
      .links(r.name)
      .filter((l) => l.rssi >= SYNC_USABLE_RSSI_DBM)
      .slice(0, MAX_CANDIDATES)
      .map((l) => ({ rfpi: l.from, rssi: l.rssi, fer: l.fer })),
  }));
  const candidates = input.map((r) => r.hears.length);
  const treeMs: number[] = [];
  let depth = 0;
  for (let i = 0; i < TREE_RUNS; i++) {
    const t0 = performance.now();
    const t = computeSyncTree(input, { maxDepth: SYNC_TIMING.defaultMaxDepth, hysteresisDb: SYNC_TIMING.hysteresisDb });
    treeMs.push(performance.now() - t0);
    depth = Math.max(...[...t.placed.values()].map((p) => p.level));
  }
  // The PARI Master's whole recompute: reports in, tree, instructions out.
  const control = new SyncControl({ maxDepth: SYNC_TIMING.defaultMaxDepth, carriers: DEFAULT_PLAN }, () => undefined);
  const recomputeMs: number[] = [];
  for (let i = 0; i < TREE_RUNS; i++) {
    radios.forEach((r, k) =>
      control.report(
        Mac.fromBytes(new Uint8Array([0, 0x90, 0x33, 0, (k + 1) >> 8, (k + 1) & 0xff])).toString(),
        { name: r.name, kind: "IPBS", rfpi: r.name },
        {
          settings: { mode: r.syncMode ?? "slave", region: 0 },
          state: "synchronized",
          syncLost: 0,
          referenceLocked: false,
          // A changed candidate list each round makes the region dirty, as a real change would.
          candidates: input[k]!.hears.map((h) => ({ ...h, rssi: h.rssi - (i % 2) })),
          aliens: [],
        },
      ),
    );
    const t0 = performance.now();
    control.recompute();
    recomputeMs.push(performance.now() - t0);
  }
  const round = (xs: number[]) => {
    const s = stats(xs);
    return { min: +s.min.toFixed(1), median: +s.median.toFixed(1), max: +s.max.toFixed(1) };
  };
  return {
    radios: RADIOS,
    candidatesPerRadio: stats(candidates),
    depth,
    treeMs: round(treeMs),
    recomputeMs: round(recomputeMs.slice(1)),
    targetMs: TREE_TARGET_MS,
    pass: stats(treeMs).median < TREE_TARGET_MS,
  };
}

async function fleetBench(radios: SyncRadioSpec[], seed: number) {
  const yaml = syncFleetYaml({ name: "sync-2047", systemId: 293, radios, until: "10m" });
  const w0 = performance.now();
  const fleet = await startFleet(yaml, seed);
  const startWallMs = performance.now() - w0;
  const names = radios.map((r) => r.name);
  const state = (n: string) => (fleet.isUp(n) ? fleet.device(n).status().radio?.sync?.state : undefined);
  const all = (list: string[]) => () => list.every((n) => state(n) === "synchronized");
  const c0 = performance.now();
  const convergedAt = await runUntilTrue(fleet, all(names), 180_000, 1000);
  const convergeWallMs = performance.now() - c0;
  if (convergedAt === undefined) throw new Error(`seed ${seed}: not every radio synchronized within 180 s`);
  const active = fleet
    .device("pari")
    .syncOverview()
    .regions[0]!.nodes.find((n) => n.role === "active-master")!.name;
  const stoppedAt = fleet.now;
  await fleet.stopDevice(active);
  const rest = names.filter((n) => n !== active);
  // Recovered: another candidate is the active sync master and every other radio follows the new tree in sync.
  const recovered = () => {
    const g = fleet.device("pari").syncOverview().regions[0];
    const master = g?.nodes.find((n) => n.role === "active-master");
    return master !== undefined && master.name !== active && all(rest)();
  };
  const f0 = performance.now();
  const backAt = await runUntilTrue(fleet, recovered, 120_000, 1000);
  const failoverWallMs = performance.now() - f0;
  const syncLost = rest.reduce((s, n) => s + (fleet.device(n).status().radio?.sync?.syncLost ?? 0), 0);
  const framesBefore = fleet.net.stats.delivered;
  const s0 = performance.now();
  await fleet.runFor(STEADY_MS);
  const steadyWall = (performance.now() - s0) / 1000;
  const ratio = STEADY_MS / 1000 / steadyWall;
  const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  await fleet.close();
  return {
    seed,
    startWallMs: Math.round(startWallMs),
    convergedVirtualMs: convergedAt,
    convergeWallMs: Math.round(convergeWallMs),
    failover: {
      stopped: active,
      virtualMs: backAt === undefined ? null : backAt - stoppedAt,
      wallMs: Math.round(failoverWallMs),
      syncLostAfter: syncLost,
      targetMs: FAILOVER_TARGET_MS,
      pass: backAt !== undefined && backAt - stoppedAt < FAILOVER_TARGET_MS,
    },
    steady: {
      virtualSeconds: STEADY_MS / 1000,
      wallSeconds: +steadyWall.toFixed(2),
      ratio: +ratio.toFixed(1),
      framesPerVirtualSecond: Math.round((fleet.net.stats.delivered - framesBefore) / (STEADY_MS / 1000)),
      target: SPEED_TARGET,
      pass: ratio >= SPEED_TARGET,
    },
    rssMiB,
  };
}

const radios = site();
const tree = treeBench(radios);
console.log("tree", JSON.stringify(tree));
const fleet = [];
for (const seed of [1]) {
  const r = await fleetBench(radios, seed);
  console.log("fleet", JSON.stringify(r));
  fleet.push(r);
}
const git = (...args: string[]) => spawnSync("git", args, { encoding: "utf8" }).stdout.trim();
const result = {
  benchmark: "sync",
  machine: machine(),
  source: { commit: git("rev-parse", "--short", "HEAD"), srcDirty: git("status", "--porcelain", "--", "src") !== "" },
  site: `${RADIOS} IPBS, one region, ${SPACING_M} m grid over ${FLOORS} floors, PARI Master without radio, 2 sync master candidates`,
  tree,
  fleet,
};
mkdirSync("bench/results", { recursive: true });
const file = `bench/results/sync-${result.machine.date}.json`;
writeFileSync(file, JSON.stringify(result, null, 1) + "\n");
console.log(`written ${file}`);
