import type { Clock } from "../core/Clock.js";
import { Ring } from "../core/Ring.js";
import type { HostPerformance } from "./DeviceEnv.js";
import type { Counters } from "./status.js";

/** §4.23.5: "One window shows statistics for the last 24 hours." */
export const PERFORMANCE_WINDOW_MS = 24 * 60 * 60_000;

/**
 * One sample a minute. A minute tells the manual's "100% utilization for a longer time" from its "occasional peaks";
 * 1440 points across the day are about as many as a graph one screen wide can show, and a reading a minute costs
 * nothing next to a radio's heartbeat every 500 ms (in the sim: one timer a minute per device).
 */
export const PERFORMANCE_INTERVAL_MS = 60_000;

/** The samples of the window: the ring holds these and drops the oldest beyond. */
export const PERFORMANCE_SAMPLES = PERFORMANCE_WINDOW_MS / PERFORMANCE_INTERVAL_MS;

/** §4.23.5 Concurrent calls: "the peak for what can be handled by the Base Station (8)". */
export const CONCURRENT_CALLS_MAX = 8;

/** The parameters of §4.23.5 this version keeps; CPU-R (the tasks' CPU allocation) has no counterpart here. */
export const PERFORMANCE_PARAMETERS = ["cpu", "mem", "eth0", "calls"] as const;
export type PerformanceParameter = (typeof PERFORMANCE_PARAMETERS)[number];

/** One sample: when (the device's clock), and what the device measured then. */
export interface PerformanceSample {
  readonly t: number;
  /** CPU and MEM as the host measures them (DeviceEnv.performanceMeter); absent where it measures nothing (the sim). */
  readonly cpuPct?: number;
  readonly memoryPct?: number;
  /** Device-link frames sent and received since the sample before (the boot's first sample: since the boot). */
  readonly eth0Frames: number;
}

/** How a parameter is shown: the manual's name, its unit, its maximum possible value and where its values come from. */
interface ParameterSpec {
  readonly label: string;
  readonly unit: string;
  /** The top of the graph (§4.23.5 "the maximum possible value"); undefined: none is fixed. */
  readonly max: number | undefined;
  readonly value: (s: PerformanceSample) => number | undefined;
  readonly note?: string;
}

const SPECS: Readonly<Record<PerformanceParameter, ParameterSpec>> = {
  cpu: { label: "CPU", unit: "%", max: 100, value: (s) => s.cpuPct },
  mem: { label: "MEM", unit: "%", max: 100, value: (s) => s.memoryPct },
  eth0: {
    label: "ETH0",
    unit: "frames",
    max: undefined,
    value: (s) => s.eth0Frames,
    note: "device-link frames in and out per interval (SIP, LDAP and HTTP not counted)",
  },
  calls: {
    label: "Concurrent calls",
    unit: "calls",
    max: CONCURRENT_CALLS_MAX,
    // Not a measurement: this version carries no calls over the air (Device.reset), so there are never any.
    value: () => 0,
    note: "this version carries no calls over the air: always 0",
  },
};

/** One parameter over the samples shown: a value per sample time, or none where the world does not measure it. */
export interface PerformanceSeries {
  readonly parameter: PerformanceParameter;
  readonly label: string;
  readonly unit: string;
  /** The maximum possible value (§4.23.5), null where none is fixed (ETH0: the graph scales to its peak). */
  readonly max: number | null;
  readonly measured: boolean;
  readonly note?: string;
  /** One per `times` entry when measured; empty when not. */
  readonly values: readonly number[];
}

/** Diagnostics → Performance (§4.23.5) as the API answers it: sample times and a series per parameter asked for. */
export interface PerformanceView {
  /** The device's clock now: the end of the window. */
  readonly now: number;
  readonly intervalMs: number;
  readonly windowMs: number;
  /** Sample times, oldest first. */
  readonly times: readonly number[];
  readonly series: readonly PerformanceSeries[];
}

/** CPU and MEM where the world measures no host (DeviceEnv.performanceMeter absent). */
const NOT_MEASURED = "not measured: the world measures no host (the sim)";

const framesOf = (c: Counters): number => c.framesIn + c.framesOut;

/**
 * The last 24 hours of Diagnostics → Performance (§4.23.5) of one boot: a bounded ring of samples, taken when the
 * device's performance chart says (performance.machine.ts). Kept in memory only: a real device's graphs start again
 * after a restart too, and a day of samples is not worth a flash write a minute.
 */
export class PerformanceHistory {
  readonly clock: Clock;
  readonly #ring = new Ring<PerformanceSample>(PERFORMANCE_SAMPLES);
  readonly #counters: Counters;
  readonly #host: (() => HostPerformance) | undefined;
  /** The frame counters at the sample before. */
  #frames: number;

  constructor(clock: Clock, counters: Counters, host: (() => HostPerformance) | undefined) {
    this.clock = clock;
    this.#counters = counters;
    this.#host = host;
    this.#frames = framesOf(counters);
  }

  /** Takes one sample now. */
  sample(): void {
    const frames = framesOf(this.#counters);
    const host = this.#host?.();
    this.#ring.push({
      t: this.clock.now(),
      ...(host?.cpuPct === undefined ? {} : { cpuPct: host.cpuPct }),
      ...(host?.memoryPct === undefined ? {} : { memoryPct: host.memoryPct }),
      eth0Frames: frames - this.#frames,
    });
    this.#frames = frames;
  }

  /** Every sample held, oldest first. */
  samples(): PerformanceSample[] {
    return this.#ring.toArray();
  }

  /** The samples of the last `lastMs` with a series for each of `parameters`, in the order asked. */
  view(parameters: readonly PerformanceParameter[], lastMs = PERFORMANCE_WINDOW_MS): PerformanceView {
    const now = this.clock.now();
    const shown = this.samples().filter((s) => s.t > now - lastMs);
    return {
      now,
      intervalMs: PERFORMANCE_INTERVAL_MS,
      windowMs: PERFORMANCE_WINDOW_MS,
      times: shown.map((s) => s.t),
      series: parameters.map((parameter) => {
        const { label, unit, max, value, note } = SPECS[parameter];
        const values = shown.map(value);
        const measured = values.every((v) => v !== undefined);
        const why = measured ? note : NOT_MEASURED;
        return {
          parameter,
          label,
          unit,
          max: max ?? null,
          measured,
          ...(why === undefined ? {} : { note: why }),
          values: measured ? (values as number[]) : [],
        };
      }),
    };
  }
}
