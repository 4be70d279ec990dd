/**
 * `ipdect lab up` at scale (issue 19): a PARI Master and its IPBS radios (§4.6.34) started from one fleet file as a live
 * lab, as a lab engineer would, through the CLI. Two rounds:
 * - 200 devices, one OS process each (the lab's default);
 * - 1000 devices, the radios 50 to a process (`--group 50`; the PARI Master always alone).
 * Each round times `lab up` until it returns (every process listens), then until the PARI Master has every radio
 * registered, sums the memory and CPU of the lab's processes, and times `lab down` until no process is left.
 * Every device starts from a fresh flash, so every radio first makes its RSA key (§4.1.10.4.1), as on a first `up`.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readState } from "../lab/LabState.js";
import { registered, status } from "../test/helpers/nodes.js";
import { cpuSeconds, machine, source } from "./lib/machine.js";
import { pariMaster, pariRadiosYaml, procStats, radioAddresses } from "./lib/pariSite.js";

const ROUNDS = [
  { devices: 200, group: 1 },
  { devices: 1000, group: 50 },
] as const;
/** System ID 5: room for the 999 radios of the larger round (§4.6.34). */
const SYSTEM_ID = 5;
const LIMIT_MS = 20 * 60_000;

/** Runs `ipdect <args>` to its end; answers its exit code and wall ms. */
function ipdect(args: readonly string[]): Promise<{ code: number; ms: number; out: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/ipdect.js", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? 1, ms: Math.round(performance.now() - t0), out }));
  });
}

/** A process still running; a zombie (exited, not reaped yet, holding nothing) counts as gone, as `lab down` counts it. */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

/** The fleet file of a round: the PARI Master at `.1` of a fresh address block, then its radios. */
function fleetYaml(devices: number): { yaml: string; pariIp: string } {
  const radio = radioAddresses();
  const pariIp = radio.ipOf(devices + 1);
  const radios = pariRadiosYaml(devices - 1, radio.ipOf, pariIp)
    .split("\n")
    .slice(1)
    .join("\n");
  const yaml = [
    `name: labbench-${devices}`,
    "until: 1h",
    "devices:",
    `  - ${JSON.stringify({ ...pariMaster(radio.group, SYSTEM_ID), ip: pariIp })}`,
    radios,
  ].join("\n");
  return { yaml, pariIp };
}

interface Round {
  devices: number;
  group: number;
  processes: number;
  /** Wall ms of `ipdect lab up` until it returned: every process said it listens. */
  upMs: number;
  /** Wall ms from starting `lab up` until the PARI Master had every radio registered. */
  registeredMs: number;
  /** The lab's processes once all radios were registered: resident memory (MiB; shared pages count once per process). */
  memory: { totalMiB: number; perProcessMeanMiB: number; perProcessMaxMiB: number; perDeviceMiB: number };
  /** CPU seconds all the lab's processes used until then. */
  cpuSeconds: number;
  /** Wall ms of `ipdect lab down`, and the processes still alive after it (must be 0). */
  downMs: number;
  leftAlive: number;
}

async function round(devices: number, group: number): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), "ipdect-labbench-"));
  const { yaml, pariIp } = fleetYaml(devices);
  const fleet = join(dir, "fleet.yaml");
  writeFileSync(fleet, yaml + "\n");
  const stateDir = join(dir, "lab");
  const t0 = performance.now();
  try {
    const up = await ipdect(["lab", "up", fleet, "--state-dir", stateDir, "--group", String(group)]);
    if (up.code !== 0) throw new Error(`lab up exited ${up.code}: ${up.out}`);
    let n = 0;
    while (n < devices - 1) {
      if (performance.now() - t0 > LIMIT_MS) throw new Error(`${n} of ${devices - 1} radios registered in time`);
      await new Promise((r) => setTimeout(r, 500));
      n = registered(await status(pariIp));
    }
    const registeredMs = Math.round(performance.now() - t0);
    const pids = readState(stateDir).processes.flatMap((p) => (p.pid === null ? [] : [p.pid]));
    const rss = pids.map((pid) => procStats(pid).rssMiB);
    const total = rss.reduce((a, b) => a + b, 0);
    const cpu = pids.reduce((a, pid) => a + cpuSeconds(pid), 0);
    const down = await ipdect(["lab", "down", "--state-dir", stateDir]);
    if (down.code !== 0) throw new Error(`lab down exited ${down.code}: ${down.out}`);
    const result: Round = {
      devices,
      group,
      processes: pids.length,
      upMs: up.ms,
      registeredMs,
      memory: {
        totalMiB: total,
        perProcessMeanMiB: Math.round(total / pids.length),
        perProcessMaxMiB: Math.max(...rss),
        perDeviceMiB: Math.round((total / devices) * 10) / 10,
      },
      cpuSeconds: Math.round(cpu),
      downMs: down.ms,
      leftAlive: pids.filter(alive).length,
    };
    console.log(JSON.stringify(result));
    return result;
  } finally {
    await ipdect(["lab", "down", "--state-dir", stateDir]);
    rmSync(dir, { recursive: true, force: true });
  }
}

const rounds: Round[] = [];
for (const r of ROUNDS) rounds.push(await round(r.devices, r.group));
const result = { benchmark: "labUp", machine: machine(), source: source(), rounds };
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/labUp-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
