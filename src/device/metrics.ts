import type { Severity } from "../core/alarms/index.js";
import type { ActiveAlarm } from "../role/Alarms.js";
import type { MibSource } from "../snmp/mibSource.js";
import { ldapServerMetrics, replicatorMetrics } from "./ldapMetrics.js";
import { counter, flag, gauge, one, type MetricFamily, type MetricSample } from "./metricFamily.js";
import type { DeviceStatus } from "./status.js";
import { radioSyncMetrics, syncOverviewMetrics } from "./syncMetrics.js";

/**
 * What a device's IPDECT-MIB and its metrics are read from at one moment (OperatorInterface.readings()): the one
 * status model that `GET /api/status` serves, the LDAP server's counters and the replicator's status (pages the
 * status does not carry), and what the host measures. One reading for both, so `/metrics`, the status and the MIB
 * agree (docs/architecture.md "Observability").
 */
export interface DeviceReadings extends Omit<MibSource, "status" | "registrations"> {
  readonly status: DeviceStatus;
}

const SEVERITIES: readonly Severity[] = ["critical", "major", "indeterminate"];

/** The active alarms by severity (§4.23.3), every severity present so a rate or alert sees the zero. */
function bySeverity(alarms: readonly ActiveAlarm[]): MetricSample[] {
  return SEVERITIES.map((severity) => ({
    labels: { severity },
    value: alarms.filter((a) => a.severity === severity).length,
  }));
}

/**
 * A device's metrics: those of every device (up, frames, alarms, what the host measures) and those of the roles it
 * runs (PARI Master, Master, gatekeeper, LDAP server, replicator, air sync). A role the device does not run has no
 * family. docs/user-guide.md "Metrics (Prometheus)" tables them with their IPDECT-MIB objects.
 */
export function deviceMetrics(r: DeviceReadings): MetricFamily[] {
  const s = r.status;
  return [
    gauge("ipdect_up", "1 while the device runs", one(flag(s.up))),
    ...performanceMetrics(r),
    gauge(
      "ipdect_alarms_active",
      "the device's own active alarms by severity (manual §4.23.3)",
      bySeverity(s.alarms.filter((a) => a.remote === undefined)),
    ),
    ...roleMetrics(s),
    ...(r.ldap === undefined ? [] : ldapServerMetrics(r.ldap)),
    ...(r.replicator === undefined ? [] : replicatorMetrics(r.replicator)),
    ...(s.sync === undefined ? [] : syncOverviewMetrics(s.sync)),
    ...(s.radio?.sync === undefined ? [] : radioSyncMetrics(s.radio.sync)),
  ];
}

/**
 * Diagnostics → Performance (§4.23.5), IPDECT-MIB's ipdectPerformance group: the device-link frames always; CPU and
 * MEM as ratios (the MIB's percent / 100) and concurrent calls where the host measures them (a real node).
 */
function performanceMetrics({ status: { counters: c }, performance: p }: DeviceReadings): MetricFamily[] {
  const families = [
    counter("ipdect_frames_in_total", "device-link frames received", one(c.framesIn)),
    counter("ipdect_frames_out_total", "device-link frames sent", one(c.framesOut)),
    counter(
      "ipdect_frames_dropped_total",
      "device-link frames dropped as malformed, unsealed or unexpected",
      one(c.framesDropped),
    ),
  ];
  if (p?.cpuPct !== undefined)
    families.push(
      gauge(
        "ipdect_cpu_utilization_ratio",
        "CPU utilization of the host process over the last sampling interval (§4.23.5 CPU)",
        one(p.cpuPct / 100),
      ),
    );
  if (p?.memoryPct !== undefined)
    families.push(
      gauge(
        "ipdect_memory_utilization_ratio",
        "memory of the host process as a share of the memory it may use (§4.23.5 MEM)",
        one(p.memoryPct / 100),
      ),
    );
  if (p?.calls !== undefined)
    families.push(gauge("ipdect_concurrent_calls", "calls on the device's air interface now (§4.23.5)", one(p.calls)));
  return families;
}

/**
 * The PARI Master's system alarms (its own and those its radios forward, §4.23.3, §4.6.33) and radio list (§4.11.1),
 * the Master's radios and the gatekeeper's users (§4.6.23).
 */
function roleMetrics(s: DeviceStatus): MetricFamily[] {
  const families: MetricFamily[] = [];
  if (s.pari !== undefined)
    families.push(
      gauge(
        "ipdect_system_alarms_active",
        "every active alarm of the system on this PARI Master, forwarded ones too (§4.23.3, §4.6.33)",
        bySeverity(s.alarms),
      ),
      gauge("ipdect_pari_radios", "radios in the PARI Master's list (§4.11.1)", one(s.pari.radios.length)),
    );
  if (s.master !== undefined)
    families.push(
      gauge(
        "ipdect_master_serving",
        "1 while the Master role serves (active, or a Standby that took over)",
        one(flag(s.master.serving)),
      ),
      gauge(
        "ipdect_radios_registered",
        "radios registered at this Master",
        one(s.master.radios.filter((r) => r.standing === "registered").length),
      ),
    );
  const users = s.gatekeeper?.users;
  if (users !== undefined)
    families.push(
      gauge(
        "ipdect_users",
        "the gatekeeper's users by registration state (§4.6.23)",
        (["registered", "registering", "waiting", "failed"] as const).map((state) => ({
          labels: { state },
          value: users[state],
        })),
      ),
    );
  return families;
}
