/**
 * npm run bench -- simSpeed
 * Speed of the sim engine in steady state: a PARI site (siteFleetYaml: PARI Master, Standby PARI Master, N IPBS) is
 * run until every radio is assigned and registered, then 60 s of virtual time are timed. Nothing changes in that
 * minute, so the figure is the cost of keep-alives and heartbeats alone (per radio a Master heartbeat every 500 ms and
 * a PARI keep-alive every 2 s, each answered).
 *
 * Each run is its own child process (`sim-child <radios> <seed>`), so RSS and GC start clean. To profile one run:
 * `node --cpu-prof dist/bench/simSpeed.js sim-child 2047 1`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { siteFleetYaml } from "../sim/generators/site.js";
import { registeredAt, runUntilTrue, startFleet } from "../test/helpers/sim.js";
import { machine, stats } from "./lib/machine.js";

/** Radios per fleet, with a System ID whose capacity (§4.6.34) holds them. */
const FLEETS = [
  { radios: 200, systemId: 12 },
  { radios: 2047, systemId: 293 },
] as const;
const SEEDS = [1, 2, 3];
const STEADY_MS = 60_000;
const REGISTER_LIMIT_MS = 60_000;

interface Run {
  radios: number;
  seed: number;
  /** Virtual ms when every radio was assigned and registered (100 ms steps). */
  registeredAtMs: number;
  /** Wall ms from startFleet until then. */
  startupWallMs: number;
  steady: {
    wallSeconds: number;
    /** Virtual seconds per wall second. */
    ratio: number;
    framesPerVirtualSecond: number;
    /** Device events in the steady state (0: nothing flapped). */
    events: number;
  };
  rssMiB: number;
}

async function run(radios: number, systemId: number, seed: number): Promise<Run> {
  const yaml = siteFleetYaml({ name: `site-${radios}`, ipbs: radios, ipbl: 0, rfps: 16, systemId });
  const t0 = performance.now();
  await using fleet = await startFleet(yaml, seed);
  const all = () =>
    fleet.device("pari").status().pari?.radios.length === radios && registeredAt(fleet, "pari").length === radios;
  const registeredAtMs = await runUntilTrue(fleet, all, REGISTER_LIMIT_MS, 100);
  if (registeredAtMs === undefined) throw new Error(`${radios} radios, seed ${seed}: not all registered in time`);
  const startupWallMs = performance.now() - t0;
  const events = fleet.events.events.length;
  const frames = fleet.net.stats.delivered;
  const s0 = performance.now();
  await fleet.runFor(STEADY_MS);
  const wallSeconds = (performance.now() - s0) / 1000;
  if (!all()) throw new Error(`${radios} radios, seed ${seed}: radios lost during the steady state`);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    radios,
    seed,
    registeredAtMs,
    startupWallMs: Math.round(startupWallMs),
    steady: {
      wallSeconds: round2(wallSeconds),
      ratio: round2(STEADY_MS / 1000 / wallSeconds),
      framesPerVirtualSecond: Math.round((fleet.net.stats.delivered - frames) / (STEADY_MS / 1000)),
      events: fleet.events.events.length - events,
    },
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

function child(radios: number, seed: number): Run {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "sim-child", String(radios), String(seed)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) throw new Error(`${radios} radios, seed ${seed} failed (exit ${r.status})`);
  return JSON.parse(r.stdout) as Run;
}

if (process.argv[2] === "sim-child") {
  const radios = Number(process.argv[3]);
  const fleet = FLEETS.find((f) => f.radios === radios);
  if (fleet === undefined) throw new Error(`no fleet with ${radios} radios (have: ${FLEETS.map((f) => f.radios)})`);
  console.log(JSON.stringify(await run(fleet.radios, fleet.systemId, Number(process.argv[4]))));
  process.exit(0);
}

const fleets = [];
for (const f of FLEETS) {
  const runs: Run[] = [];
  for (const seed of SEEDS) {
    runs.push(child(f.radios, seed));
    console.error(`${f.radios} radios, seed ${seed}: ${JSON.stringify(runs.at(-1))}`);
  }
  fleets.push({
    radios: f.radios,
    systemId: f.systemId,
    steadyRatio: stats(runs.map((r) => r.steady.ratio)),
    framesPerVirtualSecond: stats(runs.map((r) => r.steady.framesPerVirtualSecond)),
    runs,
  });
}
const git = (...args: string[]) => spawnSync("git", args, { encoding: "utf8" }).stdout.trim();
const result = {
  benchmark: "simSpeed",
  machine: machine(),
  source: { commit: git("rev-parse", "--short", "HEAD"), srcDirty: git("status", "--porcelain", "--", "src") !== "" },
  fleet: "siteFleetYaml: PARI Master + Standby PARI Master (no radio) + N IPBS; steady state after all registered",
  steadyVirtualSeconds: STEADY_MS / 1000,
  fleets,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/simSpeed-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
