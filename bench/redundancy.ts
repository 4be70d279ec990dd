/**
 * npm run bench -- redundancy
 * Failover time of a Standby with 100 radios (sim world and real nodes), of the 5 %-loss fleet of the scenario tests
 * (20 radios, seeds 1–10), and the sim's speed for a 100-radio fleet.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { DEFAULT_FAILOVER_BUDGET_MS } from "../src/role/redundancy.js";
import { redundancyFleetYaml } from "../sim/generators/redundancy.js";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { NodeProcesses, radiosYaml, registered, status, waitFor } from "../test/helpers/nodes.js";
import { registeredAt, runUntilTrue, startFleet } from "../test/helpers/sim.js";
import { machine, stats } from "./lib/machine.js";

const RADIOS = 100;

/** Master "a" + Standby "b" + RADIOS radios; the Master stops at `stop` and starts again at `start`. */
const standbyFleet = (stop: string, start: string) =>
  redundancyFleetYaml({
    radios: RADIOS,
    mode: "standby",
    faults: [
      { at: stop, stop: "a" },
      { at: start, start: "a" },
    ],
  });

async function simFailover(seed: number): Promise<{ failoverMs: number; returnMs: number }> {
  await using fleet = await startFleet(standbyFleet("60s", "120s"), seed);
  await fleet.runUntil(60_000);
  const down = await runUntilTrue(fleet, () => registeredAt(fleet, "b").length === RADIOS, 30_000, 1);
  await fleet.runUntil(120_000);
  const back = await runUntilTrue(fleet, () => registeredAt(fleet, "a").length === RADIOS, 30_000, 1);
  return { failoverMs: down! - 60_000, returnMs: back! - 120_000 };
}

/** The 5 %-loss fleet of test/scenarios/redundancy.test.ts: 20 radios, the Master stopped at 60 s. */
async function simLossyFailover(seed: number): Promise<number> {
  const yaml = redundancyFleetYaml({ radios: 20, mode: "standby", loss: 0.05, faults: [{ at: "60s", stop: "a" }] });
  await using fleet = await startFleet(yaml, seed);
  await fleet.runUntil(60_000);
  const down = await runUntilTrue(fleet, () => registeredAt(fleet, "b").length === 20, 30_000, 1);
  return down! - 60_000;
}

async function simSpeed(): Promise<{ virtualSeconds: number; wallSeconds: number; ratio: number; events: number }> {
  const start = performance.now();
  await using fleet = await startFleet(standbyFleet("2m", "4m"), 1);
  await fleet.runUntil(600_000);
  const wallSeconds = (performance.now() - start) / 1000;
  return { virtualSeconds: 600, wallSeconds, ratio: 600 / wallSeconds, events: fleet.events.events.length };
}

async function realFailover(): Promise<{ failoverMs: number; returnMs: number }> {
  const ip = loopbackBlock();
  const nodes = new NodeProcesses();
  try {
    await nodes.start(
      "master",
      `{ name: master, kind: IPVM, mac: "00:90:33:08:00:01", ip: ${ip(1)}, master: { mode: active, id: 1 } }\n`,
    );
    await nodes.start(
      "standby",
      `{ name: standby, kind: IPVM, mac: "00:90:33:08:00:02", ip: ${ip(2)}, master: { mode: standby, id: 1, primary: ${ip(1)} } }\n`,
    );
    const ipOf = (i: number) => `${ip(0).split(".").slice(0, 2).join(".")}.${200 + (i >> 8)}.${i & 0xff}`;
    await nodes.start("radios", radiosYaml(RADIOS, ipOf, ip(1), ip(2)));
    await waitFor(async () => registered(await status(ip(1))) === RADIOS, 30_000, "radios on the Master");
    // Every radio has its answer, as in test/interop/realnode.test.ts: the failover of registered radios is measured.
    await waitFor(
      async () =>
        (await Promise.all(Array.from({ length: RADIOS }, (_, i) => status(ipOf(i + 1))))).every(
          (r) => r?.radio?.state === "running.registered",
        ),
      10_000,
      "every radio registered as it sees it",
    );
    await nodes.kill("master");
    const failoverMs = await waitFor(
      async () => registered(await status(ip(2))) === RADIOS,
      30_000,
      "radios on the Standby",
    );
    await nodes.start("master");
    const returnMs = await waitFor(
      async () => registered(await status(ip(1))) === RADIOS,
      30_000,
      "radios back on the Master",
    );
    return { failoverMs, returnMs };
  } finally {
    await nodes.close();
  }
}

const sim = [];
for (const seed of [1, 2, 3, 4, 5]) sim.push(await simFailover(seed));
const lossy = [];
for (let seed = 1; seed <= 10; seed++) lossy.push(await simLossyFailover(seed));
const speed = await simSpeed();
const real = [];
for (let i = 0; i < 3; i++) real.push(await realFailover());

const result = {
  benchmark: "redundancy",
  machine: machine(),
  radios: RADIOS,
  documentedBudgetMs: DEFAULT_FAILOVER_BUDGET_MS,
  simFailoverMs: stats(sim.map((r) => r.failoverMs)),
  simReturnMs: stats(sim.map((r) => r.returnMs)),
  simLoss5PercentFailoverMs: { ...stats(lossy), seeds: lossy },
  realFailoverMs: stats(real.map((r) => r.failoverMs)),
  realReturnMs: stats(real.map((r) => r.returnMs)),
  simSpeed: speed,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/redundancy-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
