import { DecodeError } from "../../core/errors.js";
import {
  PERFORMANCE_PARAMETERS,
  PERFORMANCE_WINDOW_MS,
  type PerformanceParameter,
} from "../../device/PerformanceHistory.js";
import { performanceText } from "../../device/performanceText.js";
import { command, type Command } from "../command.js";
import { shown } from "../ctlText.js";
import { MgmtCode } from "../errors.js";
import { inQuery } from "../params.js";
import { ClockMs, List, OneOf, S } from "../schema.js";

const MINUTE_MS = 60_000;
/** The window of §4.23.5, in minutes: "the last 24 hours". */
const WINDOW_MINUTES = PERFORMANCE_WINDOW_MS / MINUTE_MS;

/** `cpu,mem`: the parameters asked for, each once, in the order given. */
function parameters(t: string, key: string): PerformanceParameter[] {
  const asked = t.split(",").map((p) => p.trim());
  for (const p of asked)
    if (!(PERFORMANCE_PARAMETERS as readonly string[]).includes(p))
      throw new DecodeError(
        MgmtCode.BadParameter,
        `${key}: "${p}" is not one of ${PERFORMANCE_PARAMETERS.join(", ")} (§4.23.5)`,
      );
  return [...new Set(asked as PerformanceParameter[])];
}

/** How many of the last minutes to show: 1 to the 24 hours the device keeps. */
function minutes(t: string, key: string): number {
  const n = Number(t);
  if (!(/^\d+$/.test(t) && n >= 1 && n <= WINDOW_MINUTES))
    throw new DecodeError(MgmtCode.BadMinutes, `${key} must be a whole number from 1 to ${WINDOW_MINUTES} (24 hours)`);
  return n;
}

/** One parameter's graph (§4.23.5): its name, unit, the maximum possible value and a value per sample time. */
const SeriesSchema = S.Object({
  parameter: OneOf(PERFORMANCE_PARAMETERS),
  label: S.String({ description: "the manual's name: CPU, MEM, ETH0, Concurrent calls" }),
  unit: S.String(),
  max: S.Union([S.Number(), S.Null()], {
    description: "the maximum possible value, shown at the top left of the graph; null: none is fixed (ETH0)",
  }),
  measured: S.Boolean({ description: "false: this world does not measure it (CPU and MEM in the sim)" }),
  note: S.Optional(S.String()),
  values: List(S.Number(), { description: "one per entry of times when measured, else empty" }),
});

/** Diagnostics → Performance (§4.23.5): the samples of the last 24 hours since the device booted. */
const PerformanceSchema = S.Object({
  now: ClockMs("the device's clock now, the end of the window"),
  intervalMs: S.Integer({ description: "the time between two samples" }),
  windowMs: S.Integer({ description: "how far back the device keeps samples: 24 hours" }),
  times: List(ClockMs("a sample's time"), { description: "oldest first" }),
  series: List(SeriesSchema, { description: "one per parameter asked for, in that order" }),
});

/** Diagnostics → Performance (§4.23.5). */
export const PERFORMANCE_COMMANDS: readonly Command[] = [
  command({
    name: "performance",
    summary: "Diagnostics → Performance (§4.23.5): CPU, MEM, ETH0 and concurrent calls, a sample a minute for 24 h",
    need: "auditor",
    method: "GET",
    path: "/api/performance",
    params: {
      parameters: {
        ...inQuery(PERFORMANCE_PARAMETERS.join(","), parameters),
        description: "the parameters to show, comma-separated",
        ctl: { option: "parameters", value: "<cpu,mem,eth0,calls>" },
      },
      minutes: {
        ...inQuery(String(WINDOW_MINUTES), minutes),
        description: "the last minutes to show, 1 to 1440",
        ctl: { option: "minutes", value: "<1-1440>" },
      },
    },
    response: PerformanceSchema,
    run: ({ device }, a) => device.performanceHistory().view(a.parameters, a.minutes * MINUTE_MS),
    ctl: { text: shown(performanceText) },
  }),
];
