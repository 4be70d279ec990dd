/**
 * npm run bench -- safetySearch [count]     (or: node dist/bench/safetySearch.js [count] [first seed])
 * The offline safety search of Master redundancy (docs/design.md "Mirror fencing"; test/scenarios/safety.test.ts runs
 * 100 of these in the suite): `count` random fault schedules (default 5000), alternately of a Mirror pair and of a
 * Standby pair, from seed `first` on (default 100001, clear of the suite's seeds 1–50), each checked for S1 (never
 * two active Mirrors), S2 (never a radio registered to two Masters) and liveness after the final heal
 * (test/helpers/faultSchedule.ts). Every third seed also lets radios restart at once (`fastRadioRestarts`), which
 * the boot wait must make safe. The schedules are shared out over one child process per core; a violation is
 * written with its fleet file, so `ipdect sim` can replay it.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import {
  randomSchedule,
  runAndCheck,
  scheduleYaml,
  type Mode,
  type Outcome,
  type ScheduleOptions,
} from "../test/helpers/faultSchedule.js";
import { machine, source } from "./lib/machine.js";

const DEFAULT_COUNT = 5000;
const DEFAULT_FIRST_SEED = 100_001;

/** Schedule `i` of a search: modes alternate, so seed `first + ⌊i/2⌋` runs once as a Mirror and once as a Standby. */
function scheduleOptions(i: number, first: number): ScheduleOptions {
  const mode: Mode = i % 2 === 0 ? "mirror" : "standby";
  const seed = first + Math.floor(i / 2);
  return { mode, seed, fastRadioRestarts: seed % 3 === 0 };
}

interface Violation {
  readonly options: ScheduleOptions;
  readonly outcome: Outcome;
  readonly fleetFile: string;
}

interface ChildResult {
  readonly ran: number;
  readonly violations: Violation[];
}

/** One child's share: schedules worker, worker + workers, … below count. Prints its result as one JSON line. */
async function child(worker: number, workers: number, count: number, first: number): Promise<void> {
  const violations: Violation[] = [];
  let ran = 0;
  for (let i = worker; i < count; i += workers) {
    const options = scheduleOptions(i, first);
    const s = randomSchedule(options);
    const yaml = scheduleYaml(s);
    const outcome = await runAndCheck(yaml, s.seed, s.mode, s.untilMs, s.radios);
    ran++;
    const broken = outcome.overlaps.length + outcome.doubles.length + outcome.liveness.length > 0;
    if (broken) violations.push({ options, outcome, fleetFile: yaml });
  }
  const result: ChildResult = { ran, violations };
  process.stdout.write(JSON.stringify(result) + "\n");
}

function runChild(worker: number, workers: number, count: number, first: number): Promise<ChildResult> {
  const self = fileURLToPath(import.meta.url);
  const args = [self, "search-child", String(worker), String(workers), String(count), String(first)];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (b: Buffer) => (out += b.toString()));
    p.on("error", reject);
    p.on("close", (code) => {
      if (code !== 0) return reject(new Error(`search child ${worker} exited with ${String(code)}`));
      resolve(JSON.parse(out.trim().split("\n").at(-1)!) as ChildResult);
    });
  });
}

async function main(count: number, first: number): Promise<void> {
  const workers = Math.max(1, Math.min(availableParallelism(), count));
  const t0 = performance.now();
  const results = await Promise.all(Array.from({ length: workers }, (_, w) => runChild(w, workers, count, first)));
  const wallSeconds = (performance.now() - t0) / 1000;
  const violations = results.flatMap((r) => r.violations);
  const m = machine();
  const result = {
    benchmark: "safetySearch",
    machine: m,
    source: source(),
    schedules: results.reduce((n, r) => n + r.ran, 0),
    modes: { mirror: Math.ceil(count / 2), standby: Math.floor(count / 2) },
    seeds: { first, last: first + Math.floor((count - 1) / 2) },
    workers,
    wallSeconds: Math.round(wallSeconds),
    violations: violations.length,
    found: violations.map((v) => ({ options: v.options, outcome: v.outcome })),
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/safetySearch-${m.date}.json`, JSON.stringify(result, null, 2) + "\n");
  if (violations.length > 0) {
    mkdirSync("bench/results/safety-violations", { recursive: true });
    for (const v of violations)
      writeFileSync(`bench/results/safety-violations/${v.options.mode}-${v.options.seed}.yaml`, v.fleetFile);
  }
  console.log(JSON.stringify({ ...result, found: result.found.slice(0, 5) }, null, 2));
  if (violations.length > 0) process.exitCode = 1;
}

const [, , first, ...rest] = process.argv;
if (first === "search-child") {
  const [worker, workers, count, firstSeed] = rest.map(Number);
  await child(worker!, workers!, count!, firstSeed!);
} else {
  const count = first === undefined ? DEFAULT_COUNT : Number(first);
  const firstSeed = rest[0] === undefined ? DEFAULT_FIRST_SEED : Number(rest[0]);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(firstSeed)) {
    console.error("usage: safetySearch [count ≥ 1] [first seed]");
    process.exit(2);
  }
  await main(count, firstSeed);
}
