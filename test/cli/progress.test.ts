import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { progressLine, runWithProgress } from "../../src/cli/progress.js";
import { runIpdect } from "../helpers/cli.js";
import { exampleYaml, startFleet } from "../helpers/sim.js";

describe("progress of a long sim run (issue 19, 3)", () => {
  test("the line: virtual time reached and asked for, speed in virtual s per real s, events so far", () => {
    assert.equal(
      progressLine({ virtualMs: 83_000, untilMs: 180_000, wallMs: 2000, events: 1234567 }),
      "sim 83.0 s / 180.0 s virtual (46%)  41.5 s/s  1 234 567 events",
    );
    assert.equal(
      progressLine({ virtualMs: 0, untilMs: 0, wallMs: 0, events: 0 }),
      "sim 0.0 s / 0.0 s virtual (100%)  – s/s  0 events",
    );
  });

  test("on a terminal the line is redrawn in place and erased at the end; the run's events do not change", async () => {
    const run = async (tty: { write(s: string): unknown } | undefined) => {
      const fleet = await startFleet(exampleYaml("redundancy.yaml"));
      let wall = 0;
      await runWithProgress(fleet, 180_000, tty, () => (wall += 100));
      await fleet.close();
      return JSON.stringify(fleet.events.events);
    };
    const written: string[] = [];
    const withLine = await run({ write: (s: string) => written.push(s) });
    assert.equal(withLine, await run(undefined));
    const ERASE = "\x1b[K";
    assert.ok(
      written[0]!.startsWith("\rsim 1.0 s / 180.0 s virtual (0%)  ") && written[0]!.endsWith(` events${ERASE}`),
    );
    assert.match(written.at(-2)!, /^\rsim 180\.0 s \/ 180\.0 s virtual \(100%\)/);
    assert.equal(written.at(-1), "\r\x1b[K");
  });

  test("not a terminal (a pipe): ipdect sim prints no progress on stderr", () => {
    const r = runIpdect(["sim", "examples/redundancy.yaml", "--quiet", "--until", "30s"]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
  });
});
