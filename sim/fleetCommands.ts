import type { Path } from "../src/core/config/Locator.js";
import { IpdectError } from "../src/core/errors.js";
import type { Device } from "../src/device/Device.js";
import { fieldType, readParam, type Command, type Param } from "../src/mgmt/command.js";
import { COMMANDS } from "../src/mgmt/commands/index.js";
import { fieldValue } from "../src/mgmt/route.js";
import { SimCode } from "./errors.js";
import type { Fail } from "./fleetFields.js";

/**
 * The `command` faults of a fleet file, read from the operator-command table (docs/design.md "Operator commands"):
 * which commands a fleet file may run, the keys each takes, their rules (the API's), and running one on a device.
 */

/** A value of a command fault's key: a text (a device name for `radio` and `to`), a number or a list of texts. */
export type FleetValue = string | number | readonly string[];

/** An operator command at a virtual time, with its keys as the file gives them (docs/user-guide.md "Fleet files"). */
export type CommandFault = {
  readonly at: number;
  readonly action: "command";
  /** The device that runs the command. */
  readonly device: string;
  readonly command: string;
} & Readonly<Record<string, FleetValue>>;

/** The commands a fleet file may run. */
export const FLEET_COMMANDS: readonly Command[] = COMMANDS.filter((c) => c.fleet !== undefined);

interface FleetKey {
  readonly name: string;
  readonly param: Param<unknown>;
  readonly key: string;
  /** The key names a device of the fleet; the command gets its MAC. */
  readonly device: boolean;
}

/** The parameters of `c` a fleet file gives by key, in the entry's order. */
const fleetKeys = (c: Command): FleetKey[] =>
  Object.entries(c.params).flatMap(([name, param]) =>
    param.fleet !== undefined && "key" in param.fleet
      ? [{ name, param, key: param.fleet.key, device: param.fleet.device === true }]
      : [],
  );

/** Every key a command fault may have. */
export const COMMAND_KEYS: readonly string[] = [
  ...new Set(FLEET_COMMANDS.flatMap((c) => fleetKeys(c).map((k) => k.key))),
];

/** The command a fault names, if a fleet file may run it; else a FLEET_COMMAND error at `path`. */
export function fleetCommand(name: unknown, path: Path, fail: Fail): Command {
  const c = FLEET_COMMANDS.find((x) => x.name === name);
  return c ?? fail(path, SimCode.FleetCommand, `must be one of ${FLEET_COMMANDS.map((x) => x.name).join(", ")}`);
}

/**
 * The keys of a `command` fault (mapping `m` at `path`) for command `c`: it has the keys the command needs and no
 * other, each value keeps the API's rule, and `device(key)` checks a key that names a device. Errors name the key.
 */
export function readCommandKeys(
  c: Command,
  m: Readonly<Record<string, unknown>>,
  path: Path,
  device: (key: string) => string,
  fail: Fail,
): Readonly<Record<string, FleetValue>> {
  const keys = fleetKeys(c);
  const need = keys.filter((k) => k.param.optional !== true).map((k) => k.key);
  for (const k of need)
    if (m[k] === undefined) fail([...path, k], SimCode.FleetCommand, `${c.name} needs ${need.join(" and ")}`);
  for (const k of COMMAND_KEYS)
    if (m[k] !== undefined && !keys.some((x) => x.key === k))
      fail([...path, k], SimCode.FleetCommand, `${c.name} takes no ${k}`);
  const values = keys
    .filter((k) => m[k.key] !== undefined)
    .map((k) => [k.key, k.device ? device(k.key) : checked(k, m[k.key], [...path, k.key], fail)]);
  return Object.fromEntries(values) as Record<string, FleetValue>;
}

/** `raw` if it keeps the rule the API holds the parameter to, else a FLEET_COMMAND error with the API's reason. */
function checked(k: FleetKey, raw: unknown, path: Path, fail: Fail): FleetValue {
  try {
    readParam(k.param, fieldValue(raw, k.key, fieldType(k.param)), k.key);
  } catch (err) {
    if (err instanceof IpdectError) fail(path, SimCode.FleetCommand, err.reason);
    throw err;
  }
  return raw as FleetValue;
}

/** Runs a command fault on `device` as the API would; `macOf` gives the MAC of a fleet device by name. */
export function runCommandFault(f: CommandFault, device: Device, macOf: (name: string) => string): unknown {
  const c = FLEET_COMMANDS.find((x) => x.name === f.command)!;
  const raw = (p: Param<unknown>): unknown => {
    if (p.fleet === undefined) return undefined;
    if ("fixed" in p.fleet) return p.fleet.fixed;
    const v = f[p.fleet.key];
    return v !== undefined && p.fleet.device === true ? macOf(v as string) : v;
  };
  const args = Object.fromEntries(Object.entries(c.params).map(([k, p]) => [k, readParam(p, raw(p), k)]));
  return c.fleet!({ device }, args);
}
