import type { Severity } from "../core/alarms/index.js";
import type { ActiveAlarm } from "../role/Alarms.js";
import type { DeviceStatus } from "./status.js";

/** One sample: its labels (besides the family's name) and value. */
export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * One metric of the Prometheus exposition format: a counter only goes up (until the process restarts), a gauge is a
 * value now. Names follow the Prometheus conventions (`_total` for counters); the values come from the one status
 * model (docs/architecture.md "Observability"), so `/metrics`, `GET /api/status` and the MIB agree.
 */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge";
  readonly samples: readonly MetricSample[];
}

const SEVERITIES: readonly Severity[] = ["critical", "major", "indeterminate"];

const one = (value: number): readonly MetricSample[] => [{ labels: {}, value }];

/** The active alarms by severity (§4.23.3), every severity present so a rate or alert sees the zero. */
function bySeverity(alarms: readonly ActiveAlarm[]): MetricSample[] {
  return SEVERITIES.map((severity) => ({
    labels: { severity },
    value: alarms.filter((a) => a.severity === severity).length,
  }));
}

/**
 * A device's metrics: frame counters, active alarms (its own and, on a PARI Master, the system's, §4.23.3), the
 * Master's registered radios, the PARI Master's radios (§4.11.1) and the gatekeeper's users (§4.6.23). A role the
 * device does not run has no family.
 */
export function deviceMetrics(status: DeviceStatus): MetricFamily[] {
  const c = status.counters;
  const families: MetricFamily[] = [
    { name: "ipdect_up", help: "1 while the device runs", type: "gauge", samples: one(status.up ? 1 : 0) },
    { name: "ipdect_frames_in_total", help: "device-link frames received", type: "counter", samples: one(c.framesIn) },
    { name: "ipdect_frames_out_total", help: "device-link frames sent", type: "counter", samples: one(c.framesOut) },
    {
      name: "ipdect_frames_dropped_total",
      help: "device-link frames dropped as malformed, unsealed or unexpected",
      type: "counter",
      samples: one(c.framesDropped),
    },
    {
      name: "ipdect_alarms_active",
      help: "the device's own active alarms by severity (manual §4.23.3)",
      type: "gauge",
      samples: bySeverity(status.alarms.filter((a) => a.remote === undefined)),
    },
  ];
  if (status.pari !== undefined)
    families.push(
      {
        name: "ipdect_system_alarms_active",
        help: "every active alarm of the system on this PARI Master, forwarded ones too (§4.23.3, §4.6.33)",
        type: "gauge",
        samples: bySeverity(status.alarms),
      },
      {
        name: "ipdect_pari_radios",
        help: "radios in the PARI Master's list (§4.11.1)",
        type: "gauge",
        samples: one(status.pari.radios.length),
      },
    );
  const master = status.master;
  if (master !== undefined)
    families.push(
      {
        name: "ipdect_master_serving",
        help: "1 while the Master role serves (active, or a Standby that took over)",
        type: "gauge",
        samples: one(master.serving ? 1 : 0),
      },
      {
        name: "ipdect_radios_registered",
        help: "radios registered at this Master",
        type: "gauge",
        samples: one(master.radios.filter((r) => r.standing === "registered").length),
      },
    );
  const users = status.gatekeeper?.users;
  if (users !== undefined)
    families.push({
      name: "ipdect_users",
      help: "the gatekeeper's users by registration state (§4.6.23)",
      type: "gauge",
      samples: (["registered", "registering", "waiting", "failed"] as const).map((state) => ({
        labels: { state },
        value: users[state],
      })),
    });
  return families;
}
