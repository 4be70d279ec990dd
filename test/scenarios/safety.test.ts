import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LEASE_MARGIN_MS } from "../../src/role/redundancy.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import {
  MAX_DELAY_MS,
  RADIO_REBOOT_MS,
  randomSchedule,
  runAndCheck,
  scheduleYaml,
  type FaultSpec,
  type Mode,
  type Outcome,
} from "../helpers/faultSchedule.js";

/**
 * Safety of Master redundancy under random fault schedules (test/helpers/faultSchedule.ts): partitions between
 * arbitrary groups of devices (radio subsets included), heals, crashes and restarts of Masters and radios,
 * "activate-mirror" / "switch-mirror" on either Mirror at any time, 0–20 % loss (fleet-wide and per link), latency +
 * jitter ≤ MAX_DELAY_MS. Every schedule ends with heal all, loss 0 and every device started, then 30 s of quiet.
 *
 *  S1  two Mirror Masters are never active at once (overlappingActives);
 *  S2  no radio is ever registered to two Masters at once (doubleRegistrations), Standby and Mirror pairs;
 *  L   after the final heal: exactly one Master active and every radio registered to it (and nowhere else).
 *
 * Assumptions of the schedules (documented in faultSchedule.ts): latency + jitter ≤ 300 ms, well under
 * LEASE_MARGIN_MS − SWEEP_MS (750 ms); a radio reboots in no less than RADIO_REBOOT_MS (3 s; see faultSchedule.ts).
 */

const SEEDS_PER_MODE = 50;

/*
 * Regressions found by this search and fixed (each has a repro test below):
 *  B1  an active Mirror answered a yield request of its own term with "yielded" but stayed active;
 *  B3  a Master that redirected a radio later took a duplicate register of the same attempt as a new hold;
 *  B4  a radio frame delayed by retransmissions past LEASE_MARGIN_MS renewed the lease of the Master it had left
 *      (the radio now aborts its stream to a Master it leaves, as a TCP reset drops queued retransmissions);
 *  L1  both Mirrors inactive and in contact stayed inactive forever (now the most recently active one resumes);
 *  A1  a radio rebooting faster than a lease registered at once (now it waits a lease + margin after boot).
 */

function assertOutcome(o: Outcome, mode: Mode, where: string): void {
  if (mode === "mirror") assert.deepEqual(o.overlaps, [], `S1: two active Mirror Masters (${where})`);
  assert.deepEqual(o.doubles, [], `S2: a radio registered to two Masters (${where})`);
  assert.deepEqual(o.liveness, [], `liveness after the final heal (${where})`);
}

describe("random fault schedules never break S1/S2, and service comes back after healing", () => {
  test("schedules are seeded, within the documented bounds, and end with heal, loss 0 and every device started", () => {
    assert.ok(MAX_DELAY_MS * 2 < LEASE_MARGIN_MS - 250);
    for (const mode of ["mirror", "standby"] as const) {
      for (let seed = 1; seed <= 50; seed++) {
        const s = randomSchedule({ mode, seed });
        assert.deepEqual(randomSchedule({ mode, seed }), s, "same seed, same schedule");
        assert.ok(s.radios >= 3 && s.radios <= 9);
        assert.ok(s.latencyMs + s.jitterMs <= MAX_DELAY_MS && s.loss >= 0 && s.loss <= 0.2);
        const stops = new Map<string, number>();
        for (const f of [...s.chaos, ...s.finale].sort((x, y) => parseInt(x.at, 10) - parseInt(y.at, 10))) {
          const at = parseInt(f.at, 10);
          if (typeof f["loss"] === "number") assert.ok(f["loss"] <= 0.2);
          // A stop of a device that is already down changes nothing: its reboot counts from the first stop.
          if (typeof f["stop"] === "string" && !stops.has(f["stop"])) stops.set(f["stop"], at);
          const started = f["start"];
          if (typeof started === "string" && started.startsWith("radio") && stops.has(started)) {
            assert.ok(at - stops.get(started)! >= RADIO_REBOOT_MS, `${started} reboots in ≥ ${RADIO_REBOOT_MS} ms`);
            stops.delete(started);
          }
        }
        for (const f of s.finale)
          assert.ok(
            Object.keys(f).every((k) => ["at", "heal", "loss", "link", "start"].includes(k)),
            JSON.stringify(f),
          );
        assert.ok(s.finale.some((f) => f["heal"] === "all"));
        assert.ok(s.untilMs - s.chaosEndMs >= 30_000);
        if (mode === "mirror") assert.equal(s.chaos[0]?.["command"], "activate-mirror");
      }
    }
  });

  for (const mode of ["mirror", "standby"] as const) {
    for (let seed = 1; seed <= SEEDS_PER_MODE; seed++) {
      test(`${mode} pair, schedule ${seed}: S1, S2 and liveness`, async () => {
        const s = randomSchedule({ mode, seed });
        const o = await runAndCheck(scheduleYaml(s), seed, mode, s.untilMs, s.radios);
        assertOutcome(o, mode, `randomSchedule({ mode: "${mode}", seed: ${seed} })`);
      });
    }
  }
});

/** The minimal reproductions found by the search (also as fleet files under /tmp/violations when it ran). */
describe("known violations, shrunk", () => {
  const R = (n: number) => Array.from({ length: n }, (_, i) => `radio-${i + 1}`);
  const run = async (mode: Mode, radios: number, seed: number, untilMs: number, faults: FaultSpec[], net = {}) => {
    const yaml = redundancyFleetYaml({ radios, mode, faults, ...net });
    return runAndCheck(yaml, seed, mode, untilMs, radios);
  };

  test("a Mirror that restarts and is handed the role at once does not activate beside the active side", async () => {
    const o = await run("mirror", 6, 80, 40_000, [
      { at: "1916ms", command: "activate-mirror", device: "a" },
      { at: "23969ms", stop: "a" },
      { at: "34216ms", start: "a" },
      { at: "34334ms", command: "switch-mirror", device: "b" },
    ]);
    assert.deepEqual(o.overlaps, []);
  });

  test("a fenced Mirror's resume claim does not win against the peer that took over in the same term", async () => {
    const o = await run("mirror", 7, 169, 70_000, [
      { at: "2704ms", command: "activate-mirror", device: "b" },
      { at: "54001ms", stop: "radio-5" },
      { at: "60829ms", partition: [["b"], ["a", ...R(7)]] },
      { at: "68331ms", heal: "all" },
    ]);
    assert.deepEqual(o.overlaps, []);
  });

  test("a register delayed by stream retransmissions gives no lease to the Mirror the radio left", async () => {
    const o = await run(
      "mirror",
      7,
      1212,
      22_000,
      [
        { at: "2734ms", command: "activate-mirror", device: "a" },
        {
          at: "8016ms",
          partition: [
            ["b", "radio-3", "radio-7"],
            ["radio-5", "radio-6"],
          ],
        },
        { at: "11872ms", stop: "a" },
        { at: "12734ms", start: "a" },
        { at: "13574ms", command: "switch-mirror", device: "a" },
        { at: "15467ms", partition: [["a"], ["b"]] },
      ],
      { latencyMs: 80, jitterMs: 195, loss: 0.16 },
    );
    assert.deepEqual(o.overlaps, []);
    assert.deepEqual(o.doubles, []);
  });

  test("a Standby that redirected a radio does not register it later from a duplicate register (no loss)", async () => {
    const o = await run(
      "standby",
      3,
      1,
      16_000,
      [
        { at: "10s", partition: [["a"], ["radio-1"]] },
        { at: "11370ms", partition: [["a"], ["b"]] },
        { at: "13900ms", heal: [["a"], ["radio-1"]] },
      ],
      { latencyMs: 1, jitterMs: 299, loss: 0 },
    );
    assert.deepEqual(o.doubles, []);
  });

  test("two Mirrors in contact that were both last active in the same term resume service", async () => {
    const o = await run("mirror", 3, 1, 90_000, [
      { at: "1s", command: "activate-mirror", device: "b" },
      { at: "5s", partition: [["b"], ["a", ...R(3)]] },
      { at: "20s", heal: [["b"], R(3)] },
      { at: "20s", partition: [["a"], R(3)] },
      { at: "40s", heal: "all" },
      { at: "40s", stop: "b" },
      { at: "40500ms", start: "b" },
    ]);
    assert.deepEqual(o.overlaps, []);
    assert.deepEqual(o.liveness, []);
  });

  test("a radio rebooting within its lease does not vote in both Mirrors' quorums", async () => {
    const o = await run("mirror", 3, 1, 25_000, [
      { at: "1s", command: "activate-mirror", device: "b" },
      { at: "5s", partition: [["a"], ["b"]] },
      { at: "6s", partition: [["b"], ["radio-1"]] },
      { at: "20s", stop: "radio-2" },
      { at: "20100ms", start: "radio-2" },
    ]);
    assert.deepEqual(o.overlaps, []);
    assert.deepEqual(o.doubles, []);
  });
});
