/**
 * npm run bench -- simSpeed
 * Speed of the sim engine (issue 20), each run in its own child process so that RSS and GC start clean:
 *  - steady state of a PARI site (siteFleetYaml: PARI Master, Standby PARI Master, N IPBS): run until every radio is
 *    assigned and registered, then 60 s of virtual time timed. Nothing changes in that minute, so the figure is the
 *    cost of keep-alives and heartbeats alone (per radio a Master heartbeat every 500 ms and a PARI keep-alive every
 *    2 s, each answered). Targets: 200 radios ≥ 200× real time, 2047 radios ≥ 20×. Reported per frame: wall and
 *    CPU µs. Each fleet runs with messages carried by reference (the default) and with `--wire` (real bytes).
 *  - users-4000: examples/users-4000.yaml (4000 handsets on 200 radios, 12 virtual minutes with subscriptions,
 *    roaming and a Master stop) from start to end, as `ipdect sim` runs it. Target ≥ 100×.
 *
 * To profile one run: `node --cpu-prof dist/bench/simSpeed.js steady-child 2047 1 carried`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { siteFleetYaml } from "../sim/generators/site.js";
import { exampleYaml, registeredAt, runUntilTrue, startFleet } from "../test/helpers/sim.js";
import { machine, source, stats } from "./lib/machine.js";

/** Radios per fleet, with a System ID whose capacity (§4.6.34) holds them, and the target (virtual s per wall s). */
const FLEETS = [
  { radios: 200, systemId: 12, target: 200 },
  { radios: 2047, systemId: 293, target: 20 },
] as const;
const USERS_TARGET = 100;
const SEEDS = [1, 2, 3];
const MODES = ["carried", "wire"] as const;
type Mode = (typeof MODES)[number];
const STEADY_MS = 60_000;
const REGISTER_LIMIT_MS = 60_000;

interface Steady {
  radios: number;
  seed: number;
  mode: Mode;
  /** Virtual ms when every radio was assigned and registered (100 ms steps). */
  registeredAtMs: number;
  /** Wall ms from startFleet until then. */
  startupWallMs: number;
  wallSeconds: number;
  cpuSeconds: number;
  /** Virtual seconds per wall second. */
  ratio: number;
  framesPerVirtualSecond: number;
  wallUsPerFrame: number;
  cpuUsPerFrame: number;
  /** Device events in the steady state (0: nothing flapped). */
  events: number;
  rssMiB: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function steady(radios: number, systemId: number, seed: number, mode: Mode): Promise<Steady> {
  const yaml = siteFleetYaml({ name: `site-${radios}`, ipbs: radios, ipbl: 0, rfps: 16, systemId });
  const t0 = performance.now();
  await using fleet = await startFleet(yaml, seed, { wire: mode === "wire" });
  const all = () =>
    fleet.device("pari").status().pari?.radios.length === radios && registeredAt(fleet, "pari").length === radios;
  const registeredAtMs = await runUntilTrue(fleet, all, REGISTER_LIMIT_MS, 100);
  if (registeredAtMs === undefined) throw new Error(`${radios} radios, seed ${seed}: not all registered in time`);
  const startupWallMs = performance.now() - t0;
  const events = fleet.events.events.length;
  const frames = fleet.net.stats.delivered;
  const [s0, c0] = [performance.now(), cpuNow()];
  await fleet.runFor(STEADY_MS);
  const [wallSeconds, cpuSeconds] = [(performance.now() - s0) / 1000, cpuNow() - c0];
  if (!all()) throw new Error(`${radios} radios, seed ${seed}: radios lost during the steady state`);
  const delivered = fleet.net.stats.delivered - frames;
  return {
    radios,
    seed,
    mode,
    registeredAtMs,
    startupWallMs: Math.round(startupWallMs),
    wallSeconds: round2(wallSeconds),
    cpuSeconds: round2(cpuSeconds),
    ratio: round2(STEADY_MS / 1000 / wallSeconds),
    framesPerVirtualSecond: Math.round(delivered / (STEADY_MS / 1000)),
    wallUsPerFrame: round2((wallSeconds * 1e6) / delivered),
    cpuUsPerFrame: round2((cpuSeconds * 1e6) / delivered),
    events: fleet.events.events.length - events,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

interface UsersRun {
  seed: number;
  virtualSeconds: number;
  wallSeconds: number;
  ratio: number;
  rssMiB: number;
}

/** examples/users-4000.yaml from start to its `until`, as `ipdect sim` runs it (carried). */
async function users4000(seed: number): Promise<UsersRun> {
  const t0 = performance.now();
  await using fleet = await startFleet(exampleYaml("users-4000.yaml"), seed);
  const until = fleet.file.until!;
  await fleet.runUntil(until);
  const wallSeconds = (performance.now() - t0) / 1000;
  return {
    seed,
    virtualSeconds: until / 1000,
    wallSeconds: round2(wallSeconds),
    ratio: round2(until / 1000 / wallSeconds),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

function child<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${r.status})`);
  return JSON.parse(r.stdout) as T;
}

if (process.argv[2] === "steady-child") {
  const [radios, seed, mode] = [Number(process.argv[3]), Number(process.argv[4]), process.argv[5] as Mode];
  const fleet = FLEETS.find((f) => f.radios === radios);
  if (fleet === undefined) throw new Error(`no fleet with ${radios} radios (have: ${FLEETS.map((f) => f.radios)})`);
  console.log(JSON.stringify(await steady(fleet.radios, fleet.systemId, seed, mode)));
  process.exit(0);
}
if (process.argv[2] === "users-child") {
  console.log(JSON.stringify(await users4000(Number(process.argv[3]))));
  process.exit(0);
}

const fleets = [];
for (const f of FLEETS) {
  const runs: Steady[] = [];
  // Alternating modes, seed by seed: the machine's noise falls on both alike.
  for (const seed of SEEDS)
    for (const mode of MODES) {
      runs.push(child<Steady>("steady-child", String(f.radios), String(seed), mode));
      console.error(`${f.radios} radios, seed ${seed}, ${mode}: ${JSON.stringify(runs.at(-1))}`);
    }
  const of = (mode: Mode) => {
    const rs = runs.filter((r) => r.mode === mode);
    return {
      ratio: stats(rs.map((r) => r.ratio)),
      wallUsPerFrame: stats(rs.map((r) => r.wallUsPerFrame)),
      cpuUsPerFrame: stats(rs.map((r) => r.cpuUsPerFrame)),
      rssMiB: stats(rs.map((r) => r.rssMiB)),
    };
  };
  const carried = of("carried");
  fleets.push({
    radios: f.radios,
    systemId: f.systemId,
    target: f.target,
    met: carried.ratio.median >= f.target,
    framesPerVirtualSecond: stats(runs.map((r) => r.framesPerVirtualSecond)),
    carried,
    wire: of("wire"),
    runs,
  });
}
const users: UsersRun[] = [];
for (const seed of SEEDS) {
  users.push(child<UsersRun>("users-child", String(seed)));
  console.error(`users-4000, seed ${seed}: ${JSON.stringify(users.at(-1))}`);
}
const result = {
  benchmark: "simSpeed",
  machine: machine(),
  source: source(),
  fleet: "siteFleetYaml: PARI Master + Standby PARI Master (no radio) + N IPBS; steady state after all registered",
  steadyVirtualSeconds: STEADY_MS / 1000,
  fleets,
  users4000: {
    target: USERS_TARGET,
    ratio: stats(users.map((u) => u.ratio)),
    met: stats(users.map((u) => u.ratio)).median >= USERS_TARGET,
    runs: users,
  },
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/simSpeed-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
