/**
 * npm run bench -- snmpWalk
 * `snmpbulkwalk` of the radio table (IPDECT-MIB ipdectRadioTable, §4.11.1) of a real `ipdect node` PARI Master with
 * 2047 radios (System ID 293..296: 2047 IPBS, §4.6.34), against Net-SNMP's snmpd serving IF-MIB::ifTable with 2047
 * rows (lo and 2046 ifb devices in a network namespace of its own), in one run, alternating, with the same client
 * (`snmpbulkwalk -v2c`, at -Cr10 and -Cr50). The radios are the PARI Master's table on flash (`pari/state.json`,
 * as after a restart before the radios reconnect): 2047 rows of static registrations, 7 columns each. Each walk is
 * timed from spawning the client to its exit (its output goes to a file, not through this process), and the agents'
 * CPU time is read from /proc. Issue 17's targets: a walk ≤ 1 s, and per varbind at least half as fast as snmpd.
 */
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { PariPersisted } from "../src/pari/PariState.js";
import { IPDECT_OIDS } from "../src/snmp/ipdectOids.js";
import { freeUdpPort, removeTempDir, tempDir } from "../test/helpers/foregroundProcess.js";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { NodeProcesses } from "../test/helpers/nodes.js";
import { SnmpdIfTable, snmpdIfTableUnavailable } from "../test/helpers/snmpdIfTable.js";
import { cpuSeconds, machine, source, stats } from "./lib/machine.js";

const RADIOS = 2047;
const SYSTEM_ID = 293;
/** Columns of a static registration's row: Name, Rfpi, Region, DeviceName, Mac, Kind, Connected. */
const RADIO_COLUMNS = 7;
/** IF-MIB ifTable: ifIndex … ifSpecific. */
const IF_COLUMNS = 22;
const REPETITIONS = [10, 50] as const;
const ROUNDS = Number(process.env["SNMP_BENCH_ROUNDS"] ?? 5);
const WARMUP_WALKS = 3;
const TARGET_WALK_MS = 1000;
/** Ours per varbind at least half as fast as snmpd's: our time per varbind at most twice its. */
const TARGET_TIME_RATIO = 2;
const IF_TABLE = "1.3.6.1.2.1.2.2";
const RADIO_TABLE = IPDECT_OIDS.ipdectRadioTable.join(".");

const hex = (v: number) => v.toString(16).padStart(2, "0");

/** The PARI Master's flash: 2047 IPBS with radio numbers 1..2047, in four sync regions. */
function pariState(): PariPersisted {
  return {
    systemId: SYSTEM_ID,
    domain: 1,
    entries: Array.from({ length: RADIOS }, (_, k) => ({
      mac: `00:90:33:0b:${hex((k + 1) >> 8)}:${hex((k + 1) & 0xff)}`,
      name: `radio-${k + 1}`,
      kind: "IPBS" as const,
      numbers: [k + 1],
      region: 1 + (k % 4),
      rev: k + 1,
      deleted: false,
    })),
  };
}

interface Agent {
  readonly name: string;
  /** The network namespace its walks run in (`nsenter --net=`). */
  readonly netns: string;
  readonly address: string;
  readonly community: string;
  readonly table: string;
  readonly varbinds: number;
  readonly pid: number;
}

interface Walk {
  readonly ms: number;
  readonly varbinds: number;
  /** The agent's CPU time (user + system) during the walk, ms (10 ms ticks). */
  readonly agentCpuMs: number;
}

/** One `snmpbulkwalk` of the agent's table; its output goes to a file and is counted afterwards. */
async function walk(a: Agent, repetitions: number, out: string): Promise<Walk> {
  const args = [
    `--net=${a.netns}`,
    ...["snmpbulkwalk", "-m", "", "-On", "-v2c", "-c", a.community, `-Cr${repetitions}`, a.address, a.table],
  ];
  const fd = openSync(out, "w");
  const cpu0 = cpuSeconds(a.pid);
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const p = spawn("nsenter", args, { stdio: ["ignore", fd, "pipe"] });
    let err = "";
    p.stderr!.on("data", (b: Buffer) => (err += b.toString()));
    p.once("error", reject);
    p.once("close", (c) => (c === 0 ? resolve(c) : reject(new Error(`${a.name}: snmpbulkwalk exit ${c}: ${err}`))));
  }).finally(() => closeSync(fd));
  const ms = performance.now() - t0;
  const agentCpuMs = (cpuSeconds(a.pid) - cpu0) * 1000;
  const varbinds = readFileSync(out, "utf8")
    .split("\n")
    .filter((l) => l.startsWith(`.${a.table}.`)).length;
  if (code !== 0 || varbinds !== a.varbinds)
    throw new Error(`${a.name}: ${varbinds} varbinds in the walk, expected ${a.varbinds}`);
  return { ms: Math.round(ms * 10) / 10, varbinds, agentCpuMs: Math.round(agentCpuMs) };
}

/**
 * Waits until the process is idle (under 5 % of a core over half a second): a node that just started is still making
 * its keys and certificates, which would be measured as part of the first walks.
 */
async function settled(pid: number, limitMs = 60_000): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    const cpu0 = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 500));
    if (cpuSeconds(pid) - cpu0 <= 0.025) return;
    if (performance.now() - t0 > limitMs) throw new Error(`process ${pid} still busy after ${limitMs} ms`);
  }
}

/** Per varbind, µs: wall time and the agent's CPU time. */
function perVarbind(walks: readonly Walk[]) {
  const n = walks.reduce((s, w) => s + w.varbinds, 0);
  const cpu = walks.reduce((s, w) => s + w.agentCpuMs, 0);
  return {
    walkMs: stats(walks.map((w) => w.ms)),
    wallUsPerVarbind: stats(walks.map((w) => Math.round((w.ms / w.varbinds) * 1e4) / 10)),
    agentCpuUsPerVarbind: Math.round((cpu / n) * 1e4) / 10,
  };
}

const why = await snmpdIfTableUnavailable();
if (why !== undefined) {
  process.stderr.write(`snmpWalk needs the snmpd reference (issue 17 compares with it): ${why}\n`);
  process.exit(2);
}
const ip = loopbackBlock();
const nodes = new NodeProcesses();
const scratch = tempDir("ipdect-snmpwalk-");
let snmpd: SnmpdIfTable | undefined;
try {
  const port = await freeUdpPort(ip(1));
  mkdirSync(join(nodes.dir, "data", "pm", "pari"), { recursive: true });
  writeFileSync(join(nodes.dir, "data", "pm", "pari", "state.json"), JSON.stringify(pariState()));
  const pm = await nodes.start(
    "pm",
    `{ name: pm, kind: IPBS, mac: "00:90:33:0a:00:01", ip: ${ip(1)}, master: { mode: active }, ` +
      `pari: { systemId: ${SYSTEM_ID} }, snmp: { enabled: true, port: ${port}, community: bench } }\n`,
  );
  snmpd = await SnmpdIfTable.start(RADIOS);
  const agents = {
    ours: {
      name: "ipdect",
      netns: `/proc/${process.pid}/ns/net`,
      address: `${ip(1)}:${port}`,
      community: "bench",
      table: RADIO_TABLE,
      varbinds: RADIOS * RADIO_COLUMNS,
      pid: pm.pid!,
    },
    snmpd: {
      name: "snmpd",
      netns: snmpd.netns,
      address: snmpd.agent,
      community: snmpd.community,
      table: IF_TABLE,
      varbinds: RADIOS * IF_COLUMNS,
      pid: snmpd.pid,
    },
  } satisfies Record<string, Agent>;
  const out = join(scratch, "walk.txt");
  for (const a of Object.values(agents)) await settled(a.pid);
  const loadBefore = loadavg()[0]!;
  // Warm-up: the node's JIT (a few thousand requests), snmpd's first ifTable load.
  for (let i = 0; i < WARMUP_WALKS; i++)
    for (const r of REPETITIONS) for (const a of Object.values(agents)) await walk(a, r, out);
  const walks = { ours: new Map<number, Walk[]>(), snmpd: new Map<number, Walk[]>() };
  for (let round = 0; round < ROUNDS; round++)
    for (const r of REPETITIONS) {
      // Alternating, and which agent goes first alternates too.
      const order = round % 2 === 0 ? (["ours", "snmpd"] as const) : (["snmpd", "ours"] as const);
      for (const k of order) walks[k].set(r, [...(walks[k].get(r) ?? []), await walk(agents[k], r, out)]);
      process.stderr.write(`round ${round + 1} -Cr${r}: ours ${JSON.stringify(walks.ours.get(r)!.at(-1))} `);
      process.stderr.write(`snmpd ${JSON.stringify(walks.snmpd.get(r)!.at(-1))}\n`);
    }
  const byRepetitions = REPETITIONS.map((r) => {
    const ours = perVarbind(walks.ours.get(r)!);
    const reference = perVarbind(walks.snmpd.get(r)!);
    const timeRatio = ours.wallUsPerVarbind.median / reference.wallUsPerVarbind.median;
    return {
      repetitions: r,
      ours,
      snmpd: reference,
      /** Ours ÷ snmpd, wall time per varbind (medians): ≤ 2 means at least half as fast. */
      timeRatio: Math.round(timeRatio * 100) / 100,
      speed: Math.round((1 / timeRatio) * 100) / 100,
      pass: { walk: ours.walkMs.max <= TARGET_WALK_MS, perVarbind: timeRatio <= TARGET_TIME_RATIO },
      runs: { ours: walks.ours.get(r), snmpd: walks.snmpd.get(r) },
    };
  });
  const version = execFileSync("snmpd", ["-v"], { encoding: "utf8" }).match(/version:\s*(\S+)/)?.[1];
  const result = {
    benchmark: "snmpWalk",
    machine: machine(),
    source: source(),
    /** 1-minute load average before and after the walks: other work on the machine shows here. */
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
    ours: {
      agent:
        "`ipdect node` PARI Master (IPBS, System ID 293), SNMP agent src/platform/node/SnmpAgent.ts (npm net-snmp)",
      table: `IPDECT-MIB::ipdectRadioTable ${RADIO_TABLE}, ${RADIOS} static registrations from pari/state.json`,
      note: "connected radios would add 4 columns (Ip, Sync, Version, ConnectedTime): 11 per row instead of 7",
      varbinds: agents.ours.varbinds,
    },
    snmpd: {
      agent:
        `Net-SNMP snmpd ${version} (Debian) in its own network namespace, -C with rocommunity and no connection ` +
        "logging",
      table: `IF-MIB::ifTable ${IF_TABLE}, lo + ${RADIOS - 1} ifb devices`,
      varbinds: agents.snmpd.varbinds,
    },
    client:
      "snmpbulkwalk -v2c -m '' -On (Debian snmp), started with nsenter into the agent's network namespace, " +
      "output to a file",
    rounds: ROUNDS,
    targets: { walkMs: TARGET_WALK_MS, timeRatio: TARGET_TIME_RATIO },
    byRepetitions,
  };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/snmpWalk-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
  process.stdout.write(JSON.stringify(result, null, 2) + "\n");
} finally {
  await snmpd?.close();
  await nodes.close();
  removeTempDir(scratch);
}
