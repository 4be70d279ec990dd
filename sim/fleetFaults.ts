import type { Path } from "../src/core/config/Locator.js";
import {
  DURATION,
  integer,
  listOf,
  mappingOf,
  numberIn,
  oneOf,
  TEXT,
  type JsonSchema,
} from "../src/core/config/schema.js";
import { duration, mapping, probability, type Fail } from "./fleetFields.js";
import { DEVICE_REFS_SCHEMA, resolveDevices, type Groups } from "./fleetGroups.js";
import { SimCode } from "./errors.js";
import { COMMAND_KEYS, FLEET_COMMANDS, fleetCommand, readCommandKeys, type CommandFault } from "./fleetCommands.js";
import { IMAGE_SCHEMA, readServedFile, servedPath, type ServedFile } from "./updateServerSection.js";
import { DEFAULT_WAVE } from "../src/upgrade/rollingUpgrade.js";

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
  /** An update server serves `file` at `path` from now on (a new command file, a new image). */
  | {
      readonly at: number;
      readonly action: "serve";
      readonly device: string;
      readonly path: string;
      readonly file: ServedFile;
    }
  /**
   * The site-wide rolling upgrade (src/upgrade, §4.15.2) of the PARI Master `device`'s site to the image at
   * `firmware` (App. A.1.4 `prot`), in waves of at most `wave` radios; it runs on in virtual time and says its steps.
   */
  | {
      readonly at: number;
      readonly action: "upgrade";
      readonly device: string;
      readonly firmware: string;
      readonly serial: string;
      readonly version: string;
      readonly wave: number;
    }
  | CommandFault;

/** The kinds of fault: a fault has exactly one of these keys. */
const ACTIONS = ["stop", "start", "partition", "heal", "loss", "slow", "busy", "serve", "upgrade", "command"] as const;
/** Every key of a fault. */
const FAULT_KEYS = [
  ...ACTIONS,
  "at",
  "delay",
  "for",
  "retryAfter",
  "device",
  "link",
  "path",
  "text",
  "image",
  "firmware",
  "serial",
  "version",
  "wave",
  ...COMMAND_KEYS,
];

/** Devices, PBXs and update servers a fault may name, and the file's groups (fleetGroups.ts). */
export interface FaultNames {
  readonly devices: ReadonlySet<string>;
  readonly pbx: ReadonlySet<string>;
  readonly updateServers: ReadonlySet<string>;
  readonly groups: Groups;
}

/** A fault's schema: one kind of fault per entry, each with the keys it takes (command keys from the command table). */
export function faultSchema(): JsonSchema {
  const two = { ...listOf(DEVICE_REFS_SCHEMA), minItems: 2, maxItems: 2 };
  const typed: Record<string, JsonSchema> = {
    at: DURATION,
    stop: DEVICE_REFS_SCHEMA,
    start: DEVICE_REFS_SCHEMA,
    partition: two,
    heal: { anyOf: [oneOf(["all", true]), two] },
    loss: numberIn(0, 1),
    slow: TEXT,
    busy: TEXT,
    serve: TEXT,
    path: TEXT,
    text: { type: "string" },
    image: IMAGE_SCHEMA,
    upgrade: TEXT,
    firmware: TEXT,
    serial: TEXT,
    version: TEXT,
    wave: integer(1, 2047),
    command: oneOf(FLEET_COMMANDS.map((c) => c.name)),
    delay: DURATION,
    for: DURATION,
    retryAfter: DURATION,
    device: TEXT,
    link: { ...listOf(TEXT), minItems: 2, maxItems: 2 },
  };
  return {
    ...mappingOf(FAULT_KEYS, typed, ["at"]),
    oneOf: ACTIONS.map((a) => ({ required: [a] })),
  };
}

/** Each fault on its own; a fault with errors is left out (its errors are collected). A group's stop is one each. */
export function readFaults(
  v: unknown,
  names: FaultNames,
  section: <T>(read: () => T) => T | undefined,
  fail: Fail,
): { readonly fault: Fault; readonly at: number; readonly index: number }[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return section(() => fail(["faults"], SimCode.FleetFaults, "faults must be a list")) ?? [];
  return v.flatMap((f, index) => {
    const faults = section(() => readFault(f, ["faults", index], names, fail)) ?? [];
    return faults.map((fault) => ({ fault, at: fault.at, index }));
  });
}

function readFault(v: unknown, path: Path, names: FaultNames, fail: Fail): Fault[] {
  const m = mapping(v, path, FAULT_KEYS, fail);
  if (m["at"] === undefined)
    fail([...path, "at"], SimCode.FleetFault, "required: when the fault happens, e.g. at: 60s");
  const at = duration(m["at"], [...path, "at"], fail);
  const both = new Set([...names.devices, ...names.pbx, ...names.updateServers]);
  /** One device of the fleet. */
  const device = (key: string): string => {
    const n = m[key];
    if (typeof n !== "string" || !names.devices.has(n))
      fail([...path, key], SimCode.FleetUnknownDevice, `no device named ${JSON.stringify(n)} in this fleet`);
    return n as string;
  };
  const group = (g: unknown, p: Path): string[] => {
    if (g === undefined || (Array.isArray(g) && g.length === 0))
      return fail(p, SimCode.FleetPartition, "a group is a device name, a group or a non-empty list of them");
    return resolveDevices(g, p, names.groups, both, fail);
  };
  const groups = (key: string): [string[], string[]] => {
    const g = m[key];
    if (!Array.isArray(g) || g.length !== 2)
      return fail([...path, key], SimCode.FleetPartition, "give two groups of device names, e.g. [[a], [b, c]]");
    return [group(g[0], [...path, key, 0]), group(g[1], [...path, key, 1])];
  };
  const actions = ACTIONS.filter((k) => m[k] !== undefined);
  if (actions.length !== 1) fail(path, SimCode.FleetFault, `a fault has exactly one of ${ACTIONS.join(", ")}`);
  const pbx = (key: string): string => {
    if (!names.pbx.has(m[key] as string))
      fail([...path, key], SimCode.FleetUnknownDevice, `no PBX named ${JSON.stringify(m[key])} in this fleet`);
    return m[key] as string;
  };
  switch (actions[0]) {
    case "stop":
    case "start": {
      const action = actions[0];
      return resolveDevices(m[action], [...path, action], names.groups, both, fail).map((d) => ({
        at,
        action,
        device: d,
      }));
    }
    case "slow":
      if (m["delay"] === undefined)
        fail([...path, "delay"], SimCode.FleetFault, "slow needs delay: how late the PBX answers");
      return [{ at, action: "slow", device: pbx("slow"), ms: duration(m["delay"], [...path, "delay"], fail) }];
    case "busy":
      if (m["for"] === undefined)
        fail([...path, "for"], SimCode.FleetFault, "busy needs for: how long the PBX answers 503");
      return [
        {
          at,
          action: "busy",
          device: pbx("busy"),
          ms: duration(m["for"], [...path, "for"], fail),
          ...(m["retryAfter"] === undefined
            ? {}
            : { retryAfterS: Math.round(duration(m["retryAfter"], [...path, "retryAfter"], fail) / 1000) }),
        },
      ];
    case "serve":
      return [{ at, action: "serve", ...readServe(m, path, names, fail) }];
    case "upgrade": {
      const text = (key: string): string => {
        if (typeof m[key] !== "string" || m[key] === "")
          fail([...path, key], SimCode.FleetFault, `upgrade needs ${key}: ${UPGRADE_KEYS[key]}`);
        return m[key] as string;
      };
      const wave = m["wave"] ?? DEFAULT_WAVE;
      if (!Number.isInteger(wave) || (wave as number) < 1)
        fail([...path, "wave"], SimCode.FleetFault, "wave: radios in one wave, a whole number ≥ 1");
      const serial = text("serial");
      return [
        {
          at,
          action: "upgrade",
          device: device("upgrade"),
          firmware: text("firmware"),
          serial,
          version: m["version"] === undefined ? serial : text("version"),
          wave: wave as number,
        },
      ];
    }
    case "partition":
      return [{ at, action: "partition", groups: groups("partition") }];
    case "heal":
      return [
        m["heal"] === "all" || m["heal"] === true
          ? { at, action: "heal" }
          : { at, action: "heal", groups: groups("heal") },
      ];
    case "loss": {
      const value = probability(m["loss"], [...path, "loss"], fail);
      if (m["link"] === undefined) return [{ at, action: "loss", value }];
      const l = m["link"];
      if (!Array.isArray(l) || l.length !== 2 || !l.every((x) => typeof x === "string" && !names.groups.has(x)))
        fail([...path, "link"], SimCode.FleetLink, "a link is two device names");
      const [a, b] = (l as string[]).map(
        (x, i) => resolveDevices(x, [...path, "link", i], names.groups, both, fail)[0]!,
      );
      return [{ at, action: "loss", value, link: [a!, b!] }];
    }
    default: {
      const c = fleetCommand(m["command"], [...path, "command"], fail);
      const on = device("device");
      return [{ at, action: "command", device: on, command: c.name, ...readCommandKeys(c, m, path, device, fail) }];
    }
  }
}

/** What an `upgrade` fault's keys say. */
const UPGRADE_KEYS: Readonly<Record<string, string>> = {
  firmware: "the image's URL (App. A.1.4: ending in / adds each product's file name)",
  serial: "the image's build serial",
  version: "the version the image runs",
};

/** A `serve` fault's server, path and file: `text: …` or `image: { version, serial?, product? }`, one of them. */
function readServe(
  m: Record<string, unknown>,
  path: Path,
  names: FaultNames,
  fail: Fail,
): { device: string; path: string; file: ServedFile } {
  const server = m["serve"];
  if (typeof server !== "string" || !names.updateServers.has(server))
    fail(
      [...path, "serve"],
      SimCode.FleetUnknownDevice,
      `no update server named ${JSON.stringify(server)} in this fleet`,
    );
  const at = servedPath(m["path"], [...path, "path"], fail);
  if ((m["text"] === undefined) === (m["image"] === undefined))
    fail(path, SimCode.FleetUpdateServer, "serve needs path and one of text or image");
  if (m["text"] !== undefined && typeof m["text"] !== "string")
    fail([...path, "text"], SimCode.FleetUpdateServer, "must be a text");
  const file = m["text"] ?? { image: m["image"] };
  return { device: server as string, path: at, file: readServedFile(file, at, path, fail) };
}
