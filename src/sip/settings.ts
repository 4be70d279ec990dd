import { DecodeError } from "../core/errors.js";
import { ConfigCode } from "../core/config/configCodes.js";
import { FieldReader, show } from "../core/config/FieldReader.js";
import { isIpv4 } from "../core/config/ipv4.js";
import { locatorWithoutLines, type Path } from "../core/config/Locator.js";
import { flag, item, number, text, type NativeModule } from "../core/config/nativeModule.js";
import { compact, type PlainObject } from "../core/config/plainObject.js";
import type { MasterMode } from "../role/redundancy.js";
import { isDnsName } from "../core/config/dnsName.js";
import { parseProxyAddress, type ProxyAddress } from "./proxyAddress.js";
import type { ConfigSection } from "../role/configSection.js";
import { BOOLEAN, integer, listOf, mappingOf, oneOf, TEXT } from "../core/config/schema.js";

/** §4.6.23 step 2: the SIP protocols of the Protocol drop-down list (its H.323 variants are not modelled). */
export const SIP_PROTOCOLS = ["sip-udp", "sip-tcp", "sip-tls"] as const;
export type SipProtocol = (typeof SIP_PROTOCOLS)[number];
/** §4.7.3.1 SIP Response Mappings: what the Master answers when a handset is registered but not reachable. */
export const TEMPORARY_FAILURE_RESPONSES = [486, 480, 503] as const;
/** §4.6.23 step 15: Registration Time-To-Live, the Expires header of REGISTER; "The default is 120 seconds". */
export const DEFAULT_REGISTRATION_TTL_S = 120;
/** §4.6.23 step 15: Subscription Time-To-Live, the Expires header of SUBSCRIBE; "The default is 3600 seconds". */
export const DEFAULT_SUBSCRIPTION_TTL_S = 3600;
/** App. H: the proxy listens on 5060 for SIP over UDP/TCP and on 5061 for SIP over TLS (RFC 3261 §19.1.2). */
export const DEFAULT_SIP_PORT = 5060;
export const DEFAULT_SIPS_PORT = 5061;

/** §4.6.23 step 2: the protocol of a gatekeeper section that names none. */
export const DEFAULT_SIP_PROTOCOL: SipProtocol = "sip-udp";
/** §4.7.3.1: the default Temporary failure response; GatekeeperSettings.temporaryFailure says why 480. */
export const DEFAULT_TEMPORARY_FAILURE = 480;
/** §4.6.23 step 6: Alt. Proxy 1, 2 and 3. */
export const MAX_ALT_PROXIES = 3;
/**
 * Ranges of the §4.6.23 step 15 Time-To-Live fields, in seconds. The manual gives none; ours keep a refresh from
 * flooding the proxy (10 s, 60 s) and stay within a day (86400 s).
 */
export const REGISTRATION_TTL_MIN_S = 10;
export const SUBSCRIPTION_TTL_MIN_S = 60;
export const SIP_TTL_MAX_S = 86_400;
/** §4.6.23 step 8 Max. internal number length: 1..30 (a user's Number has at most 30 characters, §3.14.3). */
export const MAX_INTERNAL_NUMBER_LENGTH = 30;
/** §4.6.23 step 9 International CPN Prefix: at most 8 digits (ours; international prefixes have 2 to 4). */
export const INTERNATIONAL_CPN_PREFIX_MAX = 8;
/** §4.6.24 Registration Number: digits and `*#+`, at most 30 characters, like a user's Number (§3.14.3). */
export const ANONYMOUS_NUMBER_MAX = 30;

/** §4.6.24 Registration for Anonymous Devices: the extension anonymous handsets make emergency calls through. */
export interface AnonymousRegistration {
  /** Registration Name */
  readonly name: string;
  /** Registration Number: digits and `*#+`, at most 30 characters. */
  readonly number: string;
  /** "Deactivate Master if no connection": the Master deactivates itself while this registration fails. */
  readonly deactivateMaster: boolean;
}

/**
 * The gatekeeper (SIP proxy, registrar) of a Master (§4.6.23 Configure Gatekeeper, §4.6.24, §4.7.1, §4.7.3.1). It
 * takes effect after a reset (§4.6.23 step 17). docs/user-guide.md "Gatekeeper (SIP) settings" lists the rules.
 */
export interface GatekeeperSettings {
  /** §4.6.23 step 2; default "sip-udp". */
  readonly protocol: SipProtocol;
  /** §4.6.23 step 5 Proxy: `host[:port]`, an IPv4 address or a DNS name (parseProxyAddress); required. */
  readonly proxy: string;
  /**
   * §4.6.23 step 6 Alt. Proxy 1..3, the same syntax, at most 3, in order (default []). Alt. Proxy 2 and 3 cannot be
   * used when Proxy and Alt. Proxy 1 are both domain names without a port (step 6b/6c, isSrvDomain).
   */
  readonly altProxies: readonly string[];
  /** §4.6.23 step 7 Domain: a DNS name or an IPv4 address, without a port. */
  readonly domain?: string;
  /** §4.6.23 step 15 Registration Time-To-Live in seconds, 10..86400 (default 120). */
  readonly registrationTtlS: number;
  /** §4.6.23 step 15 Subscription Time-To-Live in seconds, 60..86400 (default 3600). */
  readonly subscriptionTtlS: number;
  /** §4.6.23 step 15 "Register with number": register with Number, authenticate with Name (default false). */
  readonly registerWithNumber: boolean;
  /** §4.6.23 step 10 "Registration with system password" (the DECT system password, §4.6.1; default false). */
  readonly registerWithSystemPassword: boolean;
  /** §4.6.23 step 8 Max. internal number length, 1..30. */
  readonly maxInternalNumberLength?: number;
  /** §4.6.23 step 9 International CPN Prefix: digits, at most 8; replaces a leading `+` of incoming numbers. */
  readonly internationalCpnPrefix?: string;
  /** §4.7.1.11 "Ignore Retry-After in Registration Responses": fail over even with Retry-After (default false). */
  readonly ignoreRetryAfter: boolean;
  /** §4.7.1.2 "IP-PBX supports redirection of registration when registered to alternative proxy" (default false). */
  readonly redirection: boolean;
  /** §4.7.1.1 "Add Instance ID to the user registration with the IP-PBX" (default false). */
  readonly instanceId: boolean;
  /**
   * §4.7.3.1 Temporary failure: the response to a call for a handset that is registered but not reachable. The
   * manual names no default; 480 Temporarily Unavailable is the one it describes as "normally used when an endpoint
   * is not reachable", which is exactly this case (and RFC 3261 §21.4.18: the callee's end system was contacted but
   * the callee is currently unavailable), so it is ours.
   */
  readonly temporaryFailure: 486 | 480 | 503;
  /**
   * The port the Master's SIP socket listens on (its Contact), 1..65535. App. H gives the Master's side as dynamic;
   * ours defaults to the well-known port of the protocol: 5060, 5061 for sip-tls.
   */
  readonly localPort: number;
  /** §4.6.24 Registration for Anonymous Devices; absent: none. */
  readonly anonymous?: AnonymousRegistration;
}

/** The keys of the `gatekeeper` section, in the order of GatekeeperSettings. */
export const GATEKEEPER_KEYS = [
  "protocol",
  "proxy",
  "altProxies",
  "domain",
  "registrationTtlS",
  "subscriptionTtlS",
  "registerWithNumber",
  "registerWithSystemPassword",
  "maxInternalNumberLength",
  "internationalCpnPrefix",
  "ignoreRetryAfter",
  "redirection",
  "instanceId",
  "temporaryFailure",
  "localPort",
  "anonymous",
] as const;
const ANONYMOUS_KEYS = ["name", "number", "deactivateMaster"] as const;

const PORT_MAX = 65535;
/** §4.6.24 Registration Number: what a dialled number holds. */
const ANONYMOUS_NUMBER = new RegExp(`^[0-9*#+]{1,${ANONYMOUS_NUMBER_MAX}}$`);
const CPN_PREFIX = new RegExp(`^[0-9]{1,${INTERNATIONAL_CPN_PREFIX_MAX}}$`);

/** The section's schema (ConfigSection.schema). */
const GATEKEEPER_SCHEMA = mappingOf(
  GATEKEEPER_KEYS,
  {
    protocol: oneOf(SIP_PROTOCOLS),
    proxy: TEXT,
    altProxies: { ...listOf(TEXT), maxItems: MAX_ALT_PROXIES },
    domain: TEXT,
    registrationTtlS: integer(REGISTRATION_TTL_MIN_S, SIP_TTL_MAX_S),
    subscriptionTtlS: integer(SUBSCRIPTION_TTL_MIN_S, SIP_TTL_MAX_S),
    registerWithNumber: BOOLEAN,
    registerWithSystemPassword: BOOLEAN,
    maxInternalNumberLength: integer(1, MAX_INTERNAL_NUMBER_LENGTH),
    internationalCpnPrefix: { type: "string", pattern: CPN_PREFIX.source },
    ignoreRetryAfter: BOOLEAN,
    redirection: BOOLEAN,
    instanceId: BOOLEAN,
    temporaryFailure: oneOf(TEMPORARY_FAILURE_RESPONSES),
    localPort: integer(1, PORT_MAX),
    anonymous: mappingOf(
      ANONYMOUS_KEYS,
      { name: TEXT, number: { type: "string", pattern: ANONYMOUS_NUMBER.source }, deactivateMaster: BOOLEAN },
      ["name", "number"],
    ),
  },
  ["proxy"],
);

/**
 * The `gatekeeper` section (§4.6.23 Configure Gatekeeper with the SIP options of §4.7.1 and §4.7.3.1, and §4.6.24
 * Registration for Anonymous Devices). It needs a Master role that is not off: the Master registers the users.
 */
function readGatekeeper(
  r: FieldReader,
  value: unknown,
  path: Path,
  master: { readonly mode: MasterMode } | undefined,
): GatekeeperSettings {
  if (master === undefined || master.mode === "off")
    r.fail(
      path,
      ConfigCode.GatekeeperNeedsMaster,
      `the gatekeeper settings need a Master role that is not off (Master mode is ${master?.mode ?? "absent"}): the Master registers the users to the gatekeeper (§4.6.23)`,
    );
  const o = r.mapping(value, path, GATEKEEPER_KEYS);
  const at = (key: string): Path => [...path, key];
  const flag = (key: string): boolean => r.optional(o, at(key), (v, p) => r.boolean(v, p)) ?? false;
  const protocol =
    r.optional(o, at("protocol"), (v, p) => r.oneOf(v, p, SIP_PROTOCOLS, ConfigCode.Gatekeeper)) ??
    DEFAULT_SIP_PROTOCOL;
  const proxy = proxyAt(r, r.required(o, at("proxy")), at("proxy"));
  const altProxies = r.optional(o, at("altProxies"), (v, p) => readAltProxies(r, v, p, proxy.address)) ?? [];
  const ttl = (key: string, min: number, fallback: number): number =>
    r.optional(o, at(key), (v, p) =>
      r.integer(v, p, min, SIP_TTL_MAX_S, ConfigCode.Gatekeeper, `whole seconds from ${min} to ${SIP_TTL_MAX_S}`),
    ) ?? fallback;
  const lengthRule = `a whole number from 1 to ${MAX_INTERNAL_NUMBER_LENGTH} (§4.6.23 step 8)`;
  return compact({
    protocol,
    proxy: proxy.text,
    altProxies,
    domain: r.optional(o, at("domain"), (v, p) => readDomain(r, v, p)),
    registrationTtlS: ttl("registrationTtlS", REGISTRATION_TTL_MIN_S, DEFAULT_REGISTRATION_TTL_S),
    subscriptionTtlS: ttl("subscriptionTtlS", SUBSCRIPTION_TTL_MIN_S, DEFAULT_SUBSCRIPTION_TTL_S),
    registerWithNumber: flag("registerWithNumber"),
    registerWithSystemPassword: flag("registerWithSystemPassword"),
    maxInternalNumberLength: r.optional(o, at("maxInternalNumberLength"), (v, p) =>
      r.integer(v, p, 1, MAX_INTERNAL_NUMBER_LENGTH, ConfigCode.Gatekeeper, lengthRule),
    ),
    internationalCpnPrefix: r.optional(o, at("internationalCpnPrefix"), (v, p) =>
      digits(
        r,
        v,
        p,
        CPN_PREFIX,
        ConfigCode.Gatekeeper,
        `1 to ${INTERNATIONAL_CPN_PREFIX_MAX} digits (§4.6.23 step 9)`,
      ),
    ),
    ignoreRetryAfter: flag("ignoreRetryAfter"),
    redirection: flag("redirection"),
    instanceId: flag("instanceId"),
    temporaryFailure:
      r.optional(o, at("temporaryFailure"), (v, p) => temporaryFailure(r, v, p)) ?? DEFAULT_TEMPORARY_FAILURE,
    localPort:
      r.optional(o, at("localPort"), (v, p) =>
        r.integer(v, p, 1, PORT_MAX, ConfigCode.Port, `a port from 1 to ${PORT_MAX}`),
      ) ?? (protocol === "sip-tls" ? DEFAULT_SIPS_PORT : DEFAULT_SIP_PORT),
    anonymous: r.optional(o, at("anonymous"), (v, p) => readAnonymous(r, v, p)),
  });
}

/**
 * A `gatekeeper` section on its own (an HTTP body in the YAML shape), for a device whose Master settings are
 * `master`; errors name `source` and the field inside the section (`proxy`, `altProxies[1]`).
 */
export function gatekeeperFromObject(
  value: unknown,
  master: { readonly mode: MasterMode } | undefined,
  source: string,
): GatekeeperSettings {
  return readGatekeeper(new FieldReader(locatorWithoutLines(source)), value, [], master);
}

function proxyAt(r: FieldReader, value: unknown, path: Path): { text: string; address: ProxyAddress } {
  const text = r.text(value, path);
  try {
    return { text, address: parseProxyAddress(text) };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return r.fail(path, ConfigCode.SipAddress, `${e.reason} (§4.6.23 step 5, e.g. proxy1.example.com:5060)`, e);
  }
}

/**
 * A "domain name" in §4.6.23 step 6b/6c's sense: a name without a port, which the Master looks up with DNS SRV (App.
 * D.2: "a SRV-type query is sent to the DNS server asking for existing SIP proxys ... in the domain"), so it stands
 * for several proxies. A name with a port is one host, a fixed target (RFC 3263 §4.2: with a port, no SRV lookup),
 * as App. D.1's "fixed connection" example writes all four: "proxy1.company.com:5060" … "proxy4.company.com:5060".
 */
function isSrvDomain(a: ProxyAddress): boolean {
  return !a.isIp && a.port === undefined;
}

/** §4.6.23 step 6: Alt. Proxy 1..3 in order, without gaps; 6b/6c: 2 and 3 not after two domain names. */
function readAltProxies(r: FieldReader, value: unknown, path: Path, proxy: ProxyAddress): readonly string[] {
  const list = r.list(value, path);
  if (list.length > MAX_ALT_PROXIES)
    r.fail(
      [...path, MAX_ALT_PROXIES],
      ConfigCode.AltProxies,
      `at most ${MAX_ALT_PROXIES} alternative proxies (Alt. Proxy 1 to ${MAX_ALT_PROXIES}, §4.6.23 step 6), got ${list.length}`,
    );
  // A list from the native form has a hole where /alt-proxy1 is missing but /alt-proxy2 is given: no `map` here.
  const alts = Array.from(list, (item, i) => {
    const p = [...path, i];
    if (item === undefined || item === null)
      r.fail(p, ConfigCode.AltProxies, `Alt. Proxy ${i + 1} is empty: the alternative proxies are used in order`);
    return proxyAt(r, item, p);
  });
  const first = alts[0];
  if (alts.length > 1 && first !== undefined && isSrvDomain(proxy) && isSrvDomain(first.address))
    r.fail(
      [...path, 1],
      ConfigCode.AltProxyDomainNames,
      `Alt. Proxy 2 and 3 cannot be used if the Proxy and the Alt. Proxy 1 contain domain names (§4.6.23 step 6b, 6c): Proxy ${show(proxy.host)}, Alt. Proxy 1 ${show(first.address.host)}`,
    );
  return alts.map((a) => a.text);
}

/** §4.6.23 step 7 Domain: a DNS name or an IPv4 address. */
function readDomain(r: FieldReader, value: unknown, path: Path): string {
  const text = r.text(value, path);
  if (!isIpv4(text) && !isDnsName(text))
    r.fail(
      path,
      ConfigCode.SipAddress,
      `must be a DNS name (example.com) or an IPv4 address, without a port (§4.6.23 step 7), got ${show(value)}`,
    );
  return text;
}

function temporaryFailure(r: FieldReader, value: unknown, path: Path): GatekeeperSettings["temporaryFailure"] {
  const found = TEMPORARY_FAILURE_RESPONSES.find((code) => code === value);
  if (found === undefined)
    r.fail(
      path,
      ConfigCode.Gatekeeper,
      `must be one of ${TEMPORARY_FAILURE_RESPONSES.join(", ")} (§4.7.3.1 SIP Response Mappings), got ${show(value)}`,
    );
  return found;
}

/** A digit string; a YAML number (`00` reads as 0) gets a hint to quote it. */
function digits(r: FieldReader, value: unknown, path: Path, rule: RegExp, code: ConfigCode, what: string): string {
  if (typeof value === "number") r.fail(path, code, `must be ${what} as a text (quote it in YAML), got ${show(value)}`);
  const text = r.text(value, path);
  if (!rule.test(text)) r.fail(path, code, `must be ${what}, got ${show(value)}`);
  return text;
}

/** §4.6.24 steps 2 and 3. */
function readAnonymous(r: FieldReader, value: unknown, path: Path): AnonymousRegistration {
  const o: PlainObject = r.mapping(value, path, ANONYMOUS_KEYS);
  const at = (key: string): Path => [...path, key];
  const numberRule = `1 to ${ANONYMOUS_NUMBER_MAX} characters of 0-9 * # + (§4.6.24 step 2)`;
  return {
    name: r.text(r.required(o, at("name")), at("name")),
    number: digits(r, r.required(o, at("number")), at("number"), ANONYMOUS_NUMBER, ConfigCode.Anonymous, numberRule),
    deactivateMaster: r.optional(o, at("deactivateMaster"), (v, p) => r.boolean(v, p)) ?? false,
  };
}

/** GK0 and GK0ANON: the `gatekeeper` section in the native text form. */
const GATEKEEPER_NATIVE: readonly NativeModule[] = [
  {
    // The gatekeeper of DECT → Master (§4.6.23) with the SIP options of Advanced → SIP (§4.7.1.1, §4.7.1.2,
    // §4.7.1.11) and Advanced → SIP Responses (§4.7.3.1). Names are this project's choice: the manual publishes none.
    // /local-port has no default here (5060, or 5061 for sip-tls): it is always written.
    module: "GK0",
    label: "GK0",
    section: "gatekeeper",
    formatVerb: "change",
    always: false,
    options: [
      text("/protocol", "protocol", DEFAULT_SIP_PROTOCOL),
      text("/proxy", "proxy"),
      item("/alt-proxy1", "altProxies", 0),
      item("/alt-proxy2", "altProxies", 1),
      item("/alt-proxy3", "altProxies", 2),
      text("/domain", "domain"),
      number("/reg-ttl", "registrationTtlS", DEFAULT_REGISTRATION_TTL_S),
      number("/sub-ttl", "subscriptionTtlS", DEFAULT_SUBSCRIPTION_TTL_S),
      flag("/reg-number", "registerWithNumber", true, false),
      flag("/reg-system-pw", "registerWithSystemPassword", true, false),
      number("/max-internal", "maxInternalNumberLength"),
      text("/intl-prefix", "internationalCpnPrefix"),
      flag("/ignore-retry-after", "ignoreRetryAfter", true, false),
      flag("/redirection", "redirection", true, false),
      flag("/instance-id", "instanceId", true, false),
      number("/temp-failure", "temporaryFailure", DEFAULT_TEMPORARY_FAILURE),
      number("/local-port", "localPort"),
    ],
  },
  {
    // §4.6.24 Registration for Anonymous Devices (DECT → Master). Names are this project's choice.
    module: "GK0ANON",
    label: "GK0ANON",
    section: "gatekeeper.anonymous",
    formatVerb: "change",
    always: false,
    options: [
      text("/name", "name"),
      text("/number", "number"),
      flag("/deactivate-master", "deactivateMaster", true, false),
    ],
  },
];

/** The `gatekeeper` section of the device configuration. */
export const GATEKEEPER_SECTION: ConfigSection<"gatekeeper", GatekeeperSettings> = {
  key: "gatekeeper",
  schema: GATEKEEPER_SCHEMA,
  read: (r, value, path, ctx) => readGatekeeper(r, value, path, ctx.master),
  native: GATEKEEPER_NATIVE,
};
