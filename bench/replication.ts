/**
 * npm run bench -- replication
 * Full replication Master → Standby on real nodes (§4.5.3.1): initial copy of 4000 users, and how soon each of 1000
 * changes is visible on the Standby. Three runs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loopbackBlock } from "../test/helpers/loopback.js";
import { NodeProcesses } from "../test/helpers/nodes.js";
import { measureReplication, quantile } from "../test/helpers/replication.js";
import { machine, stats } from "./lib/machine.js";

async function once() {
  const ip = loopbackBlock();
  const nodes = new NodeProcesses();
  try {
    const run = await measureReplication(
      nodes,
      {
        ip: ip(1),
        name: "master",
        yaml: `{ name: master, kind: IPVM, mac: "00:90:33:07:00:01", ip: ${ip(1)}, master: { mode: active, id: 1 } }\n`,
      },
      {
        ip: ip(2),
        name: "standby",
        yaml: `{ name: standby, kind: IPVM, mac: "00:90:33:07:00:02", ip: ${ip(2)}, master: { mode: standby, id: 1, primary: ${ip(1)} } }\n`,
      },
      4000,
      1000,
    );
    return { copyMs: run.copyMs, p50: quantile(run.changeMs, 0.5), p99: quantile(run.changeMs, 0.99) };
  } finally {
    await nodes.close();
  }
}

const runs = [];
for (let i = 0; i < 3; i++) runs.push(await once());
const result = {
  benchmark: "replication",
  machine: machine(),
  users: 4000,
  changes: 1000,
  initialCopyMs: stats(runs.map((r) => r.copyMs)),
  changeP50Ms: stats(runs.map((r) => r.p50)),
  changeP99Ms: stats(runs.map((r) => r.p99)),
};
mkdirSync("bench/results", { recursive: true });
writeFileSync(`bench/results/replication-${result.machine.date}.json`, JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result, null, 2));
