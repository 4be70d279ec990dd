import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ROOT, runIpdectAsync } from "../helpers/cli.js";

/**
 * Every example fleet, with seeds 1, 3 and 7, gives one event log: run once with messages carried by reference and
 * once with `--wire` (real bytes between devices; docs/design.md "Carried frames"), in separate processes, and the
 * two logs must be the same bytes. That checks both that a seed fixes the run and that carrying changes nothing.
 * The examples that are node configurations (`ipdect node --config`) are not fleets for `ipdect sim`.
 */

const SEEDS = [1, 3, 7];
const dir = mkdtempSync(join(tmpdir(), "ipdect-determinism-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const examples = readdirSync(join(ROOT, "examples"))
  .filter((f) => f.endsWith(".yaml"))
  .filter((f) => {
    const text = readFileSync(join(ROOT, "examples", f), "utf8");
    return text.includes("schema/fleet.schema.json") && !text.includes("ipdect node --config");
  })
  .sort();

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** Runs the jobs two at a time (this machine's two cores). */
async function twoAtATime<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

test("the example fleets are there to check (redundancy, mirror, campus, users-4000, sip-4000 among them)", () => {
  for (const f of ["redundancy.yaml", "mirror.yaml", "campus.yaml", "users-4000.yaml", "sip-4000.yaml"])
    assert.ok(examples.includes(f), f);
});

test("every example fleet with seeds 1, 3 and 7: the same event log carried and on the wire", async () => {
  const runs = examples.flatMap((f) => SEEDS.flatMap((seed) => ["carried", "wire"].map((mode) => ({ f, seed, mode }))));
  const results = await twoAtATime(
    runs.map((r) => async () => {
      const events = join(dir, `${r.f}-${r.seed}-${r.mode}.jsonl`);
      const wire = r.mode === "wire" ? ["--wire"] : [];
      const res = await runIpdectAsync([
        "sim",
        `examples/${r.f}`,
        "--seed",
        String(r.seed),
        "--events",
        events,
        ...wire,
      ]);
      assert.equal(res.status, 0, `${r.f} seed ${r.seed} ${r.mode}: ${res.stderr}`);
      return { ...r, sha: sha(events) };
    }),
  );
  for (const f of examples)
    for (const seed of SEEDS) {
      const [carried, wire] = ["carried", "wire"].map(
        (m) => results.find((r) => r.f === f && r.seed === seed && r.mode === m)!.sha,
      );
      assert.equal(carried, wire, `${f} seed ${seed}`);
    }
});
