// Runs every compiled test file under dist/test with Node's test runner (node:test).
// Usage: node scripts/run-tests.mjs [path-filter ...]
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { withFiles } from "./withFiles.mjs";

const files = readdirSync("dist/test", { recursive: true })
  .map((f) => join("dist/test", String(f)))
  .filter((f) => f.endsWith(".test.js"))
  .filter((f) => process.argv.length <= 2 || process.argv.slice(2).some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error("no test files found under dist/test (did the build run?)");
  process.exit(1);
}
// Two test files at a time: most of the suite waits on real servers and timers (kamailio's TTLs, a lab's fault at
// 90 s), so two files overlap their waits on a 2-core machine (1520 s → 932 s, docs/development.md). Files are
// made to run side by side: each binds a random loopback block (test/helpers/loopback.ts).
const r = withFiles(process.execPath, ["--test", "--test-concurrency=2", "--test-reporter=spec", ...files], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
