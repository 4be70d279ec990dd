// Prints the sha256 of the event log of every examples/*.yaml fleet with seeds 1, 3 and 7, one line each
// ("<sha256>  <example>-<seed>.jsonl"), for checking that a refactoring changes no behaviour (issue 14).
// Usage: node scripts/event-log-hashes.mjs [dir-to-keep-the-logs] [--wire]   (--wire: real bytes between devices; the
// hashes must be the same as without it, docs/design.md "Carried frames")
// A file that is not a fleet (examples/ldap-node.yaml is a node config) prints "not a fleet" instead.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const wire = process.argv.includes("--wire") ? ["--wire"] : [];
const out = process.argv.slice(2).find((a) => a !== "--wire") ?? mkdtempSync(join(tmpdir(), "ipdect-events-"));
mkdirSync(out, { recursive: true });
for (const file of readdirSync(join(root, "examples"))
  .filter((f) => f.endsWith(".yaml"))
  .sort()) {
  for (const seed of [1, 3, 7]) {
    const name = `${basename(file, ".yaml")}-${seed}.jsonl`;
    const events = join(out, name);
    const r = spawnSync(
      process.execPath,
      [join(root, "bin/ipdect.js"), "sim", join("examples", file), "--seed", String(seed), "--events", events, ...wire],
      { cwd: root, encoding: "utf8" },
    );
    if (r.status !== 0) {
      console.log(`not a fleet (exit ${r.status})  ${name}`);
      continue;
    }
    console.log(`${createHash("sha256").update(readFileSync(events)).digest("hex")}  ${name}`);
  }
}
