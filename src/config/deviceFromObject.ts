import { ConfigCode } from "../core/config/configCodes.js";
import { FieldReader, show } from "../core/config/FieldReader.js";
import type { Locator, Path } from "../core/config/Locator.js";
import { compact, type PlainObject } from "../core/config/plainObject.js";
import { Abandoned, ErrorCollector } from "../core/config/collect.js";
import { isDnsServer } from "../core/config/dnsServers.js";
import { DEVICE_KINDS, type DeviceKind } from "../core/identity/DeviceKind.js";
import { Mac, MAC_PATTERN } from "../core/identity/Mac.js";
import type { SectionContext } from "../role/configSection.js";
import { readSystem, SYSTEM_SCHEMA } from "../role/system.js";
import type { DeviceConfig } from "./DeviceConfig.js";
import { isVerbatimLine } from "./nativeLine.js";
import { SECTIONS, type SectionFields } from "./sections.js";
import { IPV4, listOf, mappingOf, oneOf, TEXT, type JsonSchema } from "../core/config/schema.js";

/** The device's own keys, as the model's field names (camelCase); with the sections' keys, anything else is a typo. */
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
  "alarmForward",
  "discoveryGroup",
  "system",
  ...SECTIONS.map((s) => s.key),
  "extra",
] as const;
/** A device's JSON Schema, from its own keys and the roles' sections (ConfigSection.schema): the fleet file's devices. */
export const DEVICE_SCHEMA: JsonSchema = mappingOf(
  DEVICE_KEYS,
  {
    name: TEXT,
    kind: oneOf(DEVICE_KINDS),
    mac: { type: "string", pattern: MAC_PATTERN },
    ip: IPV4,
    mask: IPV4,
    gateway: IPV4,
    dns: TEXT,
    dns2: TEXT,
    ntp: TEXT,
    alarmForward: TEXT,
    discoveryGroup: IPV4,
    system: SYSTEM_SCHEMA,
    ...Object.fromEntries(SECTIONS.map((s) => [s.key, s.schema])),
    extra: listOf(TEXT),
  },
  ["name", "kind", "mac", "ip"],
);

/**
 * Validates a plain object (from YAML, JSON or the native text form) into a DeviceConfig, filling defaults.
 * The one set of rules behind both faces; every broken rule is reported, each located by `at` (ConfigErrors when
 * there are several).
 * The IPv4 addresses are not required to be loopback here; the node world checks that. `now`: the wall-clock time
 * dates are checked against (SectionContext.now); absent, they are not judged.
 */
export function deviceFromObject(value: unknown, at: Locator, now?: number): DeviceConfig {
  const r = new FieldReader(at, new ErrorCollector());
  return r.all(() => readDevice(r, r.mapping(value, [], DEVICE_KEYS), now));
}

function readDevice(r: FieldReader, o: PlainObject, now: number | undefined): DeviceConfig {
  // Each field and section is read on its own, so one file shows all its mistakes at once (collect.ts).
  const field = <T>(key: string, read: (v: unknown, p: Path) => T): T | undefined =>
    r.attempt(() => r.optional(o, [key], read));
  const required = <T>(key: string, read: (v: unknown, p: Path) => T): T | undefined =>
    r.attempt(() => read(r.required(o, [key]), [key]));
  const ipv4 = (v: unknown, p: Path): string => r.ipv4(v, p);
  const text = (v: unknown, p: Path): string => r.text(v, p);
  const own = {
    name: required("name", text),
    kind: required("kind", (v, p) => r.oneOf(v, p, DEVICE_KINDS, ConfigCode.Kind)),
    mac: required("mac", (v, p) => readMac(r, v, p)),
    ip: required("ip", ipv4),
    mask: field("mask", (v, p) => r.netmask(v, p)),
    gateway: field("gateway", ipv4),
    dns: field("dns", (v, p) => dnsServer(r, v, p)),
    dns2: field("dns2", (v, p) => dnsServer(r, v, p)),
    ntp: field("ntp", text),
    alarmForward: field("alarmForward", text),
    discoveryGroup: field("discoveryGroup", (v, p) => multicast(r, v, p)),
    system: r.attempt(() => readSystem(r, r.get(o, ["system"]))),
  };
  // The sections depend on the kind; without one, their errors would only repeat that mistake.
  const sections = own.kind === undefined ? undefined : readSections(r, o, own.kind, own.ntp, now);
  const extra = r.attempt(() => readExtra(r, r.get(o, ["extra"])));
  return compact({ ...own, ...sections, extra }) as DeviceConfig;
}

/**
 * The roles' sections in the order of SECTIONS; each sees the ones read before it (SectionContext). A section that
 * asks for one that failed is given up (Abandoned): its error would repeat that one.
 */
function readSections(
  r: FieldReader,
  o: PlainObject,
  kind: DeviceKind,
  ntp: string | undefined,
  now: number | undefined,
): SectionFields {
  const read: Record<string, unknown> = {};
  const failed = new Set<string>();
  const seen = (key: string) => {
    if (failed.has(key)) throw new Abandoned();
    return read[key];
  };
  const ctx: SectionContext = {
    kind,
    ntp,
    now,
    get master() {
      return seen("master") as SectionFields["master"];
    },
    has: (key) => seen(key) !== undefined,
  };
  for (const section of SECTIONS) {
    const value = r.get(o, [section.key]);
    if (value === undefined) continue;
    read[section.key] = r.attempt(() => section.read(r, value, [section.key], ctx));
    if (read[section.key] === undefined) failed.add(section.key);
  }
  return read as SectionFields;
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
