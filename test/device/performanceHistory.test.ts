/**
 * Diagnostics → Performance (§4.23.5: "One window shows statistics for the last 24 hours"): the bounded ring, the
 * history's samples and the chart that takes them on the device's clock, here a VirtualClock.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createActor } from "xstate";
import { Ring } from "../../src/core/Ring.js";
import type { HostPerformance } from "../../src/device/DeviceEnv.js";
import { performanceMachine } from "../../src/device/performance.machine.js";
import {
  PERFORMANCE_INTERVAL_MS,
  PERFORMANCE_SAMPLES,
  PERFORMANCE_WINDOW_MS,
  PerformanceHistory,
} from "../../src/device/PerformanceHistory.js";
import type { Counters } from "../../src/device/status.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { VirtualClock } from "../../sim/VirtualClock.js";

const HOUR_MS = 3_600_000;

describe("Ring: the newest items, at most its capacity", () => {
  test("keeps the last `capacity` items oldest first, whatever the number pushed", () => {
    for (const pushed of [0, 1, 4, 5, 6, 13, 1000]) {
      const ring = new Ring<number>(5);
      for (let i = 0; i < pushed; i++) ring.push(i);
      const kept = [...Array(pushed).keys()].slice(-5);
      assert.deepEqual(ring.toArray(), kept, `${pushed} pushed`);
      assert.equal(ring.length, kept.length);
      assert.equal(ring.last(), kept.at(-1));
    }
  });
});

/**
 * A device's history and its chart on a VirtualClock; `frames` device-link frames are counted every virtual second
 * and the host reports the CPU and MEM `host` gives (none: the sim's).
 */
function sampler(host?: (clock: VirtualClock) => HostPerformance) {
  const clock = new VirtualClock();
  const counters: Counters = { framesIn: 0, framesOut: 0, framesDropped: 0 };
  const history = new PerformanceHistory(clock, counters, host && (() => host(clock)));
  const chart = createActor(performanceMachine, { input: { core: history }, clock }).start();
  const traffic = () => {
    counters.framesIn += 2;
    counters.framesOut += 1;
    clock.setTimeout(traffic, 1000);
  };
  clock.setTimeout(traffic, 1000);
  return { clock, history, chart, run: (ms: number) => clock.runUntil(clock.now() + ms, afterChains) };
}

describe("PerformanceHistory: a sample a minute on the device's clock, the last 24 hours kept", () => {
  test("the first sample is taken at boot, then one every 60 s of virtual time", async () => {
    const s = sampler();
    assert.deepEqual(s.history.samples(), [{ t: 0, eth0Frames: 0 }]);
    await s.run(3 * PERFORMANCE_INTERVAL_MS);
    assert.deepEqual(
      s.history.samples().map((x) => x.t),
      [0, 60_000, 120_000, 180_000],
    );
    // 3 frames a second, counted at 1 s, 2 s, …: the first minute's sample (set before the traffic at 60 s, so it
    // fires first) sees 59 s of them, each later one a whole minute.
    assert.deepEqual(
      s.history.samples().map((x) => x.eth0Frames),
      [0, 177, 180, 180],
    );
    s.chart.stop();
  });

  test("after 25 hours exactly 1440 samples are kept, one minute apart, the newest now (§4.23.5: 24 hours)", async () => {
    const s = sampler();
    await s.run(25 * HOUR_MS + 30_000);
    const times = s.history.samples().map((x) => x.t);
    assert.equal(PERFORMANCE_SAMPLES, 1440);
    assert.equal(times.length, 1440);
    assert.equal(times.at(-1), 25 * HOUR_MS);
    assert.ok(times.every((t, i) => i === 0 || t - times[i - 1]! === PERFORMANCE_INTERVAL_MS));
    assert.ok(s.clock.now() - times[0]! < PERFORMANCE_WINDOW_MS);
    s.chart.stop();
  });

  test("a stopped chart samples no more (the device stopped or is restarting)", async () => {
    const s = sampler();
    await s.run(2 * PERFORMANCE_INTERVAL_MS);
    s.chart.stop();
    await s.run(10 * PERFORMANCE_INTERVAL_MS);
    assert.equal(s.history.samples().length, 3);
  });

  test("the same run gives the same samples (deterministic in virtual time)", async () => {
    const run = async () => {
      const s = sampler((clock) => ({ cpuPct: (clock.now() / 60_000) % 100, memoryPct: 40 }));
      await s.run(3 * HOUR_MS);
      s.chart.stop();
      return s.history.samples();
    };
    assert.deepEqual(await run(), await run());
  });

  test("the view: the parameters in the order asked, the window asked, CPU and MEM unmeasured without a host", async () => {
    const measured = sampler(() => ({ cpuPct: 12.5, memoryPct: 40 }));
    await measured.run(HOUR_MS);
    const view = measured.history.view(["mem", "calls", "cpu"], 10 * PERFORMANCE_INTERVAL_MS);
    assert.equal(view.now, HOUR_MS);
    assert.equal(view.times.length, 10);
    assert.equal(view.times[0], HOUR_MS - 9 * PERFORMANCE_INTERVAL_MS);
    assert.deepEqual(
      view.series.map((x) => [x.parameter, x.label, x.max, x.measured]),
      [
        ["mem", "MEM", 100, true],
        ["calls", "Concurrent calls", 8, true],
        ["cpu", "CPU", 100, true],
      ],
    );
    assert.deepEqual(view.series[2]!.values, Array(10).fill(12.5));
    assert.deepEqual(view.series[1]!.values, Array(10).fill(0), "this version carries no calls");
    measured.chart.stop();

    const sim = sampler();
    await sim.run(HOUR_MS);
    const [cpu, eth0] = sim.history.view(["cpu", "eth0"]).series;
    assert.equal(cpu!.measured, false);
    assert.deepEqual(cpu!.values, []);
    assert.match(cpu!.note ?? "", /not measured/);
    assert.equal(eth0!.max, null);
    assert.equal(eth0!.values.length, 61);
    sim.chart.stop();
  });
});
