/**
 * Diagnostics → Performance (§4.23.5) in a simulated fleet: every device samples on the fleet's virtual clock, keeps
 * exactly the last 24 hours, starts again at a reset (a real device's graphs do too), and a seed gives the same
 * samples every run.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PERFORMANCE_INTERVAL_MS, PERFORMANCE_SAMPLES } from "../../src/device/PerformanceHistory.js";
import { startFleet } from "../helpers/sim.js";

const HOUR_MS = 3_600_000;
const MASTER = `{ name: m, kind: IPVM, mac: "00:90:33:22:00:01", ip: 127.0.1.1, master: { mode: active } }`;
const RADIO = `{ name: r, kind: IPBS, mac: "00:90:33:22:00:02", ip: 127.0.2.1, radio: { master: 127.0.1.1 } }`;
const fleetYaml = (...devices: string[]) => `name: performance\ndevices:\n${devices.map((d) => `  - ${d}\n`).join("")}`;

describe("Performance history in the sim (§4.23.5: the last 24 hours)", () => {
  test("after 25 hours of virtual time a device holds exactly 1440 samples, a minute apart; a reset starts again", async () => {
    await using fleet = await startFleet(fleetYaml(MASTER));
    await fleet.runFor(25 * HOUR_MS + 30_000);
    const times = fleet
      .device("m")
      .performanceHistory()
      .samples()
      .map((s) => s.t);
    assert.equal(times.length, PERFORMANCE_SAMPLES);
    assert.equal(times.length, 1440);
    assert.equal(times.at(-1), 25 * HOUR_MS);
    assert.equal(times[0], 25 * HOUR_MS - 1439 * PERFORMANCE_INTERVAL_MS);
    assert.ok(times.every((t, i) => i === 0 || t - times[i - 1]! === PERFORMANCE_INTERVAL_MS));

    await fleet.device("m").reset("immediate");
    await fleet.runFor(5 * PERFORMANCE_INTERVAL_MS);
    const again = fleet.device("m").performanceHistory().samples();
    assert.equal(again.length, 6, "the boot's sample and one a minute since");
    assert.equal(again[0]!.t, times.at(-1)! + 30_000);
  });

  test("the same fleet and seed give the same samples, device-link frames included", async () => {
    const run = async () => {
      await using fleet = await startFleet(fleetYaml(MASTER, RADIO), 7);
      await fleet.runFor(10 * PERFORMANCE_INTERVAL_MS);
      return ["m", "r"].map((name) => fleet.device(name).performanceHistory().samples());
    };
    const first = await run();
    assert.ok(
      first[1]!.slice(1).every((s) => s.eth0Frames > 0),
      "the radio's heartbeats",
    );
    assert.deepEqual(await run(), first);
  });
});
