import { SnmpCode } from "../snmp/errors.js";
import { ConfigCode } from "../core/config/configCodes.js";
import { FieldReader, show } from "../core/config/FieldReader.js";
import { inNetworks, isIpv4, parseNetwork } from "../core/config/ipv4.js";
import { readTiming } from "../core/config/timing.js";
import type { Path } from "../core/config/Locator.js";
import { flag, number, text, type NativeModule } from "../core/config/nativeModule.js";
import { compact } from "../core/config/plainObject.js";
import type { Secret } from "../core/config/secrets.js";
import type { ConfigSection } from "../role/configSection.js";
import { BOOLEAN, integer, listOf, mappingOf, oneOf, TEXT, TIMING } from "../core/config/schema.js";

/** App. H: the SNMP agent listens on UDP 161 (the SNMP manager is the client). */
export const DEFAULT_SNMP_PORT = 161;
/** RFC 3417 §3: notifications go to UDP 162 unless a destination says otherwise. */
export const DEFAULT_TRAP_PORT = 162;
/** §4.9.5 SNMPv1 step 3: "the standard community name (public)". */
export const DEFAULT_COMMUNITY = "public";
/** §4.9.5: "SNMP is disabled by default". */
export const DEFAULT_SNMP_ENABLED = false;
/** §4.9.5 SNMPv1 step 7: the Authentication Trap is a check box, off until selected. */
export const DEFAULT_AUTH_TRAP = false;
/** How a trap destination is sent to: SNMPv1 Trap-PDU, SNMPv2c Trap or InformRequest (RFC 3416 §4.2.6, §4.2.7), v3. */
export const TRAP_VERSIONS = ["v1", "v2c", "v2c-inform", "v3"] as const;
export type TrapVersion = (typeof TRAP_VERSIONS)[number];
/**
 * RFC 3413 §3.3 and SNMP-TARGET-MIB: an unanswered inform is sent again after snmpTargetAddrTimeout (DEFVAL 1500
 * centiseconds) up to snmpTargetAddrRetryCount times (DEFVAL 3); a destination may set its own.
 */
export const DEFAULT_INFORM_TIMEOUT_MS = 15_000;
export const DEFAULT_INFORM_RETRIES = 3;
/** SNMP-TARGET-MIB snmpTargetAddrRetryCount (0..255). */
export const INFORM_RETRIES_MAX = 255;
/** §4.9.5 SNMPv3 "Authentication" drop-down: NONE or an HMAC (RFC 3414 MD5/SHA, RFC 7860 SHA-2). */
export const SNMP_AUTH_PROTOCOLS = ["none", "MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"] as const;
export type SnmpAuthProtocol = (typeof SNMP_AUTH_PROTOCOLS)[number];
/**
 * §4.9.5 SNMPv3 "Encryption" drop-down: NONE, DES (RFC 3414 CBC-DES), AES (RFC 3826 AES-128-CFB), AES-256 (the
 * Blumenthal key extension that net-snmp's `-x AES-256` uses). DES needs OpenSSL's legacy provider in Node 20:
 * docs/user-guide.md "SNMP".
 */
export const SNMP_PRIV_PROTOCOLS = ["none", "DES", "AES", "AES-256"] as const;
export type SnmpPrivProtocol = (typeof SNMP_PRIV_PROTOCOLS)[number];
/** RFC 3414 §11.2: a password shorter than 8 characters is refused by the standard's key localisation. */
export const SNMP_PASSWORD_MIN = 8;

/** §4.9.5: the SNMP agent of a device. */
export interface SnmpSettings {
  readonly enabled: boolean;
  /** UDP port of the agent (App. H 161); a high port for a node run without root. */
  readonly port: number;
  /** SNMPv1/v2c community: checked like a password on every request (§4.9.5 step 3). A secret. */
  readonly community: string;
  /** sysName, sysContact, sysLocation (§4.9.5 steps 4 to 6): informational only. */
  readonly deviceName?: string;
  readonly contact?: string;
  readonly location?: string;
  /** §4.9.5 step 7: send authenticationFailure when a request has a wrong community or user. */
  readonly authTrap: boolean;
  readonly trapDestinations: readonly TrapDestination[];
  /** §4.9.5 step 9: networks that may send requests; empty: all. */
  readonly allowedNetworks: readonly AllowedNetwork[];
  readonly v3?: SnmpV3User;
}

export interface TrapDestination {
  /** IPv4 address, optionally `:port` (default 162). */
  readonly address: string;
  readonly version: TrapVersion;
  /** An inform's wait for its response before it is sent again (snmpTargetAddrTimeout); informs only. */
  readonly timeoutMs?: number;
  /** How often an unanswered inform is sent again (snmpTargetAddrRetryCount); informs only. */
  readonly retries?: number;
}

export interface AllowedNetwork {
  /** `a.b.c.d/len` (a bare address is /32). */
  readonly network: string;
}

/** §4.9.5 SNMPv3: one USM user (RFC 3414); passwords are secrets. */
export interface SnmpV3User {
  readonly user: string;
  readonly authProtocol: SnmpAuthProtocol;
  readonly authPassword?: string;
  readonly privProtocol: SnmpPrivProtocol;
  readonly privPassword?: string;
}

const SNMP_KEYS = [
  "enabled",
  "port",
  "community",
  "deviceName",
  "contact",
  "location",
  "authTrap",
  "trapDestinations",
  "allowedNetworks",
  "v3",
] as const;
const TRAP_KEYS = ["address", "version", "timeoutMs", "retries"] as const;
const NETWORK_KEYS = ["network"] as const;
const V3_KEYS = ["user", "authProtocol", "authPassword", "privProtocol", "privPassword"] as const;
const PORT_MAX = 65535;

/** The section's schema (ConfigSection.schema). */
const SNMP_SCHEMA = mappingOf(SNMP_KEYS, {
  enabled: BOOLEAN,
  port: integer(1, PORT_MAX),
  community: TEXT,
  deviceName: TEXT,
  contact: TEXT,
  location: TEXT,
  authTrap: BOOLEAN,
  trapDestinations: listOf(
    mappingOf(
      TRAP_KEYS,
      { address: TEXT, version: oneOf(TRAP_VERSIONS), timeoutMs: TIMING, retries: integer(0, INFORM_RETRIES_MAX) },
      ["address", "version"],
    ),
  ),
  allowedNetworks: listOf(mappingOf(NETWORK_KEYS, { network: TEXT }, ["network"])),
  v3: mappingOf(V3_KEYS, {
    user: TEXT,
    authProtocol: oneOf(SNMP_AUTH_PROTOCOLS),
    authPassword: TEXT,
    privProtocol: oneOf(SNMP_PRIV_PROTOCOLS),
    privPassword: TEXT,
  }),
});

function readSnmp(r: FieldReader, value: unknown, path: Path): SnmpSettings {
  const o = r.mapping(value, path, SNMP_KEYS);
  const at = (key: string): Path => [...path, key];
  const opt = (key: string): string | undefined => r.optional(o, at(key), (v, p) => r.text(v, p));
  const v3 = r.optional(o, at("v3"), (v, p) => readV3(r, v, p));
  const trapDestinations =
    r.optional(o, at("trapDestinations"), (v, p) => r.list(v, p).map((d, i) => readTrap(r, d, [...p, i]))) ?? [];
  // A v3 notification is sent as the §4.9.5 SNMPv3 user: without one there is nobody to send it as.
  const needsUser = trapDestinations.findIndex((d) => d.version === "v3");
  if (needsUser >= 0 && v3 === undefined)
    r.fail([...at("trapDestinations"), needsUser, "version"], SnmpCode.Settings, "v3 needs the SNMPv3 user (snmp.v3)");
  return compact({
    enabled: r.optional(o, at("enabled"), (v, p) => r.boolean(v, p)) ?? DEFAULT_SNMP_ENABLED,
    port:
      r.optional(o, at("port"), (v, p) =>
        r.integer(v, p, 1, PORT_MAX, ConfigCode.Port, `a UDP port from 1 to ${PORT_MAX}`),
      ) ?? DEFAULT_SNMP_PORT,
    community: r.optional(o, at("community"), (v, p) => r.secret(v, p)) ?? DEFAULT_COMMUNITY,
    deviceName: opt("deviceName"),
    contact: opt("contact"),
    location: opt("location"),
    authTrap: r.optional(o, at("authTrap"), (v, p) => r.boolean(v, p)) ?? DEFAULT_AUTH_TRAP,
    trapDestinations,
    allowedNetworks:
      r.optional(o, at("allowedNetworks"), (v, p) => r.list(v, p).map((d, i) => readNetwork(r, d, [...p, i]))) ?? [],
    v3,
  });
}

function readTrap(r: FieldReader, value: unknown, path: Path): TrapDestination {
  const o = r.mapping(value, path, TRAP_KEYS);
  const address = r.text(r.required(o, [...path, "address"]), [...path, "address"]);
  const m = /^([\d.]+)(?::(\d{1,5}))?$/.exec(address);
  const port = m?.[2] === undefined ? DEFAULT_TRAP_PORT : Number(m[2]);
  if (m === null || !isIpv4(m[1]!) || port < 1 || port > PORT_MAX)
    r.fail([...path, "address"], SnmpCode.Settings, `must be an IPv4 address or address:port, got ${show(address)}`);
  const version = r.oneOf(r.required(o, [...path, "version"]), [...path, "version"], TRAP_VERSIONS, SnmpCode.Settings);
  if (version !== "v2c-inform") {
    // RFC 3416 §4.2.6: a trap gets no response, so there is nothing to wait for and nothing to send again.
    const timing = (["timeoutMs", "retries"] as const).find((k) => o[k] !== undefined);
    if (timing !== undefined)
      r.fail([...path, timing], SnmpCode.Settings, `only an inform is sent again: version ${version} gets no response`);
    return { address, version };
  }
  return {
    address,
    version,
    timeoutMs: readTiming(r, o, [...path, "timeoutMs"], DEFAULT_INFORM_TIMEOUT_MS),
    retries:
      r.optional(o, [...path, "retries"], (v, p) =>
        r.integer(v, p, 0, INFORM_RETRIES_MAX, SnmpCode.Settings, `a whole number from 0 to ${INFORM_RETRIES_MAX}`),
      ) ?? DEFAULT_INFORM_RETRIES,
  };
}

function readNetwork(r: FieldReader, value: unknown, path: Path): AllowedNetwork {
  const o = r.mapping(value, path, NETWORK_KEYS);
  const network = r.text(r.required(o, [...path, "network"]), [...path, "network"]);
  if (parseNetwork(network) === undefined)
    r.fail(
      [...path, "network"],
      SnmpCode.Settings,
      `must be a.b.c.d/len (len 0..32) or a.b.c.d/mask, got ${show(network)}`,
    );
  return { network };
}

function readV3(r: FieldReader, value: unknown, path: Path): SnmpV3User {
  const o = r.mapping(value, path, V3_KEYS);
  const at = (key: string): Path => [...path, key];
  const auth = r.optional(o, at("authProtocol"), (v, p) => r.oneOf(v, p, SNMP_AUTH_PROTOCOLS, SnmpCode.Settings));
  const priv = r.optional(o, at("privProtocol"), (v, p) => r.oneOf(v, p, SNMP_PRIV_PROTOCOLS, SnmpCode.Settings));
  const authProtocol = auth ?? "none";
  const privProtocol = priv ?? "none";
  // §4.9.5: "If encryption is enabled, then authentication must be enabled as well" (RFC 3414 §3.1.1 authPriv).
  if (privProtocol !== "none" && authProtocol === "none")
    r.fail(at("privProtocol"), SnmpCode.Settings, "encryption needs authentication: set authProtocol too (§4.9.5)");
  const password = (key: string, needed: boolean): string | undefined => {
    const v = r.optional(o, at(key), (x, p) => r.secret(x, p));
    if (needed && v === undefined) r.fail(at(key), ConfigCode.Required, `required with ${key.slice(0, 4)}Protocol`);
    if (!needed && v !== undefined) r.fail(at(key), SnmpCode.Settings, `only with a ${key.slice(0, 4)}Protocol`);
    if (v !== undefined && v.length < SNMP_PASSWORD_MIN)
      r.fail(at(key), SnmpCode.Settings, `must have at least ${SNMP_PASSWORD_MIN} characters (RFC 3414 §11.2)`);
    return v;
  };
  return compact({
    user: r.text(r.required(o, at("user")), at("user")),
    authProtocol,
    authPassword: password("authPassword", authProtocol !== "none"),
    privProtocol,
    privPassword: password("privPassword", privProtocol !== "none"),
  });
}

/** §4.9.5 step 9: whether a request from `address` may be answered; any may when no network is listed. */
export function allowedBy(s: SnmpSettings): (address: string) => boolean {
  const networks = s.allowedNetworks.map((n) => parseNetwork(n.network)!);
  return (address) => inNetworks(networks, address);
}

/** SNMP0, SNMPTRAP0, SNMPNET0 and SNMPV3: the `snmp` section in the native text form (names of this project). */
const SNMP_NATIVE: readonly NativeModule[] = [
  {
    module: "SNMP0",
    label: "SNMP0",
    section: "snmp",
    formatVerb: "change",
    always: false,
    options: [
      flag("/enable", "enabled", true, DEFAULT_SNMP_ENABLED),
      flag("/disable", "enabled", false, DEFAULT_SNMP_ENABLED),
      number("/port", "port", DEFAULT_SNMP_PORT),
      text("/community", "community", DEFAULT_COMMUNITY),
      text("/device-name", "deviceName"),
      text("/contact", "contact"),
      text("/location", "location"),
      flag("/auth-trap", "authTrap", true, DEFAULT_AUTH_TRAP),
      flag("/no-auth-trap", "authTrap", false, DEFAULT_AUTH_TRAP),
    ],
  },
  {
    module: "SNMPTRAP0",
    label: "SNMPTRAP0",
    section: "snmp.trapDestinations",
    list: true,
    formatVerb: "add",
    always: false,
    options: [
      text("/addr", "address"),
      text("/version", "version"),
      number("/timeout", "timeoutMs", DEFAULT_INFORM_TIMEOUT_MS),
      number("/retries", "retries", DEFAULT_INFORM_RETRIES),
    ],
  },
  {
    module: "SNMPNET0",
    label: "SNMPNET0",
    section: "snmp.allowedNetworks",
    list: true,
    formatVerb: "add",
    always: false,
    options: [text("/net", "network")],
  },
  {
    module: "SNMPV3",
    label: "SNMPV3",
    section: "snmp.v3",
    formatVerb: "change",
    always: false,
    options: [
      text("/user", "user"),
      text("/auth", "authProtocol", "none"),
      text("/auth-password", "authPassword"),
      text("/priv", "privProtocol", "none"),
      text("/priv-password", "privPassword"),
    ],
  },
];

/**
 * The secrets of the `snmp` section: the community, which "acts like a password" (§4.9.5 SNMPv1 step 3), and the
 * SNMPv3 Password (Auth) and Password (Crypt).
 */
export const SNMP_SECRETS: readonly Secret[] = [
  { path: ["community"] },
  { path: ["v3", "authPassword"] },
  { path: ["v3", "privPassword"] },
];

/**
 * The `snmp` section of the device configuration (§4.9.5). Its community and v3 passwords are the device's own
 * configuration, kept and exported like the LDAP passwords; no log line or event carries them.
 */
export const SNMP_SECTION: ConfigSection<"snmp", SnmpSettings> = {
  key: "snmp",
  schema: SNMP_SCHEMA,
  read: (r, value, path) => readSnmp(r, value, path),
  native: SNMP_NATIVE,
  secrets: SNMP_SECRETS,
};
