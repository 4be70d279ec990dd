import { SYNC_STATES } from "../../sync/overview.js";
import { syncTreeSvg } from "../../sync/overviewSvg.js";
import { syncTreeText } from "../../sync/overviewText.js";
import { disturbancesText, rfpScanText } from "../../sync/scanText.js";
import { command, type Command } from "../command.js";
import { said, shown } from "../ctlText.js";
import { band, carriers, optional, region } from "../params.js";
import { List, MacText, OneOf, Result, S } from "../schema.js";

const dBm = (what: string) => S.Number({ description: `${what}, dBm` });
const fer = S.Number({ description: "frame error rate of the sync bearer, 0..100 %" });

/** One radio of a region's sync tree (§4.12.1, IPBS Details §4.12.3). */
const SyncNodeSchema = S.Object({
  name: S.String(),
  mac: MacText,
  rfpi: S.String(),
  mode: OneOf(["master", "slave", "restricted"], "sync mode configured on the radio (§4.6.36)"),
  role: OneOf(["active-master", "standby-candidate", "slave"], "what the PARI Master made of it in the tree"),
  state: OneOf(SYNC_STATES, "sync state (§4.12.3)"),
  colour: OneOf(["green", "yellow", "red", "grey"], "the dot's colour (§4.12.1)"),
  level: S.Optional(S.Integer({ description: "hops from the active sync master; absent when not in the tree" })),
  source: S.Optional(S.String({ description: "the RFPI the radio was told to follow (§4.6.36)" })),
  alternative: S.Optional(S.String({ description: "its alternative sync RFPI" })),
  rssi: S.Optional(dBm("RSSI of the sync bearer from source")),
  fer: S.Optional(fer),
  syncLost: S.Integer({ description: "Sync Lost counter (§4.11.5)" }),
  candidates: List(S.Object({ rfpi: S.String(), rssi: dBm("RSSI"), fer }), {
    description: "the sync candidates the radio hears (§4.12.1 IPBS Details)",
  }),
  note: S.Optional(S.String({ description: "why the radio is not in the tree" })),
});

/** DECT Sync → Air Sync Overview (§4.12.1): the sync tree of each region. */
const SyncOverviewSchema = S.Object({
  systemId: S.Integer({ description: "System ID (§4.6.34)" }),
  maxDepth: S.Integer({ description: "the configured maximum depth of a sync tree, in hops" }),
  band: S.String({ description: "DECT → System Frequency (§4.6.6): europe, thailand, south-america, north-america" }),
  carriers: List(S.Integer(), { description: "Enabled Carriers (§4.6.7): carrier numbers of the band" }),
  regions: List(
    S.Object({
      region: S.Integer({ description: "sync region (§3.3.5)" }),
      activeMaster: S.Optional(S.String({ description: "the RFPI of the region's active sync master" })),
      reference: S.Optional(
        S.Object(
          {
            rfpi: S.String(),
            name: S.Optional(S.String()),
            region: S.Optional(S.Integer({ description: "its region when the reference radio is one of ours" })),
            locked: S.Boolean(),
          },
          { description: "the Reference RFPI (grey dot) the active sync master takes reference sync from" },
        ),
      ),
      stats: S.Object(
        { calculations: S.Integer(), configurations: S.Integer(), syncLost: S.Integer() },
        { description: "Region Details → Statistics (§4.12.1)" },
      ),
      nodes: List(SyncNodeSchema, {
        description: "parents before children (breadth first from the active sync master), then radios not in the tree",
      }),
    }),
  ),
});

/** DECT Sync → Disturbances (§4.12.2): an alien system a radio hears stronger than its sync signal. */
const DisturbanceSchema = S.Object({
  radio: S.String({ description: "the radio's name" }),
  rfpi: S.String({ description: "the radio's RFPI" }),
  alienRfpi: S.String(),
  systemId: S.Integer({ description: "the alien system's System ID" }),
  rssi: dBm("RSSI of the alien"),
  syncRssi: S.Optional(dBm("RSSI of the radio's own sync signal; absent when it has none")),
});

/** Diagnostics → RFP Scan (§4.23.10): the other IP-DECT systems the radio hears. */
const RfpScanSchema = S.Object({
  systems: List(S.Object({ systemId: S.Integer(), rfpi: S.String(), rssi: dBm("RSSI") })),
});

/** DECT Sync (§4.12) on the PARI Master, and the RFP Scan of a radio (§4.23.10). */
export const SYNC_COMMANDS: readonly Command[] = [
  command({
    name: "sync",
    summary: "Air Sync Overview: the sync tree of each region (§4.12.1)",
    need: "auditor",
    method: "GET",
    path: "/api/sync",
    params: {},
    response: SyncOverviewSchema,
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
    response: S.String({ description: "the Air Sync Overview as an SVG document" }),
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
    response: S.Array(DisturbanceSchema),
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
    response: Result("requested", { region: S.Integer() }),
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
    response: Result("cleared", { region: S.Integer() }),
    run: (on, a) => {
      on.device.syncClear(a.region);
      return { result: "cleared", region: a.region };
    },
    ctl: { text: said<{ region: number }>((a) => `statistics of region ${a.region} cleared (§4.12.1)`) },
  }),
  command({
    name: "sync-carriers",
    summary:
      "frequency band and enabled carriers, pushed to every radio and kept as PARI0 /band /enabled-carriers (§4.6.6, §4.6.7)",
    need: "system-admin",
    method: "PUT",
    path: "/api/sync/carriers",
    params: {
      carriers: { ...carriers, ctl: { positional: "<carriers|all>" }, fleet: { key: "carriers" } },
      band: { ...optional(band), ctl: { option: "band", value: "<band>" }, fleet: { key: "band" } },
    },
    response: Result("pushed"),
    run: async (on, a) => {
      await on.device.setSyncCarriers(a.band, a.carriers);
      return { result: "pushed" };
    },
    ctl: {
      text: said(
        (_, a) =>
          `enabled carriers set to ${String(a["carriers"])}${a["band"] === undefined ? "" : ` of band ${String(a["band"])}`}, ` +
          "pushed to every radio; they resynchronise (§4.6.6, §4.6.7)",
      ),
    },
    fleet: true,
  }),
  command({
    name: "rfp-scan",
    summary: "RFP Scan: the other IP-DECT systems a radio hears (§4.23.10)",
    need: "system-admin",
    method: "POST",
    path: "/api/radio/scan",
    params: {},
    response: RfpScanSchema,
    run: (on) => on.device.rfpScan(),
    ctl: { text: shown(rfpScanText) },
  }),
];
