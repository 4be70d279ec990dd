import { deviceFromObject } from "../src/config/deviceFromObject.js";
import { configErrorAt, locatorAt, type Path } from "../src/core/config/Locator.js";
import { parseYamlSource } from "../src/core/config/yamlSource.js";
import type { DeviceConfig } from "../src/config/DeviceConfig.js";
import { DEFAULT_LINK, type LinkConditions } from "./MemoryNetwork.js";
import { AirField, type AirSite } from "../src/sync/air/AirField.js";
import { describeRing, findReferenceRing } from "../src/sync/referenceRing.js";
import { readAirSection } from "./airSection.js";
import { readHandsetSection, type HandsetSection } from "./handsetSection.js";
import { duration, mapping, type Fail } from "./fleetFields.js";
import { readDnsSection, readPbxSection, type DnsSection, type PbxConfig } from "./pbxSection.js";
import { SimCode } from "./errors.js";
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
}

const TOP_KEYS = ["name", "until", "network", "air", "devices", "faults", "handsets", "pbx", "dns"];
const NETWORK_KEYS = ["latencyMs", "jitterMs", "loss", "duplicate"];

/**
 * Reads a fleet file (YAML or JSON): devices (the same keys as a device config), network conditions, faults and the
 * default run length. Every error names the file, line and field. `now`: the wall-clock time the devices' dates are
 * checked against (an expired certificate in a certificates section); absent, they are not judged.
 */
export function parseFleetFile(text: string, source: string, now?: number): FleetFile {
  const { value, locator } = parseYamlSource(text, source);
  const fail: Fail = (path, code, msg) => {
    throw configErrorAt(locator, path, code, msg);
  };
  const top = mapping(value, [], TOP_KEYS, fail);
  if (!Array.isArray(top["devices"]) || top["devices"].length === 0)
    fail(["devices"], SimCode.FleetDevices, "a fleet needs a non-empty list of devices");
  const devices = (top["devices"] as unknown[]).map((d, i) =>
    deviceFromObject(d, locatorAt(locator, ["devices", i]), now),
  );
  const names = new Map<string, DeviceConfig>();
  const ips = new Set<string>();
  devices.forEach((d, i) => {
    if (names.has(d.name))
      fail(["devices", i, "name"], SimCode.FleetDuplicateName, `device name "${d.name}" is used twice`);
    if (ips.has(d.ip)) fail(["devices", i, "ip"], SimCode.FleetDuplicateIp, `IP address ${d.ip} is used twice`);
    names.set(d.name, d);
    ips.add(d.ip);
  });
  const pbx = readPbxSection(top["pbx"], fail);
  pbx.forEach((x, i) => {
    if (names.has(x.name)) fail(["pbx", i, "name"], SimCode.FleetDuplicateName, `name "${x.name}" is used twice`);
    if (ips.has(x.ip)) fail(["pbx", i, "ip"], SimCode.FleetDuplicateIp, `IP address ${x.ip} is used twice`);
    ips.add(x.ip);
  });
  const pbxNames = new Set(pbx.map((x) => x.name));
  pbx.forEach((x, i) => {
    if (x.redirectTo !== undefined && (!pbxNames.has(x.redirectTo) || x.redirectTo === x.name))
      fail(["pbx", i, "redirectTo"], SimCode.FleetPbx, `redirectTo must name another PBX of this fleet`);
  });
  const dns = readDnsSection(top["dns"], fail);
  const network = readNetwork(top["network"], fail);
  const air = readAirSection(top["air"], fail);
  const handsets = readHandsetSection(top["handsets"], fail);
  if (handsets?.master !== undefined && names.get(handsets.master)?.master === undefined)
    fail(["handsets", "master"], SimCode.FleetHandsets, `${handsets.master} is not a device with a Master role`);
  checkSyncNames(devices, names, fail);
  const faults = Array.isArray(top["faults"])
    ? top["faults"].map((f, i) => readFault(f, ["faults", i], names, pbxNames, fail))
    : [];
  if (top["faults"] !== undefined && !Array.isArray(top["faults"]))
    fail(["faults"], SimCode.FleetFaults, "faults must be a list");
  return {
    source,
    name: typeof top["name"] === "string" ? top["name"] : source,
    ...(top["until"] === undefined ? {} : { until: duration(top["until"], ["until"], fail) }),
    network,
    air,
    devices,
    faults: [...faults].sort((a, b) => a.at - b.at),
    ...(handsets === undefined ? {} : { handsets }),
    pbx,
    ...(dns === undefined ? {} : { dns }),
  };
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

/**
 * Sync settings that name devices of the fleet (§4.6.36): a static Sync RFPI must be in the radio's own region, and
 * reference sync between regions must not form a ring. Checked at load, with the device and field.
 */
function checkSyncNames(devices: readonly DeviceConfig[], names: Map<string, DeviceConfig>, fail: Fail): void {
  const region = (d: DeviceConfig) => (d.kind === "IPBL" ? 0 : (d.radio?.region ?? 0));
  const refs = new Map<number, number[]>();
  devices.forEach((d, i) => {
    const r = d.radio;
    if (r === undefined) return;
    for (const key of ["syncRfpi", "altSyncRfpi"] as const) {
      const target = r[key] === undefined ? undefined : names.get(r[key]);
      if (target !== undefined && region(target) !== region(d))
        fail(
          ["devices", i, "radio", key],
          SimCode.FleetSyncRegion,
          `${target.name} is in sync region ${region(target)}, not ${region(d)}: a static Sync RFPI must be in the same region (§4.6.36)`,
        );
    }
    // Only a sync master candidate takes reference sync (§4.6.36); a slave's Reference RFPI is never used.
    if (r.syncMode !== "master" && d.kind !== "IPBL") return;
    for (const key of ["referenceRfpi", "altReferenceRfpi"] as const) {
      const target = r[key] === undefined ? undefined : names.get(r[key]);
      if (target === undefined) continue;
      refs.set(region(d), [...(refs.get(region(d)) ?? []), region(target)]);
      const ring = findReferenceRing(refs);
      if (ring !== undefined) fail(["devices", i, "radio", key], SimCode.FleetSyncRing, describeRing(ring));
    }
  });
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
  names: Map<string, DeviceConfig>,
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
