import { availableParallelism, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import type { HostPerformance } from "../../device/DeviceEnv.js";

/** CPU is averaged over at least this long: a reading sooner repeats the last value rather than divide by ~0. */
export const CPU_WINDOW_MS = 1000;

const pct = (part: number, whole: number): number => Math.min(100, Math.max(0, (100 * part) / whole));

/**
 * Diagnostics → Performance (§4.23.5) of a real node, as its process sees it: every device of an `ipdect node`
 * process runs on the same processors and memory, so each shows the same values.
 * - CPU: the process's CPU time (user and system) over the wall time since the previous reading, as a share of all
 *   the host's processors; the first reading covers the process's life so far.
 * - MEM: the process's resident set as a share of the memory it may use: the host's, or its cgroup limit when lower.
 * Concurrent calls are not measured: the device carries no calls over the air.
 */
export function processPerformance(): () => HostPerformance {
  const cores = availableParallelism();
  const limit = Math.min(totalmem(), process.constrainedMemory() || Infinity);
  const busy = (used: NodeJS.CpuUsage): number => (used.user + used.system) / 1000;
  let at = performance.now();
  let cpu = process.cpuUsage();
  let cpuPct = pct(busy(cpu), process.uptime() * 1000 * cores);
  return () => {
    const now = performance.now();
    if (now - at >= CPU_WINDOW_MS) {
      const next = process.cpuUsage();
      cpuPct = pct(busy(next) - busy(cpu), (now - at) * cores);
      [at, cpu] = [now, next];
    }
    return { cpuPct, memoryPct: pct(process.memoryUsage.rss(), limit) };
  };
}
