import { deviceFromObject } from "../src/config/deviceFromObject.js";
import { formatPath, type Path } from "../src/core/config/Locator.js";
import { FieldReader } from "../src/core/config/FieldReader.js";
import { ErrorCollector } from "../src/core/config/collect.js";
import { isPlainObject } from "../src/core/config/plainObject.js";
import { isIpv4 } from "../src/core/config/ipv4.js";
import { parseYamlSource } from "../src/core/config/yamlSource.js";
import type { DeviceConfig } from "../src/config/DeviceConfig.js";
import { DEFAULT_LINK, type LinkConditions } from "./MemoryNetwork.js";
import { AirField, type AirSite } from "../src/sync/air/AirField.js";
import { checkReferences, type References } from "./fleetReferences.js";
import { readAirSection } from "./airSection.js";
import { readHandsetSection, type HandsetSection } from "./handsetSection.js";
import { duration, mapping, probability, type Fail } from "./fleetFields.js";
import { readDnsSection, readPbxSection, type DnsSection, type PbxConfig } from "./pbxSection.js";
import { SimCode, type FleetCode } from "./errors.js";
import { readFaults, type Fault } from "./fleetFaults.js";
import { readGroups } from "./fleetGroups.js";
import { deviceLocator, expandDevices } from "./fleetTemplates.js";
import { readUpdateServers, type UpdateServerConfig } from "./updateServerSection.js";

export type { Fault } from "./fleetFaults.js";

export interface FleetFile {
  readonly source: string;
  readonly name: string;
  readonly until?: number;
  readonly network: LinkConditions;
  /** The radio site: path loss model, buildings, walls, alien radios. */
  readonly air: AirSite;
  readonly devices: readonly DeviceConfig[];
  readonly faults: readonly Fault[];
  /** Lab handsets (users created on the Master, subscription, roaming). */
  readonly handsets?: HandsetSection;
  /** Simulated PBXs (SIP registrars) the Masters' gatekeepers register users with (§4.6.23). */
  readonly pbx: readonly PbxConfig[];
  /** What the fleet's DNS answers (SRV and A records, App. D.2). */
  readonly dns?: DnsSection;
  /** Simulated update servers (App. A): the command files and images the devices' update client fetches. */
  readonly updateServers: readonly UpdateServerConfig[];
  /** The file's named groups, as device names (fleetGroups.ts); faults have them resolved already. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /** Addresses outside the fleet (`external:`): a real Master, or a PBX a live lab runs itself (kamailio). */
  readonly external: ReadonlySet<string>;
}

export const TOP_KEYS = [
  "name",
  "until",
  "network",
  "air",
  "devices",
  "faults",
  "handsets",
  "pbx",
  "dns",
  "updateServers",
  "external",
  "groups",
  // The file's JSON Schema, for editors (schema/fleet.schema.json); the reader ignores it.
  "$schema",
] as const;
export const NETWORK_KEYS = ["latencyMs", "jitterMs", "loss", "duplicate"];

/**
 * Reads a fleet file (YAML or JSON): devices (the same keys as a device config), network conditions, faults and the
 * default run length. Every error names the file, line and field. `now`: the wall-clock time the devices' dates are
 * checked against (an expired certificate in a certificates section); absent, they are not judged.
 */
export function parseFleetFile(text: string, source: string, now?: number): FleetFile {
  const { value, locator } = parseYamlSource(text, source);
  // One reader collects the errors of the whole file: each section, device and fault is read on its own.
  const r = new FieldReader(locator, new ErrorCollector());
  const fail: Fail = (path, code, msg) => r.fail(path, code, msg);
  const section = <T>(read: () => T): T | undefined => r.attempt(read);
  if (!isPlainObject(value)) fail([], SimCode.FleetType, `must be a mapping (keys: ${TOP_KEYS.join(", ")})`);
  for (const k of Object.keys(value))
    if (!(TOP_KEYS as readonly string[]).includes(k))
      section(() => fail([k], SimCode.FleetUnknownKey, `unknown key; allowed keys: ${TOP_KEYS.join(", ")}`));
  const raw = Array.isArray(value["devices"]) ? value["devices"] : [];
  if (raw.length === 0)
    section(() => fail(["devices"], SimCode.FleetDevices, "a fleet needs a non-empty list of devices"));
  // Templates are expanded first: each generated device is read and checked like a written one.
  const expanded = expandDevices(raw, fail, section);
  const read = expanded.map((e) =>
    e.broken ? undefined : section(() => deviceFromObject(e.value, deviceLocator(locator, e), now)),
  );
  const entries = expanded.flatMap((e, i) =>
    read[i] === undefined ? [] : [{ device: read[i], index: e.index, generated: e.label !== undefined }],
  );
  const unread = unreadDevices(expanded.filter((_, i) => read[i] === undefined).map((e) => e.value));
  const pbx = section(() => readPbxSection(value["pbx"], fail)) ?? [];
  const pbxNames = new Set(pbx.map((x) => x.name));
  const dns = section(() => readDnsSection(value["dns"], fail));
  const updateServers = section(() => readUpdateServers(value["updateServers"], fail)) ?? [];
  const serverNames = new Set(updateServers.map((x) => x.name));
  const network = section(() => readNetwork(value["network"], fail)) ?? DEFAULT_LINK;
  const air = section(() => readAirSection(value["air"], fail)) ?? readAirSection(undefined, fail);
  const handsets = section(() => readHandsetSection(value["handsets"], fail));
  const until = section(() => (value["until"] === undefined ? undefined : duration(value["until"], ["until"], fail)));
  const external = section(() => readExternal(value["external"], fail)) ?? new Set<string>();
  const devices = new Set([...entries.map((e) => e.device.name), ...unread.names]);
  const groups =
    section(() => readGroups(value["groups"], new Set([...devices, ...pbxNames, ...serverNames]), fail, section)) ??
    new Map();
  const faults = readFaults(
    value["faults"],
    { devices, pbx: pbxNames, updateServers: serverNames, groups },
    section,
    fail,
  );
  const place = (path: Path) => {
    const line = locator.lineOf(path);
    return line === undefined ? formatPath(path) : `${formatPath(path)} (line ${line})`;
  };
  const report = (path: Path, code: FleetCode, msg: string) => void section(() => fail(path, code, msg));
  checkReferences(
    {
      entries,
      unread,
      pbx,
      updateServers,
      ...(dns === undefined ? {} : { dns }),
      external,
      faults,
      ...(until === undefined ? {} : { until }),
      ...(handsets === undefined ? {} : { handsets }),
    },
    place,
    report,
  );
  // Built only when nothing was collected: `all` throws the errors instead.
  return r.all(() => ({
    source,
    name: typeof value["name"] === "string" ? value["name"] : source,
    ...(until === undefined ? {} : { until }),
    network,
    air,
    devices: entries.map((e) => e.device),
    faults: faults.map((f) => f.fault).sort((a, b) => a.at - b.at),
    ...(handsets === undefined ? {} : { handsets }),
    pbx,
    ...(dns === undefined ? {} : { dns }),
    updateServers,
    groups,
    external,
  }));
}

/** What the entries with errors still say of themselves: their names, IP addresses and whether one is a radio. */
function unreadDevices(raw: readonly unknown[]): References["unread"] {
  const objects = raw.filter(isPlainObject);
  const texts = (key: string) => new Set(objects.map((d) => d[key]).filter((v) => typeof v === "string"));
  return { names: texts("name"), ips: texts("ip"), radios: objects.some((d) => d["radio"] !== undefined) };
}

/** `external`: addresses outside the fleet that its devices may name as Master or primary (a real one in a lab). */
function readExternal(v: unknown, fail: Fail): ReadonlySet<string> {
  if (v === undefined) return new Set();
  if (!Array.isArray(v)) return fail(["external"], SimCode.FleetExternal, "a list of IPv4 addresses");
  v.forEach((ip, i) => {
    if (typeof ip !== "string" || !isIpv4(ip)) fail(["external", i], SimCode.FleetExternal, "an IPv4 address");
  });
  return new Set(v as string[]);
}

/**
 * The air of a fleet: its radios that have a position, on the file's site, shadowing drawn from `seed`. The sim and
 * the air service for real nodes (`ipdect air`) both build it here, so one file and seed give both worlds the same
 * links.
 */
export function fleetAirField(file: FleetFile, seed: string): AirField {
  const placements = file.devices.flatMap((d) =>
    d.radio === undefined || d.position === undefined ? [] : [{ name: d.name, position: d.position }],
  );
  return new AirField(placements, file.air, seed);
}

function readNetwork(v: unknown, fail: Fail): LinkConditions {
  if (v === undefined) return DEFAULT_LINK;
  const m = mapping(v, ["network"], NETWORK_KEYS, fail);
  const ms = (k: string, d: number) => {
    const x = m[k];
    if (x === undefined) return d;
    if (typeof x !== "number" || !(x >= 0))
      fail(["network", k], SimCode.FleetNetwork, "must be a number of milliseconds ≥ 0");
    return x as number;
  };
  return {
    latencyMs: ms("latencyMs", DEFAULT_LINK.latencyMs),
    jitterMs: ms("jitterMs", DEFAULT_LINK.jitterMs),
    loss: m["loss"] === undefined ? 0 : probability(m["loss"], ["network", "loss"], fail),
    duplicate: m["duplicate"] === undefined ? 0 : probability(m["duplicate"], ["network", "duplicate"], fail),
  };
}
