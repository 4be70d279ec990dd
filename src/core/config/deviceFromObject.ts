import { configUser, CONFIG_USER_KEYS, findDuplicate, labelOf, type ConfigUser } from "../../users/configUser.js";
import { DecodeError } from "../errors.js";
import { Mac } from "../identity/Mac.js";
import { ConfigCode } from "./configCodes.js";
import { Sari } from "../identity/Sari.js";
import {
  DEFAULT_CABLE_M,
  DEFAULT_FLOOR,
  DEFAULT_MASTER_ID,
  DEFAULT_RADIO_ENABLED,
  IPBL_MAX_RFPS,
  SYNC_REGION_MAX,
} from "./defaults.js";
import {
  DEFAULT_RESYNC_AT,
  DEFAULT_SYNC_DEPTH,
  DEFAULT_SYSTEM,
  MAX_CARRIERS,
  MAX_SYNC_DEPTH,
  RESYNC_MODES,
  SYNC_MODES,
  DEVICE_KINDS,
  MASTER_ID_MAX,
  MASTER_ID_MIN,
  MASTER_MODES,
  MAX_GUEST_SARIS,
  PUSHED_RADIO_CONFIG_KEYS,
  REDUNDANCY_DEFAULTS,
  SYSTEM_ID_MAX,
  SYSTEM_ID_MIN,
  type PariSettings,
  type PushedRadioConfig,
  type DectSystem,
  type DeviceConfig,
  type DeviceKind,
  type MasterSettings,
  type Position,
  type RadioSettings,
} from "./DeviceConfig.js";
import { isDnsServer } from "./dnsServers.js";
import { FieldReader, show } from "./FieldReader.js";
import { readGatekeeper } from "./gatekeeperConfig.js";
import { SYSTEM_PASSWORD_CHARS, SYSTEM_PASSWORD_MAX, TIMING_MAX_MS } from "./limits.js";
import { readLdap } from "./ldapConfig.js";
import { formatPath, type Locator, type Path } from "./Locator.js";
import { isVerbatimLine } from "./nativeLine.js";
import { compact, type PlainObject } from "./plainObject.js";

/** Keys as the model's field names (camelCase); anything else is a typo and rejected. */
const DEVICE_KEYS = [
  "name",
  "kind",
  "mac",
  "ip",
  "mask",
  "gateway",
  "dns",
  "dns2",
  "ntp",
  "updateUrl",
  "alarmForward",
  "discoveryGroup",
  "system",
  "master",
  "pari",
  "radioConfig",
  "radio",
  "position",
  "ldap",
  "gatekeeper",
  "users",
  "extra",
] as const;
const SYSTEM_KEYS = ["name", "password"] as const;
const MASTER_KEYS = ["mode", "id", "primary", "mirrorPeer", "probeIntervalMs", "masterLostMs", "radioLostMs"] as const;
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
const PARI_KEYS = ["systemId", "sari", "syncDepth", "carriers"] as const;
const POSITION_KEYS = ["x", "y", "floor"] as const;

/**
 * Validates a plain object (from YAML, JSON or the native text form) into a DeviceConfig, filling defaults.
 * The one set of rules behind both faces; the first broken rule throws a ConfigError located by `at`.
 * The IPv4 addresses are not required to be loopback here; the node world checks that.
 */
export function deviceFromObject(value: unknown, at: Locator): DeviceConfig {
  const r = new FieldReader(at);
  const o = r.mapping(value, [], DEVICE_KEYS);
  const name = r.text(r.required(o, ["name"]), ["name"]);
  const kind = r.oneOf(r.required(o, ["kind"]), ["kind"], DEVICE_KINDS, ConfigCode.Kind);
  const mac = readMac(r, r.required(o, ["mac"]), ["mac"]);
  const ip = r.ipv4(r.required(o, ["ip"]), ["ip"]);
  const ipv4 = (v: unknown, p: Path): string => r.ipv4(v, p);
  const master = r.optional(o, ["master"], (v, p) => readMaster(r, v, p, kind));
  const pari = r.optional(o, ["pari"], (v, p) => readPari(r, v, p));
  if (pari !== undefined && (master === undefined || master.mode === "off"))
    r.fail(["pari"], ConfigCode.PariNeedsMaster, "the PARI function needs a Master role that is not off (§4.6.21)");
  const radioConfig = r.optional(o, ["radioConfig"], (v, p) => readRadioConfig(r, v, p));
  if (radioConfig !== undefined && pari === undefined)
    r.fail(["radioConfig"], ConfigCode.RadioConfigNeedsPari, "Radio Config needs the PARI function (§4.6.33)");
  const users = r.optional(o, ["users"], (v, p) => readUsers(r, v, p));
  if (users !== undefined && master === undefined)
    r.fail(["users"], ConfigCode.UsersNeedMaster, "users live in a Master's directory: add a master section (§4.10)");
  const text = (v: unknown, p: Path): string => r.text(v, p);
  return compact({
    name,
    kind,
    mac,
    ip,
    mask: r.optional(o, ["mask"], (v, p) => r.netmask(v, p)),
    gateway: r.optional(o, ["gateway"], ipv4),
    dns: r.optional(o, ["dns"], (v, p) => dnsServer(r, v, p)),
    dns2: r.optional(o, ["dns2"], (v, p) => dnsServer(r, v, p)),
    ntp: r.optional(o, ["ntp"], text),
    updateUrl: r.optional(o, ["updateUrl"], text),
    alarmForward: r.optional(o, ["alarmForward"], text),
    discoveryGroup: r.optional(o, ["discoveryGroup"], (v, p) => multicast(r, v, p)),
    system: readSystem(r, r.get(o, ["system"])),
    master,
    pari,
    radioConfig,
    radio: r.optional(o, ["radio"], (v, p) => readRadio(r, v, p, kind)),
    position: r.optional(o, ["position"], (v, p) => readPosition(r, v, p)),
    ldap: r.optional(o, ["ldap"], (v, p) => readLdap(r, v, p, master)),
    gatekeeper: r.optional(o, ["gatekeeper"], (v, p) => readGatekeeper(r, v, p, master)),
    users,
    extra: readExtra(r, r.get(o, ["extra"])),
  });
}

/** `dns`/`dns2`: an IPv4 address (App. J.2.1), with this project's optional `:port` (dnsServers.ts). */
function dnsServer(r: FieldReader, value: unknown, path: Path): string {
  if (typeof value !== "string" || !isDnsServer(value))
    r.fail(
      path,
      ConfigCode.Ipv4,
      `must be a dotted IPv4 address like 127.0.0.53, optionally with :port (1..65535; the default is 53), got ${show(value)}`,
    );
  return value;
}

function readMac(r: FieldReader, value: unknown, path: Path): Mac {
  if (typeof value !== "string") r.fail(path, ConfigCode.Mac, `must be a MAC address text, got ${show(value)}`);
  try {
    return Mac.parse(value);
  } catch (e) {
    return r.fail(path, ConfigCode.Mac, `not a MAC address: ${show(value)} (e.g. 00:90:33:0a:0b:0c)`, e);
  }
}

function readSystem(r: FieldReader, value: unknown): DectSystem {
  if (value === undefined) return { ...DEFAULT_SYSTEM };
  const s = r.mapping(value, ["system"], SYSTEM_KEYS);
  const name = r.optional(s, ["system", "name"], (v, p) => r.text(v, p)) ?? DEFAULT_SYSTEM.name;
  const password = r.optional(s, ["system", "password"], (v, p) => systemPassword(r, v, p)) ?? DEFAULT_SYSTEM.password;
  return { name, password };
}

function systemPassword(r: FieldReader, value: unknown, path: Path): string {
  const text = r.text(value, path);
  if (text.length > SYSTEM_PASSWORD_MAX || !SYSTEM_PASSWORD_CHARS.test(text)) {
    r.fail(
      path,
      ConfigCode.SystemPassword,
      `must have 1 to ${SYSTEM_PASSWORD_MAX} characters of a-z A-Z 0-9 !#$%&'()*+,-.:;<=>?@[]^_\`{|}~ (§4.6.1)`,
    );
  }
  return text;
}

function timing(r: FieldReader, obj: PlainObject, path: Path, fallback: number): number {
  const what = `a positive whole number of milliseconds (at most ${TIMING_MAX_MS})`;
  return r.optional(obj, path, (v, p) => r.integer(v, p, 1, TIMING_MAX_MS, ConfigCode.Timing, what)) ?? fallback;
}

function readMaster(r: FieldReader, value: unknown, path: Path, kind: DeviceKind): MasterSettings {
  const m = r.mapping(value, path, MASTER_KEYS);
  const at = (key: string): Path => [...path, key];
  const mode = r.oneOf(r.required(m, at("mode")), at("mode"), MASTER_MODES, ConfigCode.MasterMode);
  if (mode === "deployment" && kind === "IPVM") {
    r.fail(at("mode"), ConfigCode.DeploymentOnIpvm, "deployment cannot be selected on an IPVM (§4.6.19)");
  }
  const idRange = `a whole number from ${MASTER_ID_MIN} to ${MASTER_ID_MAX} (§4.6.20)`;
  const id =
    r.optional(m, at("id"), (v, p) => r.integer(v, p, MASTER_ID_MIN, MASTER_ID_MAX, ConfigCode.MasterId, idRange)) ??
    DEFAULT_MASTER_ID;
  const primary = r.optional(m, at("primary"), (v, p) => r.ipv4(v, p));
  const mirrorPeer = r.optional(m, at("mirrorPeer"), (v, p) => r.ipv4(v, p));
  if (mode === "standby" && primary === undefined) {
    r.fail(
      at("primary"),
      ConfigCode.StandbyNeedsPrimary,
      "a standby Master needs the primary Master's address (§4.6.19)",
    );
  }
  if (mode === "mirror" && mirrorPeer === undefined) {
    r.fail(at("mirrorPeer"), ConfigCode.MirrorNeedsPeer, "a Mirror Master needs the other Mirror's address (§4.6.19)");
  }
  if (primary !== undefined && mode !== "standby") {
    r.fail(at("primary"), ConfigCode.PrimaryOnlyStandby, `only a standby Master has a primary (mode is ${mode})`);
  }
  if (mirrorPeer !== undefined && mode !== "mirror") {
    r.fail(
      at("mirrorPeer"),
      ConfigCode.MirrorPeerOnlyMirror,
      `only a Mirror Master has a mirror peer (mode is ${mode})`,
    );
  }
  return compact({
    mode,
    id,
    primary,
    mirrorPeer,
    probeIntervalMs: timing(r, m, at("probeIntervalMs"), REDUNDANCY_DEFAULTS.probeIntervalMs),
    masterLostMs: timing(r, m, at("masterLostMs"), REDUNDANCY_DEFAULTS.masterLostMs),
    radioLostMs: timing(r, m, at("radioLostMs"), REDUNDANCY_DEFAULTS.radioLostMs),
  });
}

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
    heartbeatMs: timing(r, o, at("heartbeatMs"), REDUNDANCY_DEFAULTS.heartbeatMs),
    masterLostMs: timing(r, o, at("masterLostMs"), REDUNDANCY_DEFAULTS.radioMasterLostMs),
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

function timeOfDay(r: FieldReader, value: unknown, path: Path): string {
  const s = r.text(value, path);
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
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

function multicast(r: FieldReader, value: unknown, path: Path): string {
  const ip = r.ipv4(value, path);
  const first = Number(ip.split(".")[0]);
  if (first < 224 || first > 239)
    r.fail(path, ConfigCode.Multicast, `must be a multicast address 224.0.0.0–239.255.255.255, got ${ip}`);
  return ip;
}

function readPari(r: FieldReader, value: unknown, path: Path): PariSettings {
  const o = r.mapping(value ?? {}, path, PARI_KEYS);
  const at = (key: string): Path => [...path, key];
  const idRule = `a System ID from ${SYSTEM_ID_MIN} to ${SYSTEM_ID_MAX} (§4.6.34)`;
  const systemId = r.optional(o, at("systemId"), (v, p) =>
    r.integer(v, p, SYSTEM_ID_MIN, SYSTEM_ID_MAX, ConfigCode.SystemId, idRule),
  );
  const sari = r.optional(o, at("sari"), (v, p) => readSaris(r, v, p)) ?? [];
  const depthRule = `a sync tree depth from 1 to ${MAX_SYNC_DEPTH} hops`;
  const syncDepth =
    r.optional(o, at("syncDepth"), (v, p) => r.integer(v, p, 1, MAX_SYNC_DEPTH, ConfigCode.Sync, depthRule)) ??
    DEFAULT_SYNC_DEPTH;
  const carriersRule = `enabled carriers from 1 to ${MAX_CARRIERS} (§4.6.6)`;
  const carriers =
    r.optional(o, at("carriers"), (v, p) => r.integer(v, p, 1, MAX_CARRIERS, ConfigCode.Sync, carriersRule)) ??
    MAX_CARRIERS;
  return compact({ systemId, sari, syncDepth, carriers });
}

/** A list of SARIs, or the native form's comma-separated text; the primary first, at most 10 guests (§4.6.35). */
function readSaris(r: FieldReader, value: unknown, path: Path): readonly string[] {
  const items = typeof value === "string" ? value.split(",").map((s) => s.trim()) : r.list(value, path);
  if (items.length > 1 + MAX_GUEST_SARIS)
    r.fail(
      path,
      ConfigCode.Sari,
      `at most one primary and ${MAX_GUEST_SARIS} guest SARIs (§4.6.35), got ${items.length}`,
    );
  const seen = new Set<string>();
  return items.map((item, i) => {
    const p = typeof value === "string" ? path : [...path, i];
    let text: string;
    try {
      text = Sari.parse(r.text(item, p)).toString();
    } catch (e) {
      return r.fail(p, ConfigCode.Sari, `not a SARI: ${show(item)} (${(e as Error).message})`, e);
    }
    if (seen.has(text)) r.fail(p, ConfigCode.Sari, `SARI ${text} is listed twice`);
    seen.add(text);
    return text;
  });
}

function readRadioConfig(r: FieldReader, value: unknown, path: Path): PushedRadioConfig {
  const o = r.mapping(value ?? {}, path, PUSHED_RADIO_CONFIG_KEYS);
  const at = (key: string): Path => [...path, key];
  const ipv4 = (v: unknown, p: Path): string => r.ipv4(v, p);
  const text = (v: unknown, p: Path): string => r.text(v, p);
  return compact({
    ntp: r.optional(o, at("ntp"), text),
    updateUrl: r.optional(o, at("updateUrl"), text),
    alarmForward: r.optional(o, at("alarmForward"), text),
    mask: r.optional(o, at("mask"), (v, p) => r.netmask(v, p)),
    gateway: r.optional(o, at("gateway"), ipv4),
    dns: r.optional(o, at("dns"), ipv4),
    dns2: r.optional(o, at("dns2"), ipv4),
  });
}

function readPosition(r: FieldReader, value: unknown, path: Path): Position {
  const o = r.mapping(value, path, POSITION_KEYS);
  const at = (key: string): Path => [...path, key];
  const floorRule = "a whole number (negative below ground)";
  const max = Number.MAX_SAFE_INTEGER;
  return {
    x: r.finite(r.required(o, at("x")), at("x"), ConfigCode.Position),
    y: r.finite(r.required(o, at("y")), at("y"), ConfigCode.Position),
    floor:
      r.optional(o, at("floor"), (v, p) => r.integer(v, p, -max, max, ConfigCode.Position, floorRule)) ?? DEFAULT_FLOOR,
  };
}

/** §3.14 users (configUser rules); Long Name, Number, IPEI and guid differ between them. */
function readUsers(r: FieldReader, value: unknown, path: Path): readonly ConfigUser[] {
  const users = r.list(value, path).map((item, i) => {
    const at = [...path, i];
    const o = r.mapping(item, at, CONFIG_USER_KEYS);
    try {
      return configUser(o);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      return r.fail([...at, e.context.field ?? ""], ConfigCode.User, e.reason, e);
    }
  });
  const dup = findDuplicate(users);
  if (dup !== undefined) {
    const { index, key, first } = dup;
    const line = r.lineOf([...path, first]);
    const other = `${formatPath([...path, first])}${line === undefined ? "" : ` (line ${line})`}`;
    r.fail(
      [...path, index, key],
      ConfigCode.UserDuplicate,
      `${labelOf(key)} ${users[index]![key]} is used twice, also in ${other}`,
    );
  }
  return users;
}

function readExtra(r: FieldReader, value: unknown): readonly string[] {
  if (value === undefined) return [];
  return r.list(value, ["extra"]).map((line, i) => {
    if (typeof line !== "string" || !isVerbatimLine(line)) {
      r.fail(
        ["extra", i],
        ConfigCode.ExtraLine,
        `must be one native line this version keeps verbatim (mod …, vars …, or config of a module it does not model; App. C user records go in users), got ${show(line)}`,
      );
    }
    return line;
  });
}
