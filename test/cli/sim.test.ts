import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runIpdect } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "ipdect-cli-"));
const ipdect = (...args: string[]) => runIpdect(args);

describe("ipdect sim (command line)", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("writes a JSON-lines event log and a report; the same seed twice gives identical bytes", () => {
    const run = (n: number) =>
      ipdect(
        "sim",
        "examples/redundancy.yaml",
        "--seed",
        "1",
        "--until",
        "3m",
        "--events",
        join(dir, `e${n}.jsonl`),
        "--report",
        join(dir, `r${n}.json`),
      );
    const first = run(1);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(run(2).status, 0);
    const log = readFileSync(join(dir, "e1.jsonl"), "utf8");
    assert.equal(log, readFileSync(join(dir, "e2.jsonl"), "utf8"));
    const lines = log
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of lines)
      assert.ok(typeof e["t"] === "number" && typeof e["device"] === "string" && typeof e["kind"] === "string");
    const alarm = lines.find((e) => e["kind"] === "alarm");
    assert.deepEqual([alarm?.["code"], alarm?.["severity"]], ["0x00030201", "major"]);
    const report = JSON.parse(readFileSync(join(dir, "r1.json"), "utf8")) as {
      devices: Record<string, { master?: { state: string } }>;
    };
    assert.equal(report.devices["master"]?.master?.state, "active.serving");
    assert.equal(report.devices["standby"]?.master?.state, "standby.watching");
    assert.match(first.stdout, /radio-4 +yes/);
  });

  test("a broken fleet file fails with file, line and reason, and exit code 2", () => {
    const r = ipdect("sim", "test/fixtures/bad-fleet.yaml");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad-fleet\.yaml:5: .*mode/);
  });

  test("a file that cannot be read is a clear error with exit code 2 and no stack trace (sim, node, ctl)", () => {
    for (const args of [
      ["sim", "no-such-fleet.yaml"],
      ["node", "--config", "no-such-config.yaml"],
      ["ctl", "config", "--set", "no-such-config.txt", "--node", "127.0.0.1:9"],
    ]) {
      const r = ipdect(...args);
      assert.equal(r.status, 2, args.join(" "));
      assert.match(r.stderr, /^error: no-such-\S+: cannot read it \(ENOENT/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  test("unknown commands and options are reported, not thrown", () => {
    assert.equal(ipdect("fly").status, 2);
    assert.equal(ipdect("sim", "examples/redundancy.yaml", "--sed", "1").status, 2);
  });
});
