import { setup } from "xstate";
import { ticker } from "../role/timerActors.js";
import { PERFORMANCE_INTERVAL_MS, type PerformanceHistory } from "./PerformanceHistory.js";

/** What the Device hands the chart: the history it created (and reads itself). */
export interface PerformanceInput {
  readonly core: PerformanceHistory;
}

/**
 * When Diagnostics → Performance (§4.23.5) samples: once as the device boots, so the graphs start with it, then every
 * PERFORMANCE_INTERVAL_MS on the device's clock (virtual time in the sim) until the device stops. The chart owns the
 * time; PerformanceHistory owns the samples (docs/architecture.md "Charts own mode and time; cores own data").
 */
export const performanceMachine = setup({
  types: { context: {} as PerformanceInput, input: {} as PerformanceInput },
  actors: { ticker },
  actions: { sample: ({ context }) => context.core.sample() },
}).createMachine({
  id: "performance",
  context: ({ input }) => ({ core: input.core }),
  entry: "sample",
  invoke: {
    src: "ticker",
    input: ({ context }) => ({ clock: context.core.clock, ms: PERFORMANCE_INTERVAL_MS }),
  },
  on: { tick: { actions: "sample" } },
});
