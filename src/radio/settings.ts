import { ConfigCode } from "../core/config/configCodes.js";
import { show, type FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { flag, number, text, type NativeModule } from "../core/config/nativeModule.js";
import { compact } from "../core/config/plainObject.js";
import { readTiming } from "../core/config/timing.js";
import type { DeviceKind } from "../core/identity/DeviceKind.js";
import { REDUNDANCY_DEFAULTS } from "../role/redundancy.js";
import {
  DEFAULT_RESYNC_AT,
  RESYNC_MODES,
  SYNC_MODES,
  SYNC_REGION_MAX,
  type SyncModeSetting,
} from "../sync/settings.js";
import type { ConfigSection } from "../role/configSection.js";
import { BOOLEAN, integer, IPV4, mappingOf, numberIn, oneOf, TEXT, TIMING } from "../core/config/schema.js";

/** §4.6.31: a radio section without /disable is an enabled radio. */
export const DEFAULT_RADIO_ENABLED = true;
/** §4.11.2: an IPBL has up to 16 RFP ports; an IPBL radio section without `rfps` has all 16 in use. */
export const IPBL_MAX_RFPS = 16;
/** Cable length of an IPBL's RFPs when not set, in metres. */
export const DEFAULT_CABLE_M = 100;

export interface RadioSettings {
  /** §4.6.31 Enable/Disable the Radio. */
  readonly enabled: boolean;
  /** The Master this radio registers to (IPv4); defaults to the PARI Master. */
  readonly master?: string;
  /** The alternate Master: the Standby or the other Mirror; defaults to the Standby PARI Master. */
  readonly alternateMaster?: string;
  /**
   * §4.6.32 PARI Master IP Address; defaults to the Master. With neither set the radio is unconfigured and uses
   * plug and play (§3.11): it announces itself until an administrator adds it on a PARI Master.
   */
  readonly pariMaster?: string;
  /** §4.6.32 Alt. PARI Master IP Address (the Standby PARI Master); defaults to the alternate Master. */
  readonly altPariMaster?: string;
  /** §3.3.5 Sync Region, 0..249. */
  readonly region: number;
  /** IPBL only: how many RFPs are connected to its ports (1..16, §4.11.2); an IPBS has its one local radio. */
  readonly rfps?: number;
  /** IPBL only: cable length to each RFP in metres; the RFP's cable delay is derived from it (docs/user-guide.md). */
  readonly cableM?: number;
  /** IPBL only: the fraction of signalling frames to/from an RFP that need a retransmission (Tx/Rx Error, §4.11.2). */
  readonly rfpErrorRate?: number;
  readonly heartbeatMs: number;
  readonly masterLostMs: number;
  /** §4.6.36 Sync Mode; an IPBL is always a sync master in region 0 whatever this says. */
  readonly syncMode: SyncModeSetting;
  /** §4.6.36 static sync: Sync RFPI and Alternative Sync RFPI (an RFPI, or a device name in fleet files). */
  readonly syncRfpi?: string;
  readonly altSyncRfpi?: string;
  /** §4.6.36 sync master: Reference RFPI and Alternative reference RFPI (an RFPI, or a device name). */
  readonly referenceRfpi?: string;
  readonly altReferenceRfpi?: string;
  /** §4.6.36 resynchronisation to the reference at reference sync failure: manual or scheduled (daily at resyncAt). */
  readonly resync: "manual" | "scheduled";
  /** Time of day "HH:MM" of the scheduled resynchronisation. */
  readonly resyncAt: string;
}

const RADIO_KEYS = [
  "enabled",
  "master",
  "alternateMaster",
  "pariMaster",
  "altPariMaster",
  "region",
  "rfps",
  "cableM",
  "rfpErrorRate",
  "heartbeatMs",
  "masterLostMs",
  "syncMode",
  "syncRfpi",
  "altSyncRfpi",
  "referenceRfpi",
  "altReferenceRfpi",
  "resync",
  "resyncAt",
] as const;

/** The `radio` section (§4.6.31, §4.6.32, §4.6.36, §4.11.2); an IPVM has none. */
function readRadio(r: FieldReader, value: unknown, path: Path, kind: DeviceKind): RadioSettings {
  if (kind === "IPVM") r.fail(path, ConfigCode.IpvmRadio, "an IPVM has no radio (§4.6.31 does not apply to IPVM)");
  const o = r.mapping(value, path, RADIO_KEYS);
  const at = (key: string): Path => [...path, key];
  const enabled = r.optional(o, at("enabled"), (v, p) => r.boolean(v, p)) ?? DEFAULT_RADIO_ENABLED;
  const ipv4 = (v: unknown, p: Path): string => r.ipv4(v, p);
  const ipbl = kind === "IPBL";
  const onlyIpbl = (key: string) => {
    if (!ipbl && o[key] !== undefined)
      r.fail(at(key), ConfigCode.Rfps, `only an IPBL has RFPs on ports (§4.11.2); this device is an ${kind}`);
  };
  ["rfps", "cableM", "rfpErrorRate"].forEach(onlyIpbl);
  const rfpsRule = `a whole number of RFPs from 1 to ${IPBL_MAX_RFPS} (§4.11.2)`;
  return compact({
    enabled,
    master: r.optional(o, at("master"), ipv4),
    alternateMaster: r.optional(o, at("alternateMaster"), ipv4),
    pariMaster: r.optional(o, at("pariMaster"), ipv4),
    altPariMaster: r.optional(o, at("altPariMaster"), ipv4),
    region:
      r.optional(o, at("region"), (v, p) =>
        r.integer(v, p, 0, SYNC_REGION_MAX, ConfigCode.Region, `a sync region from 0 to ${SYNC_REGION_MAX} (§3.3.5)`),
      ) ?? 0,
    rfps: ipbl
      ? (r.optional(o, at("rfps"), (v, p) => r.integer(v, p, 1, IPBL_MAX_RFPS, ConfigCode.Rfps, rfpsRule)) ??
        IPBL_MAX_RFPS)
      : undefined,
    cableM: ipbl ? (r.optional(o, at("cableM"), (v, p) => nonNegative(r, v, p)) ?? DEFAULT_CABLE_M) : undefined,
    rfpErrorRate: ipbl ? (r.optional(o, at("rfpErrorRate"), (v, p) => fraction(r, v, p)) ?? 0) : undefined,
    heartbeatMs: readTiming(r, o, at("heartbeatMs"), REDUNDANCY_DEFAULTS.heartbeatMs),
    masterLostMs: readTiming(r, o, at("masterLostMs"), REDUNDANCY_DEFAULTS.radioMasterLostMs),
    syncMode: r.optional(o, at("syncMode"), (v, p) => r.oneOf(v, p, SYNC_MODES, ConfigCode.Sync)) ?? "slave",
    syncRfpi: r.optional(o, at("syncRfpi"), (v, p) => rfpiOrName(r, v, p)),
    altSyncRfpi: r.optional(o, at("altSyncRfpi"), (v, p) => rfpiOrName(r, v, p)),
    referenceRfpi: r.optional(o, at("referenceRfpi"), (v, p) => rfpiOrName(r, v, p)),
    altReferenceRfpi: r.optional(o, at("altReferenceRfpi"), (v, p) => rfpiOrName(r, v, p)),
    resync: r.optional(o, at("resync"), (v, p) => r.oneOf(v, p, RESYNC_MODES, ConfigCode.Sync)) ?? "manual",
    resyncAt: r.optional(o, at("resyncAt"), (v, p) => timeOfDay(r, v, p)) ?? DEFAULT_RESYNC_AT,
  });
}

/** An RFPI as 10 hex digits (§4.6.36), or the name of a device of the same fleet (fleet files). */
function rfpiOrName(r: FieldReader, value: unknown, path: Path): string {
  const s = r.text(value, path);
  if (s.length > 64) r.fail(path, ConfigCode.Sync, "an RFPI (10 hex digits) or a device name of at most 64 characters");
  return /^[0-9a-fA-F]{10}$/.test(s) ? s.toUpperCase() : s;
}

/** Time of day HH:MM, 00:00 to 23:59. */
const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

function timeOfDay(r: FieldReader, value: unknown, path: Path): string {
  const s = r.text(value, path);
  const m = TIME_OF_DAY.exec(s);
  if (m === null) r.fail(path, ConfigCode.Sync, `a time of day HH:MM (00:00 to 23:59), got ${show(value)}`);
  return s;
}

function nonNegative(r: FieldReader, value: unknown, path: Path): number {
  const v = r.finite(value, path, ConfigCode.Rfps);
  if (v < 0) r.fail(path, ConfigCode.Rfps, `must be 0 or more, got ${v}`);
  return v;
}

function fraction(r: FieldReader, value: unknown, path: Path): number {
  const v = r.finite(value, path, ConfigCode.Rfps);
  if (v < 0 || v > 1) r.fail(path, ConfigCode.Rfps, `must be a fraction from 0 to 1, got ${v}`);
  return v;
}

/** RADIO0: the `radio` section in the native text form. */
const RADIO_NATIVE: NativeModule = {
  module: "RADIO0",
  label: "RADIO0",
  section: "radio",
  formatVerb: "change",
  always: false,
  options: [
    flag("/enable", "enabled", true, DEFAULT_RADIO_ENABLED),
    flag("/disable", "enabled", false, DEFAULT_RADIO_ENABLED),
    text("/master", "master"),
    text("/alt-master", "alternateMaster"),
    text("/pari-master", "pariMaster"),
    text("/alt-pari-master", "altPariMaster"),
    number("/region", "region", 0),
    number("/rfps", "rfps"),
    number("/cable", "cableM", DEFAULT_CABLE_M),
    number("/rfp-error-rate", "rfpErrorRate", 0),
    number("/heartbeat", "heartbeatMs", REDUNDANCY_DEFAULTS.heartbeatMs),
    number("/master-lost", "masterLostMs", REDUNDANCY_DEFAULTS.radioMasterLostMs),
    text("/sync-mode", "syncMode", "slave"),
    text("/sync-rfpi", "syncRfpi"),
    text("/alt-sync-rfpi", "altSyncRfpi"),
    text("/ref-rfpi", "referenceRfpi"),
    text("/alt-ref-rfpi", "altReferenceRfpi"),
    text("/resync", "resync", "manual"),
    text("/resync-at", "resyncAt", DEFAULT_RESYNC_AT),
  ],
};

/** The `radio` section of the device configuration. */
export const RADIO_SECTION: ConfigSection<"radio", RadioSettings> = {
  key: "radio",
  schema: mappingOf(RADIO_KEYS, {
    enabled: BOOLEAN,
    master: IPV4,
    alternateMaster: IPV4,
    pariMaster: IPV4,
    altPariMaster: IPV4,
    region: integer(0, SYNC_REGION_MAX),
    rfps: integer(1, IPBL_MAX_RFPS),
    cableM: numberIn(0),
    rfpErrorRate: numberIn(0, 1),
    heartbeatMs: TIMING,
    masterLostMs: TIMING,
    syncMode: oneOf(SYNC_MODES),
    syncRfpi: TEXT,
    altSyncRfpi: TEXT,
    referenceRfpi: TEXT,
    altReferenceRfpi: TEXT,
    resync: oneOf(RESYNC_MODES),
    resyncAt: { type: "string", pattern: TIME_OF_DAY.source },
  }),
  read: (r, value, path, ctx) => readRadio(r, value, path, ctx.kind),
  native: [RADIO_NATIVE],
};
