/**
 * npm run bench -- updateLoad
 * Update server load (App. A.1.1: "potentially all devices may attempt a configuration update at the same time"):
 * 1000 real IPBS radios, fresh (App. A.1.3: a fresh device fetches its command file every minute for 30 minutes),
 * polling one Debian nginx. No command file is served (404), so every radio stays fresh for the whole run. Ten
 * `ipdect node` processes of 100 radios each start together; each radio's first poll comes a minute plus its phase
 * (UpdateClient.phaseMs) after its boot. From nginx's access log: requests per second over three minutes, the largest
 * second and 100 ms, and the time nginx took per request — flat means the largest second stays near the mean
 * (1000 / 60 ≈ 16.7 per second), not 100 at once when a process's radios reach their minute together.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tempDir } from "../test/helpers/foregroundProcess.js";
import { NodeProcesses } from "../test/helpers/nodes.js";
import { startUpdateServer } from "../test/helpers/updateServer.js";
import { machine, source, stats } from "./lib/machine.js";
import { radioAddresses, seedRadioCertificates } from "./lib/pariSite.js";

const RADIOS = 1000;
const PER_PROCESS = 100;
const MEASURE_MS = 180_000;

const radio = radioAddresses();
const server = radio.ipOf(RADIOS + 9);
const logDir = tempDir("ipdect-bench-updatelog-");
chmodSync(logDir, 0o777);
const accessLog = join(logDir, "access.log");
const www = await startUpdateServer({ ip: server, accessLog });
const nodes = new NodeProcesses();
seedRadioCertificates(join(nodes.dir, "data"), RADIOS);
const hex = (v: number) => v.toString(16).padStart(2, "0");
const t0 = Date.now();
await Promise.all(
  Array.from({ length: RADIOS / PER_PROCESS }, (_, p) => {
    const lines = ["devices:"];
    for (let i = p * PER_PROCESS + 1; i <= (p + 1) * PER_PROCESS; i++)
      lines.push(
        `  - { name: radio-${i}, kind: IPBS, mac: "00:90:33:0c:${hex(i >> 8)}:${hex(i & 0xff)}", ip: ${radio.ipOf(i)}, radio: { enabled: false }, update: { url: "${www.http}/up/" } }`,
      );
    return nodes.start(`radios-${p}`, lines.join("\n") + "\n");
  }),
);
const startedMs = Date.now() - t0;
console.error(`${RADIOS} radios up in ${startedMs} ms; measuring ${MEASURE_MS / 1000} s after the first poll`);
await sleep(60_000 + MEASURE_MS + 5_000);
const requests = readFileSync(accessLog, "utf8")
  .trim()
  .split("\n")
  .map((l) => l.split(" "))
  .map(([msec, ip, status, took]) => ({ t: Number(msec) * 1000, ip: ip!, status: Number(status), took: Number(took) }));
await nodes.close();
await www.close();

const first = Math.min(...requests.map((r) => r.t));
const inWindow = requests.filter((r) => r.t >= first && r.t < first + MEASURE_MS);
const buckets = (ms: number) => {
  const n = new Array<number>(Math.ceil(MEASURE_MS / ms)).fill(0);
  for (const r of inWindow) n[Math.floor((r.t - first) / ms)]!++;
  return n;
};
const perSecond = buckets(1000);
const per100ms = buckets(100);
const perRadio = new Map<string, number>();
for (const r of inWindow) perRadio.set(r.ip, (perRadio.get(r.ip) ?? 0) + 1);
const result = {
  benchmark: "updateLoad",
  machine: machine(),
  source: source(),
  radios: RADIOS,
  processes: RADIOS / PER_PROCESS,
  startedMs,
  measuredSeconds: MEASURE_MS / 1000,
  requests: inWindow.length,
  statuses: [...new Set(inWindow.map((r) => r.status))],
  radiosSeen: perRadio.size,
  pollsPerRadio: stats([...perRadio.values()]),
  perSecond: {
    ...stats(perSecond),
    mean: +(inWindow.length / (MEASURE_MS / 1000)).toFixed(1),
    expectedMean: +(RADIOS / 60).toFixed(1),
  },
  maxPer100ms: Math.max(...per100ms),
  nginxSecondsPerRequest: stats(inWindow.map((r) => r.took)),
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/updateLoad-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
