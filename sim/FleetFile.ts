import { deviceFromObject } from "../src/config/deviceFromObject.js";
import { formatPath, locatorAt, type Path } from "../src/core/config/Locator.js";
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
import { duration, mapping, type Fail } from "./fleetFields.js";
import { readDnsSection, readPbxSection, type DnsSection, type PbxConfig } from "./pbxSection.js";
import { SimCode, type FleetCode } from "./errors.js";
import { COMMAND_KEYS, fleetCommand, readCommandKeys, type CommandFault } from "./fleetCommands.js";

/** Something that happens to the fleet at a virtual time (the `faults` list of a fleet file). */
export type Fault =
  | { readonly at: number; readonly action: "stop" | "start"; readonly device: string }
  | {
      readonly at: number;
      readonly action: "partition" | "heal";
      readonly groups?: readonly [readonly string[], readonly string[]];
    }
  | { readonly at: number; readonly action: "loss"; readonly value: number; readonly link?: readonly [string, string] }
  /** A PBX answers `ms` late from now on (0: at once again). */
  | { readonly at: number; readonly action: "slow"; readonly device: string; readonly ms: number }
  /** A PBX answers REGISTERs with 503 (and Retry-After, when given) for `ms`. */
  | {
      readonly at: number;
      readonly action: "busy";
      readonly device: string;
      readonly ms: number;
      readonly retryAfterS?: number;
    }
  | CommandFault;

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
  /** Addresses outside the fleet (`external:`): a real Master, or a PBX a live lab runs itself (kamailio). */
  readonly external: ReadonlySet<string>;
}

const TOP_KEYS = ["name", "until", "network", "air", "devices", "faults", "handsets", "pbx", "dns", "external"];
const NETWORK_KEYS = ["latencyMs", "jitterMs", "loss", "duplicate"];

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
    if (!TOP_KEYS.includes(k))
      section(() => fail([k], SimCode.FleetUnknownKey, `unknown key; allowed keys: ${TOP_KEYS.join(", ")}`));
  const raw = Array.isArray(value["devices"]) ? value["devices"] : [];
  if (raw.length === 0)
    section(() => fail(["devices"], SimCode.FleetDevices, "a fleet needs a non-empty list of devices"));
  const entries = raw.flatMap((d, index) => {
    const device = section(() => deviceFromObject(d, locatorAt(locator, ["devices", index]), now));
    return device === undefined ? [] : [{ device, index }];
  });
  const unread = unreadDevices(raw.filter((_, i) => !entries.some((e) => e.index === i)));
  const pbx = section(() => readPbxSection(value["pbx"], fail)) ?? [];
  const pbxNames = new Set(pbx.map((x) => x.name));
  const dns = section(() => readDnsSection(value["dns"], fail));
  const network = section(() => readNetwork(value["network"], fail)) ?? DEFAULT_LINK;
  const air = section(() => readAirSection(value["air"], fail)) ?? readAirSection(undefined, fail);
  const handsets = section(() => readHandsetSection(value["handsets"], fail));
  const until = section(() => (value["until"] === undefined ? undefined : duration(value["until"], ["until"], fail)));
  const external = section(() => readExternal(value["external"], fail)) ?? new Set<string>();
  const faults = readFaults(
    value["faults"],
    { known: new Set([...entries.map((e) => e.device.name), ...unread.names]), pbxNames },
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
    external,
  }));
}

/** What the entries with errors still say of themselves: their names, IP addresses and whether one is a radio. */
function unreadDevices(raw: readonly unknown[]): References["unread"] {
  const objects = raw.filter(isPlainObject);
  const texts = (key: string) => new Set(objects.map((d) => d[key]).filter((v) => typeof v === "string"));
  return { names: texts("name"), ips: texts("ip"), radios: objects.some((d) => d["radio"] !== undefined) };
}

/** Each fault on its own; a fault with errors is left out (its errors are collected). */
function readFaults(
  v: unknown,
  names: { readonly known: ReadonlySet<string>; readonly pbxNames: ReadonlySet<string> },
  section: <T>(read: () => T) => T | undefined,
  fail: Fail,
): { readonly fault: Fault; readonly at: number; readonly index: number }[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return section(() => fail(["faults"], SimCode.FleetFaults, "faults must be a list")) ?? [];
  return v.flatMap((f, index) => {
    const fault = section(() => readFault(f, ["faults", index], names.known, names.pbxNames, fail));
    return fault === undefined ? [] : [{ fault, at: fault.at, index }];
  });
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

function probability(v: unknown, path: Path, fail: Fail): number {
  if (typeof v !== "number" || !(v >= 0 && v <= 1))
    fail(path, SimCode.FleetProbability, "must be a number from 0 to 1");
  return v as number;
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

function readFault(
  v: unknown,
  path: Path,
  names: ReadonlySet<string>,
  pbxNames: ReadonlySet<string>,
  fail: Fail,
): Fault {
  const m = mapping(
    v,
    path,
    [
      "at",
      "stop",
      "start",
      "partition",
      "heal",
      "loss",
      "slow",
      "delay",
      "busy",
      "for",
      "retryAfter",
      "command",
      "device",
      "link",
      ...COMMAND_KEYS,
    ],
    fail,
  );
  if (m["at"] === undefined)
    fail([...path, "at"], SimCode.FleetFault, "required: when the fault happens, e.g. at: 60s");
  const at = duration(m["at"], [...path, "at"], fail);
  /** A device of the fleet; with `pbx`, a PBX (pbx section) too. */
  const device = (key: string, pbx = false): string => {
    const n = m[key];
    if (typeof n !== "string" || !(names.has(n) || (pbx && pbxNames.has(n))))
      fail([...path, key], SimCode.FleetUnknownDevice, `no device named ${JSON.stringify(n)} in this fleet`);
    return n as string;
  };
  const group = (g: unknown, p: Path): string[] => {
    if (!Array.isArray(g) || g.length === 0)
      return fail(p, SimCode.FleetPartition, "a group is a non-empty list of device names");
    return g.map((n, i) => {
      if (typeof n !== "string" || !(names.has(n) || pbxNames.has(n)))
        fail([...p, i], SimCode.FleetUnknownDevice, `no device named ${JSON.stringify(n)} in this fleet`);
      return n as string;
    });
  };
  const groups = (key: string): [string[], string[]] => {
    const g = m[key];
    if (!Array.isArray(g) || g.length !== 2)
      return fail([...path, key], SimCode.FleetPartition, "give two groups of device names, e.g. [[a], [b, c]]");
    return [group(g[0], [...path, key, 0]), group(g[1], [...path, key, 1])];
  };
  const actions = ["stop", "start", "partition", "heal", "loss", "slow", "busy", "command"].filter(
    (k) => m[k] !== undefined,
  );
  if (actions.length !== 1)
    fail(
      path,
      SimCode.FleetFault,
      "a fault has exactly one of stop, start, partition, heal, loss, slow, busy, command",
    );
  const pbx = (key: string): string => {
    if (!pbxNames.has(m[key] as string))
      fail([...path, key], SimCode.FleetUnknownDevice, `no PBX named ${JSON.stringify(m[key])} in this fleet`);
    return m[key] as string;
  };
  switch (actions[0]) {
    case "stop":
    case "start":
      return { at, action: actions[0], device: device(actions[0], true) };
    case "slow":
      if (m["delay"] === undefined)
        fail([...path, "delay"], SimCode.FleetFault, "slow needs delay: how late the PBX answers");
      return { at, action: "slow", device: pbx("slow"), ms: duration(m["delay"], [...path, "delay"], fail) };
    case "busy":
      if (m["for"] === undefined)
        fail([...path, "for"], SimCode.FleetFault, "busy needs for: how long the PBX answers 503");
      return {
        at,
        action: "busy",
        device: pbx("busy"),
        ms: duration(m["for"], [...path, "for"], fail),
        ...(m["retryAfter"] === undefined
          ? {}
          : { retryAfterS: Math.round(duration(m["retryAfter"], [...path, "retryAfter"], fail) / 1000) }),
      };
    case "partition":
      return { at, action: "partition", groups: groups("partition") };
    case "heal":
      return m["heal"] === "all" || m["heal"] === true
        ? { at, action: "heal" }
        : { at, action: "heal", groups: groups("heal") };
    case "loss": {
      const value = probability(m["loss"], [...path, "loss"], fail);
      if (m["link"] === undefined) return { at, action: "loss", value };
      const l = m["link"];
      if (!Array.isArray(l) || l.length !== 2) fail([...path, "link"], SimCode.FleetLink, "a link is two device names");
      const [a, b] = group(l, [...path, "link"]) as [string, string];
      return { at, action: "loss", value, link: [a, b] };
    }
    default: {
      const c = fleetCommand(m["command"], [...path, "command"], fail);
      const on = device("device");
      return { at, action: "command", device: on, command: c.name, ...readCommandKeys(c, m, path, device, fail) };
    }
  }
}
