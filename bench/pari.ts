/**
 * npm run bench -- pari
 * PARI Master scale (§4.6.34): a sim PARI Master with 2047 IPBS radios (System ID 293..296) and a real-node PARI
 * Master with 1023 radios (System ID 1..36) hosted by one `ipdect node` process.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PariOverview } from "../src/pari/overview.js";
import { parseFleetFile } from "../sim/FleetFile.js";
import { siteFleetYaml } from "../sim/generators/site.js";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { NodeProcesses, pariOverview as overview, registered, status, type StatusView } from "../test/helpers/nodes.js";
import { registeredAt, runUntilTrue, startFleet } from "../test/helpers/sim.js";
import { cpuSeconds, machine, source, stats } from "./lib/machine.js";
import { pariMasterYaml, pariRadiosYaml, procStats, radioAddresses } from "./lib/pariSite.js";

const SIM_RADIOS = 2047;
const SIM_SYSTEM_ID = 293;
const SIM_TARGET_WALL_MS = 10_000;
const SIM_STEADY_MS = 60_000;
const SIM_SEEDS = [1, 2, 3];

const REAL_RADIOS = 1023;
const REAL_SYSTEM_ID = 5;
const REAL_TARGET_WALL_MS = 30_000;
const REAL_TARGET_RSS_MB = 200;
const REAL_RUNS = 3;
/** Give up on a real run after this long (well past the target, to still learn the actual time). */
const REAL_LIMIT_MS = 120_000;
/** Polling the PARI Master's HTTP API this often; every poll serialises ~1000-row JSON in the measured process. */
const POLL_MS = 100;

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

// ---- sim ------------------------------------------------------------------------------------------------------

interface SimRun {
  seed: number;
  /** Parsing the generated fleet YAML alone, timed separately (startFleet parses it again, inside wallMs). */
  parseMs: number;
  /** Wall ms of startFleet (parse + Fleet.start: 2049 devices booted at virtual time 0). */
  startMs: number;
  /** Wall ms from calling startFleet until every radio is assigned (PARI) and registered (Master). */
  wallMs: number;
  /** Virtual ms at that moment (100 ms steps). */
  virtualMs: number;
  rssMiB: number;
  heapMiB: number;
  steady: {
    virtualSeconds: number;
    wallSeconds: number;
    ratio: number;
    rssMiB: number;
    /** Frames delivered by the sim network per virtual second. */
    framesPerVirtualSecond: number;
    /** Device events (state changes, alarms, …) in the steady state: 0 means nothing flapped. */
    events: number;
  };
  doubleRegistrations: number;
}

async function simRun(seed: number): Promise<SimRun> {
  const yaml = siteFleetYaml({
    name: `pari-${SIM_RADIOS}`,
    ipbs: SIM_RADIOS,
    ipbl: 0,
    rfps: 16,
    systemId: SIM_SYSTEM_ID,
    until: "2m",
  });
  const p0 = performance.now();
  parseFleetFile(yaml, "pari.yaml");
  const parseMs = performance.now() - p0;
  const t0 = performance.now();
  await using fleet = await startFleet(yaml, seed);
  const startMs = performance.now() - t0;
  const all = () =>
    fleet.device("pari").status().pari?.radios.length === SIM_RADIOS &&
    registeredAt(fleet, "pari").length === SIM_RADIOS;
  const virtualMs = await runUntilTrue(fleet, all, 60_000, 100);
  const wallMs = performance.now() - t0;
  if (virtualMs === undefined) throw new Error(`seed ${seed}: not all ${SIM_RADIOS} radios assigned within 60 s`);
  const rssMiB = mb(process.memoryUsage().rss);
  const heapMiB = mb(process.memoryUsage().heapUsed);
  const eventsBefore = fleet.events.events.length;
  const framesBefore = fleet.net.stats.delivered;
  const s0 = performance.now();
  await fleet.runFor(SIM_STEADY_MS);
  const wallSeconds = (performance.now() - s0) / 1000;
  if (!all()) throw new Error(`seed ${seed}: radios lost during the steady state`);
  return {
    seed,
    parseMs: Math.round(parseMs),
    startMs: Math.round(startMs),
    wallMs: Math.round(wallMs),
    virtualMs,
    rssMiB,
    heapMiB,
    steady: {
      virtualSeconds: SIM_STEADY_MS / 1000,
      wallSeconds: Math.round(wallSeconds * 100) / 100,
      ratio: Math.round((SIM_STEADY_MS / 1000 / wallSeconds) * 100) / 100,
      rssMiB: mb(process.memoryUsage().rss),
      framesPerVirtualSecond: Math.round((fleet.net.stats.delivered - framesBefore) / (SIM_STEADY_MS / 1000)),
      events: fleet.events.events.length - eventsBefore,
    },
    doubleRegistrations: fleet.report().checks.doubleRegistrations.length,
  };
}

// ---- real nodes -----------------------------------------------------------------------------------------------

function softFdLimit(): number | undefined {
  const line = readFileSync("/proc/self/limits", "utf8")
    .split("\n")
    .find((l) => l.startsWith("Max open files"));
  const n = Number(line?.split(/\s+/)[3]);
  return Number.isFinite(n) ? n : undefined;
}

interface RealRun {
  /** Wall ms from spawning the radios process until it printed "running" (all 1023 devices up, sockets bound). */
  radiosUpMs: number;
  /** Wall ms from spawning the radios process until /api/radios lists every radio as connected. */
  connectedMs: number;
  /** … until /api/status master.radios has every radio registered. */
  registeredMs: number;
  /** … until both hold (the measure of record). */
  wallMs: number;
  pariMaster: {
    rssMiB: number;
    peakMiB: number;
    fds: number;
    rssAfter10sMiB: number;
    /** CPU share of one core over the 10 s after all radios registered (keep-alives and heartbeats only, no polling). */
    steadyCpuPercent: number;
    /** One GET /api/radios and one GET /api/status at the end (wall ms, as seen by the benchmark). */
    overviewMs: number;
    statusMs: number;
  };
  radiosProcess: { rssMiB: number; fds: number };
  end: { connected: number; registered: number; static: number; uninitialized: number; collisions: number };
  alarms: string[];
}

async function realRun(): Promise<RealRun> {
  const ip = loopbackBlock();
  const pariIp = ip(1);
  const radio = radioAddresses();
  const nodes = new NodeProcesses();
  try {
    const pari = await nodes.start("pari", pariMasterYaml(pariIp, radio.group, REAL_SYSTEM_ID));
    const t0 = performance.now();
    const radios = await nodes.start("radios", pariRadiosYaml(REAL_RADIOS, radio.ipOf, pariIp));
    const radiosUpMs = performance.now() - t0;
    let connectedMs: number | undefined;
    let registeredMs: number | undefined;
    let st: StatusView | undefined;
    let ov: PariOverview | undefined;
    for (;;) {
      const elapsed = () => performance.now() - t0;
      ov = await overview(pariIp);
      if (connectedMs === undefined && ov?.radios.length === REAL_RADIOS) connectedMs = elapsed();
      st = await status(pariIp);
      if (registeredMs === undefined && registered(st) === REAL_RADIOS) registeredMs = elapsed();
      if (connectedMs !== undefined && registeredMs !== undefined) break;
      if (elapsed() > REAL_LIMIT_MS)
        throw new Error(
          `timed out after ${REAL_LIMIT_MS} ms: ${ov?.radios.length ?? "?"} connected, ${registered(st)} registered`,
        );
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const wallMs = Math.max(connectedMs, registeredMs);
    const atDone = procStats(pari.pid!);
    const radiosStats = procStats(radios.pid!);
    const cpu0 = cpuSeconds(pari.pid!);
    await new Promise((r) => setTimeout(r, 10_000));
    const steadyCpuPercent = Math.round((cpuSeconds(pari.pid!) - cpu0) * 10);
    const after = procStats(pari.pid!);
    const o0 = performance.now();
    ov = await overview(pariIp);
    const overviewMs = Math.round(performance.now() - o0);
    st = await status(pariIp);
    const statusMs = Math.round(performance.now() - o0) - overviewMs;
    return {
      radiosUpMs: Math.round(radiosUpMs),
      connectedMs: Math.round(connectedMs),
      registeredMs: Math.round(registeredMs),
      wallMs: Math.round(wallMs),
      pariMaster: {
        ...atDone,
        peakMiB: after.peakMiB,
        rssAfter10sMiB: after.rssMiB,
        steadyCpuPercent,
        overviewMs,
        statusMs,
      },
      radiosProcess: { rssMiB: radiosStats.rssMiB, fds: radiosStats.fds },
      end: {
        connected: ov?.radios.length ?? 0,
        registered: registered(st),
        static: ov?.static.length ?? 0,
        uninitialized: ov?.uninitialized.length ?? 0,
        collisions: ov?.collisions.length ?? 0,
      },
      alarms: (st?.alarms ?? []).map((a) => a.code),
    };
  } finally {
    await nodes.close();
  }
}

// ---- run ------------------------------------------------------------------------------------------------------

/** Each sim seed runs in its own child process (this file, `sim-child <seed>`): RSS and GC start clean every time. */
function simChild(seed: number): SimRun {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "sim-child", String(seed)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) throw new Error(`sim seed ${seed} failed (exit ${r.status})`);
  return JSON.parse(r.stdout) as SimRun;
}

if (process.argv[2] === "sim-child") {
  console.log(JSON.stringify(await simRun(Number(process.argv[3]))));
  process.exit(0);
}

const measured = source();
const sim: SimRun[] = [];
for (const seed of SIM_SEEDS) {
  sim.push(simChild(seed));
  console.error(`sim seed ${seed}: ${JSON.stringify(sim.at(-1))}`);
}
const real: RealRun[] = [];
for (let i = 0; i < REAL_RUNS; i++) {
  real.push(await realRun());
  console.error(`real run ${i + 1}: ${JSON.stringify(real.at(-1))}`);
}

const simWall = stats(sim.map((r) => r.wallMs));
const realWall = stats(real.map((r) => r.wallMs));
/** Judged by the peak (VmHWM over the process's life, read 10 s after all radios registered). */
const realRss = stats(real.map((r) => r.pariMaster.peakMiB));
const result = {
  benchmark: "pari",
  machine: machine(),
  source: measured,
  fdSoftLimit: softFdLimit(),
  sim: {
    radios: SIM_RADIOS,
    systemId: SIM_SYSTEM_ID,
    fleet: "siteFleetYaml: PARI Master + Standby PARI Master (no radio), 2047 IPBS, 100 ms virtual steps",
    targetWallMs: SIM_TARGET_WALL_MS,
    wallMs: simWall,
    startFleetMs: stats(sim.map((r) => r.startMs)),
    virtualMs: stats(sim.map((r) => r.virtualMs)),
    rssMiB: stats(sim.map((r) => r.rssMiB)),
    steadyRatio: stats(sim.map((r) => r.steady.ratio)),
    steadyRssMiB: stats(sim.map((r) => r.steady.rssMiB)),
    pass: simWall.max < SIM_TARGET_WALL_MS,
    runs: sim,
  },
  real: {
    radios: REAL_RADIOS,
    systemId: REAL_SYSTEM_ID,
    setup: "one `ipdect node` process with the PARI Master (IPBS, no radio), one with 1023 IPBS radios",
    targetWallMs: REAL_TARGET_WALL_MS,
    targetRssMiB: REAL_TARGET_RSS_MB,
    wallMs: realWall,
    radiosProcessUpMs: stats(real.map((r) => r.radiosUpMs)),
    connectedMs: stats(real.map((r) => r.connectedMs)),
    registeredMs: stats(real.map((r) => r.registeredMs)),
    pariMasterPeakRssMiB: realRss,
    pass: { wall: realWall.max < REAL_TARGET_WALL_MS, rss: realRss.max < REAL_TARGET_RSS_MB },
    runs: real,
  },
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/pari-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
