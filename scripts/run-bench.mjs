// Runs benchmarks: node scripts/run-bench.mjs [name ...] → dist/bench/<name>.js (all of them when no name is given).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const all = readdirSync("dist/bench")
  .filter((f) => f.endsWith(".js"))
  .map((f) => f.slice(0, -3));
const names = process.argv.length > 2 ? process.argv.slice(2) : all;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`no benchmark named ${name} (have: ${all.join(", ")})`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, [`dist/bench/${name}.js`], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
