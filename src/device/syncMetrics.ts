import { SYNC_STATES, synchronizedRadios, type SyncOverview } from "../sync/overview.js";
import type { RadioSyncStatus } from "../sync/protocol.js";
import { counter, flag, gauge, one, stateSamples, type MetricFamily, type MetricSample } from "./metricFamily.js";

/**
 * The PARI Master's Air Sync Overview (§4.12.1) as metric families, IPDECT-MIB's ipdectSyncRegionTable and the sync
 * lost column of ipdectSyncRadioTable. Region Details → Statistics "Clear" sets the region's counters to 0, which
 * Prometheus takes as a counter reset. The per-radio family has one sample per radio of the sync trees: up to 2047
 * on one PARI Master (§4.6.34), a size Prometheus handles, but the largest family a device has.
 */
export function syncOverviewMetrics(sync: SyncOverview): MetricFamily[] {
  const perRegion = (value: (g: SyncOverview["regions"][number]) => number): MetricSample[] =>
    sync.regions.map((g) => ({ labels: { region: String(g.region) }, value: value(g) }));
  return [
    gauge(
      "ipdect_sync_region_radios",
      "air sync: radios of the region (§4.12.1)",
      perRegion((g) => g.nodes.length),
    ),
    gauge(
      "ipdect_sync_region_synchronized_radios",
      "air sync: radios of the region synchronized or in holdover (§4.12.1)",
      perRegion(synchronizedRadios),
    ),
    counter(
      "ipdect_sync_region_sync_lost_total",
      "air sync: times a radio of the region lost its sync (§4.12.1 Statistics, Sync Lost)",
      perRegion((g) => g.stats.syncLost),
    ),
    counter(
      "ipdect_sync_region_calculations_total",
      "air sync: times the region's sync tree was calculated (§4.12.1 Statistics, Calculations)",
      perRegion((g) => g.stats.calculations),
    ),
    counter(
      "ipdect_sync_region_configurations_total",
      "air sync: new sync instructions received by the region's radios (§4.12.1 Statistics, Configurations)",
      perRegion((g) => g.stats.configurations),
    ),
    gauge(
      "ipdect_sync_region_reference_locked",
      "air sync: 1 while the region's active sync master is locked to its reference RFPI (§4.12.1)",
      perRegion((g) => flag(g.reference?.locked ?? false)),
    ),
    counter(
      "ipdect_sync_radio_sync_lost_total",
      "air sync: times each radio of the sync trees lost its sync (§4.11.5, §4.12.3)",
      sync.regions.flatMap((g) =>
        g.nodes.map((n) => ({ labels: { region: String(g.region), radio: n.name, rfpi: n.rfpi }, value: n.syncLost })),
      ),
    ),
  ];
}

/**
 * DECT Sync → Status of the device's own radio (§4.12.3), IPDECT-MIB's ipdectSyncLocal group: sync lost, the state,
 * and the sync bearer's RSSI and FER while the radio follows one.
 */
export function radioSyncMetrics(s: RadioSyncStatus): MetricFamily[] {
  const families = [
    counter("ipdect_sync_lost_total", "air sync: times this radio lost its sync (§4.11.5, §4.12.3)", one(s.syncLost)),
    gauge(
      "ipdect_sync_state",
      "air sync: 1 for this radio's sync state now (§4.12.3)",
      stateSamples("state", SYNC_STATES, s.state),
    ),
  ];
  if (s.rssi !== undefined)
    families.push(gauge("ipdect_sync_rssi_dbm", "air sync: RSSI of the sync bearer (§4.12.3)", one(s.rssi)));
  if (s.fer !== undefined)
    families.push(
      gauge(
        "ipdect_sync_frame_error_ratio",
        "air sync: frame error rate of the sync bearer (§4.12.3 FER)",
        one(s.fer / 100),
      ),
    );
  return families;
}
