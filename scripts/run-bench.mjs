// Runs benchmarks: node scripts/run-bench.mjs [name [argument ...] ...] → dist/bench/<name>.js (all of them when no
// name is given). An argument that starts with a digit or "-" goes to the benchmark named before it
// (`npm run bench -- safetySearch 5000`); anything else must be a benchmark's name.
import { readdirSync } from "node:fs";
import { withFiles } from "./withFiles.mjs";

const all = readdirSync("dist/bench")
  .filter((f) => f.endsWith(".js"))
  .map((f) => f.slice(0, -3));
const runs = process.argv.length > 2 ? [] : all.map((name) => ({ name, args: [] }));
for (const arg of process.argv.slice(2)) {
  if (all.includes(arg)) runs.push({ name: arg, args: [] });
  else if (runs.length > 0 && /^[-0-9]/.test(arg)) runs.at(-1).args.push(arg);
  else {
    console.error(`no benchmark named ${arg} (have: ${all.join(", ")})`);
    process.exit(2);
  }
}
for (const { name, args } of runs) {
  const r = withFiles(process.execPath, [`dist/bench/${name}.js`, ...args], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
