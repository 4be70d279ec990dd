import { ConfigCode } from "../core/config/configCodes.js";
import { FieldReader, show } from "../core/config/FieldReader.js";
import type { Locator, Path } from "../core/config/Locator.js";
import { compact } from "../core/config/plainObject.js";
import { isDnsServer } from "../core/config/dnsServers.js";
import { DEVICE_KINDS } from "../core/identity/DeviceKind.js";
import { Mac } from "../core/identity/Mac.js";
import { readLdap } from "../ldap/settings.js";
import { readMaster } from "../master/settings.js";
import { readPari, readRadioConfig } from "../pari/settings.js";
import { readRadio } from "../radio/settings.js";
import { readSystem } from "../role/system.js";
import { readGatekeeper } from "../sip/settings.js";
import { readPosition } from "../sync/settings.js";
import { readUsers } from "../users/settings.js";
import type { DeviceConfig } from "./DeviceConfig.js";
import { isVerbatimLine } from "./nativeLine.js";

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

function multicast(r: FieldReader, value: unknown, path: Path): string {
  const ip = r.ipv4(value, path);
  const first = Number(ip.split(".")[0]);
  if (first < 224 || first > 239)
    r.fail(path, ConfigCode.Multicast, `must be a multicast address 224.0.0.0–239.255.255.255, got ${ip}`);
  return ip;
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
