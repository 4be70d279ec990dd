import { syncTreeSvg } from "../../sync/overviewSvg.js";
import { syncTreeText } from "../../sync/overviewText.js";
import { disturbancesText, rfpScanText } from "../../sync/scanText.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { carriers, region } from "../params.js";

/** DECT Sync (§4.12) on the PARI Master, and the RFP Scan of a radio (§4.23.10). */
export const SYNC_COMMANDS: readonly Command[] = [
  command({
    name: "sync",
    summary: "Air Sync Overview: the sync tree of each region (§4.12.1)",
    need: "auditor",
    method: "GET",
    path: "/api/sync",
    params: {},
    run: (on) => on.device.syncOverview(),
    ctl: { text: shown(syncTreeText) },
  }),
  command({
    name: "sync-svg",
    summary: "the Air Sync Overview as a picture (§4.12.1)",
    need: "auditor",
    method: "GET",
    path: "/api/sync.svg",
    params: {},
    contentType: "image/svg+xml",
    run: (on) => syncTreeSvg(on.device.syncOverview()),
    ctl: { out: { file: "<file.svg>", required: true } },
  }),
  command({
    name: "disturbances",
    summary: "alien DECT systems a radio hears stronger than its sync (§4.12.2)",
    need: "auditor",
    method: "GET",
    path: "/api/sync/disturbances",
    params: {},
    run: (on) => on.device.syncDisturbances(),
    ctl: { text: shown(disturbancesText) },
  }),
  command({
    name: "sync-resync",
    summary: "Region Details → Reference Synchronization Start (§4.12.1)",
    need: "system-admin",
    method: "POST",
    path: "/api/sync/resync",
    params: { region: { ...region, ctl: { positional: "<region>" }, fleet: { key: "region" } } },
    run: (on, a) => {
      on.device.syncResync(a.region);
      return { result: "requested", region: a.region };
    },
    ctl: { text: said<{ region: number }>((a) => `reference synchronization started in region ${a.region} (§4.12.1)`) },
    fleet: true,
  }),
  command({
    name: "sync-clear",
    summary: "Region Details → Statistics Clear (§4.12.1)",
    need: "system-admin",
    method: "POST",
    path: "/api/sync/clear",
    params: { region: { ...region, ctl: { positional: "<region>" } } },
    run: (on, a) => {
      on.device.syncClear(a.region);
      return { result: "cleared", region: a.region };
    },
    ctl: { text: said<{ region: number }>((a) => `statistics of region ${a.region} cleared (§4.12.1)`) },
  }),
  command({
    name: "sync-carriers",
    summary: "enabled carriers, pushed to every radio (§4.6.6)",
    need: "system-admin",
    method: "PUT",
    path: "/api/sync/carriers",
    params: { carriers: { ...carriers, ctl: { positional: "<1..10>" }, fleet: { key: "carriers" } } },
    run: (on, a) => {
      on.device.setSyncCarriers(a.carriers);
      return { result: "pushed" };
    },
    ctl: { text: said((_, a) => `enabled carriers set to ${String(a["carriers"])}, pushed to every radio (§4.6.6)`) },
    fleet: true,
  }),
  command({
    name: "rfp-scan",
    summary: "RFP Scan: the other IP-DECT systems a radio hears (§4.23.10)",
    need: "system-admin",
    method: "POST",
    path: "/api/radio/scan",
    params: {},
    run: (on) => on.device.rfpScan(),
    ctl: { text: shown(rfpScanText) },
  }),
];
