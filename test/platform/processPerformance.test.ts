import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { CPU_WINDOW_MS, processPerformance } from "../../src/platform/node/processPerformance.js";

/** Keeps this process's processor busy for `ms` of wall time. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

test("§4.23.5 CPU and MEM of a real node: percent of the host, CPU over the time since the last reading", async () => {
  const read = processPerformance();
  const first = read();
  for (const v of [first.cpuPct!, first.memoryPct!]) assert.ok(v >= 0 && v <= 100, String(v));
  assert.ok(first.memoryPct! > 0, "a running process has a resident set");
  assert.equal(first.calls, undefined, "the device carries no calls over the air");
  assert.equal(read().cpuPct, first.cpuPct, "within the window a reading repeats the last CPU value");
  spin(CPU_WINDOW_MS + 100);
  const busy = read().cpuPct!;
  // At least a tenth of one of the host's processors, however busy the others keep it.
  assert.ok(busy > 10 / availableParallelism(), `busy ${busy}`);
  await sleep(CPU_WINDOW_MS + 100);
  const idle = read().cpuPct!;
  assert.ok(idle < busy, `idle ${idle} < busy ${busy}`);
});
