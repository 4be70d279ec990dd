import { DecodeError } from "../errors.js";
import { ConfigCode } from "./configCodes.js";
import {
  ANONYMOUS_NUMBER_MAX,
  DEFAULT_REGISTRATION_TTL_S,
  DEFAULT_SIP_PORT,
  DEFAULT_SIP_PROTOCOL,
  DEFAULT_SIPS_PORT,
  DEFAULT_SUBSCRIPTION_TTL_S,
  DEFAULT_TEMPORARY_FAILURE,
  INTERNATIONAL_CPN_PREFIX_MAX,
  MAX_ALT_PROXIES,
  MAX_INTERNAL_NUMBER_LENGTH,
  REGISTRATION_TTL_MIN_S,
  SIP_PROTOCOLS,
  SIP_TTL_MAX_S,
  SUBSCRIPTION_TTL_MIN_S,
  TEMPORARY_FAILURE_RESPONSES,
  type AnonymousRegistration,
  type GatekeeperSettings,
  type MasterSettings,
} from "./DeviceConfig.js";
import { FieldReader, show } from "./FieldReader.js";
import { isIpv4 } from "./ipv4.js";
import { locatorWithoutLines, type Path } from "./Locator.js";
import { compact, type PlainObject } from "./plainObject.js";
import { isDnsName, parseProxyAddress, type ProxyAddress } from "./proxyAddress.js";

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

/**
 * The `gatekeeper` section (§4.6.23 Configure Gatekeeper with the SIP options of §4.7.1 and §4.7.3.1, and §4.6.24
 * Registration for Anonymous Devices). It needs a Master role that is not off: the Master registers the users.
 */
export function readGatekeeper(
  r: FieldReader,
  value: unknown,
  path: Path,
  master: MasterSettings | undefined,
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
  master: MasterSettings | undefined,
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
  if (alts.length > 1 && first !== undefined && !proxy.isIp && !first.address.isIp)
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
