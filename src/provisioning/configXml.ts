import { DecodeError } from "../core/errors.js";
import { FACILITIES } from "../logging/facility.js";
import { ProvisioningCode } from "./errors.js";
import { CHECK_SYNC_MODES, PROVISIONING_METHODS } from "./settings.js";
import { parseXml, type XmlElement } from "./xml.js";

/**
 * `<MAC>-config.xml` (seed 002 "Configuration File", Appendix A parameters, Appendix B example): the parameters this
 * device has are mapped onto its configuration sections; the seed's other parameters are known and reported as not
 * modelled; anything else is refused. The range of a mapped value is checked when the patch is applied
 * (config/configPatch.ts), by the same reader as any configuration.
 */
export interface ConfigXml {
  /**
   * Section fields the file sets, by section key; a `null` field is unset (an empty element, seed 002 "Leave it
   * empty"), a `null` section removed (an empty syslog host).
   */
  readonly patch: Readonly<Record<string, Readonly<Record<string, unknown>> | null>>;
  /** Element paths of seed 002 parameters this device does not model: reported, not applied. */
  readonly notModelled: readonly string[];
}

/** A config file is a few kilobytes (seed 002 Appendix B); 1 MiB leaves room and bounds the work. */
export const CONFIG_XML_MAX_BYTES = 1024 * 1024;

/** How one element's text becomes a field's value; throws with `why` for the element path. */
type Read = (text: string) => unknown;
/** A mapped parameter: the section and field it sets. */
interface Mapped {
  readonly section: string;
  readonly field: string;
  readonly read: Read;
}

class Bad extends Error {}
const bad = (why: string): never => {
  throw new Bad(why);
};

const text: Read = (t) => t;
const whole: Read = (t) => (/^(0|[1-9][0-9]{0,9})$/.test(t) ? Number(t) : bad("expected a whole number"));
const bool: Read = (t) => (t === "true" ? true : t === "false" ? false : bad("expected true or false"));
const oneOf =
  (choices: readonly string[]): Read =>
  (t) =>
    choices.includes(t.toLowerCase()) ? t.toLowerCase() : bad(`expected one of ${choices.join(", ")}`);
/** Seed 002 "transport: udp/tcp/tls"; this device's Protocol drop-down names them sip-udp, sip-tcp, sip-tls (§4.6.23). */
const transport: Read = (t) => `sip-${String(oneOf(["udp", "tcp", "tls"])(t))}`;
/** Seed 002 "syslog → facility: 0 - 23" (RFC 5424 §6.2.1); this device's Class names them (§4.9.2). */
const facility: Read = (t) => {
  const n = whole(t) as number;
  return FACILITIES[n] ?? bad(`expected a facility from 0 to ${FACILITIES.length - 1} (RFC 5424 §6.2.1)`);
};

/** Seed 002 parameters this device has, by element path under `<config>`. */
const MAPPED: Readonly<Record<string, Mapped>> = {
  "provisioning/server/method": { section: "provisioning", field: "method", read: oneOf(PROVISIONING_METHODS) },
  "provisioning/server/url": { section: "provisioning", field: "url", read: text },
  "provisioning/check/interval": { section: "provisioning", field: "intervalMinutes", read: whole },
  "provisioning/check/time": { section: "provisioning", field: "time", read: text },
  "provisioning/check/check_sync": { section: "provisioning", field: "checkSync", read: oneOf(CHECK_SYNC_MODES) },
  "provisioning/config/check": { section: "provisioning", field: "importConfig", read: bool },
  "provisioning/users/check": { section: "provisioning", field: "importUsers", read: bool },
  // "firmware → kws: the name of the firmware image to use for a ... Server": this device's own firmware.
  "provisioning/firmware/kws": { section: "provisioning", field: "firmware", read: text },
  "sip/defaultdomain": { section: "gatekeeper", field: "domain", read: text },
  "sip/localport": { section: "gatekeeper", field: "localPort", read: whole },
  "sip/registration_expire": { section: "gatekeeper", field: "registrationTtlS", read: whole },
  "sip/transport": { section: "gatekeeper", field: "protocol", read: transport },
  "snmp/enable": { section: "snmp", field: "enabled", read: bool },
  "snmp/community": { section: "snmp", field: "community", read: text },
  "snmp/syscontact": { section: "snmp", field: "contact", read: text },
  "snmp/syslocation": { section: "snmp", field: "location", read: text },
  "log/syslog/host": { section: "logging", field: "address", read: text },
  "log/syslog/port": { section: "logging", field: "port", read: whole },
  "log/syslog/facility": { section: "logging", field: "class", read: facility },
};

/**
 * Seed 002 "proxy → domain … domain4" and "port … port4": Proxy and Alt. Proxy 1–3 of §4.6.23 as `host[:port]`; a
 * port of 0 (the seed's default) is the protocol's.
 */
const PROXY_SLOTS = ["", "2", "3", "4"] as const;

/** The seed's parameters of the groups this device maps, that it does not model (Appendix A). */
const KNOWN: ReadonlySet<string> = new Set([
  ...["default_kws", "rfp", "rfp6", "pp14208700", "pp14225100", "pp14225110", "pp14225190"].map(
    (p) => `provisioning/firmware/${p}`,
  ),
  ...[
    "auth/password",
    "auth/realm",
    "auth/username",
    "callwaiting",
    "client_transaction_timeout",
    "dect_detach_action",
    "dnsmethod",
    "dtmf/duration",
    "dtmf/info",
    "dtmf/rtp",
    "dtmf/rtp_payload_type",
    "dtmf/rtp_payloadtype",
    "gruu",
    "maxforwards",
    "music_on_hold",
    "mwi/enable",
    "mwi/expire",
    "mwi/subscribe",
    "onholdtone",
    "pound_dials_overlap",
    "send_to_current_registrar",
    "separate_endpoint_ports",
    "showstatustext",
    "tcp_contact_ephemeral_port",
    "tls_allow_insecure",
    "tos",
    "use_sips_uri",
    "vlan_cos",
    "lync/enabled",
    "lync/trusted",
    "proxy/transport",
    ...PROXY_SLOTS.flatMap((n) => [`proxy/priority${n}`, `proxy/weight${n}`]),
  ].map((p) => `sip/${p}`),
  ...["traphost", "trapcommunity"].map((p) => `snmp/${p}`),
  ...["level", "scope_of_settings"].map((p) => `log/syslog/${p}`),
]);
/** `sip/media/…` (codecs, ports, SRTP, ICE, TURN): media is not carried by this version (docs/design.md). */
const KNOWN_SUBTREES = ["sip/media"];

/** Seed 002 Appendix A's groups this device does not model at all: each parameter under them is reported. */
const NOT_MODELLED_GROUPS: ReadonlySet<string> = new Set([
  "app_db",
  "application",
  "bif08",
  "dect",
  "feature_codes",
  "installation",
  "language",
  "phonebook",
  "media_resource",
  "mr",
  "msf",
  "network",
  "RS232",
  "rfp",
  "security",
  "suota",
  "trace_event",
  "tx_power",
  "upnp",
]);

/**
 * Parses a `<MAC>-config.xml`: one `<config>` root; each leaf element a seed 002 parameter, once. Throws DecodeError
 * PROV_XML (not XML) or PROV_XML_SCHEMA with the element path and why; nothing is applied from a refused file.
 */
export function parseConfigXml(bytes: Uint8Array, source: string): ConfigXml {
  const root = parseXml(bytes, source, CONFIG_XML_MAX_BYTES);
  const schema = (path: string, why: string): never => {
    throw new DecodeError(ProvisioningCode.XmlSchema, why, { source, field: path });
  };
  if (root.name !== "config")
    schema(root.path, "the root element of a configuration file is <config> (seed 002 Appendix B)");
  const patch: Record<string, Record<string, unknown> | null> = {};
  const notModelled: string[] = [];
  const proxies: Record<string, string> = {};
  const set = (m: Mapped, value: unknown) => {
    (patch[m.section] ??= {})[m.field] = value;
  };
  const visit = (e: XmlElement, key: string) => {
    const group = key.split("/")[0]!;
    if (NOT_MODELLED_GROUPS.has(group) || KNOWN_SUBTREES.some((t) => key === t || key.startsWith(`${t}/`))) {
      // Repeated elements are the seed's own lists here (`bif08 shelf[] → card[] → port[]`).
      if (e.children.length === 0) notModelled.push(e.path);
      for (const c of e.children) visit(c, `${key}/${c.name}`);
      return;
    }
    if (/\[([2-9]|\d\d+)\]$/.test(e.path)) schema(e.path, "given more than once; each parameter is set once");
    if (e.children.length > 0 && e.text !== "")
      schema(e.path, "holds text and elements; a parameter holds one or the other");
    if (e.children.length > 0 || (e.text === "" && isGroup(key))) {
      for (const c of e.children) visit(c, `${key}/${c.name}`);
      return;
    }
    const proxy = /^sip\/proxy\/(domain|port)([234]?)$/.exec(key);
    if (proxy !== null) {
      proxies[`${proxy[1]}${proxy[2]}`] = e.text;
      if (proxy[1] === "port" && e.text !== "") read(whole, e, schema);
      return;
    }
    const mapped = MAPPED[key];
    if (mapped !== undefined) return set(mapped, e.text === "" ? null : read(mapped.read, e, schema));
    if (KNOWN.has(key)) return void notModelled.push(e.path);
    schema(e.path, `not a parameter of a provisioning configuration file (seed 002 Appendix A)`);
  };
  for (const c of root.children) visit(c, c.name);
  const logging = patch["logging"];
  // Seed 002's remote syslog is UDP (RFC 5426): §4.9.2's SYSLOG type. An empty host removes the destination.
  if (logging !== undefined && logging !== null) {
    if (logging["address"] === null) patch["logging"] = null;
    else logging["type"] = "syslog";
  }
  const proxyFields = proxyPatch(proxies, root.path, schema);
  if (proxyFields !== undefined) patch["gatekeeper"] = { ...patch["gatekeeper"], ...proxyFields };
  return { patch, notModelled };
}

/** `key` is a group of mapped or known parameters (`provisioning/firmware`): an empty one says nothing. */
function isGroup(key: string): boolean {
  const prefix = `${key}/`;
  return [...Object.keys(MAPPED), ...KNOWN, "sip/proxy/domain"].some((k) => k.startsWith(prefix));
}

function read(r: Read, e: XmlElement, schema: (path: string, why: string) => never): unknown {
  try {
    return r(e.text);
  } catch (err) {
    if (!(err instanceof Bad)) throw err;
    return schema(e.path, `${err.message}, got ${JSON.stringify(e.text)}`);
  }
}

/**
 * Proxy and Alt. Proxies from `proxy/domain…domain4` and `port…port4`, in slot order; an empty or absent domain ends
 * the list, and a port without its domain is refused. Undefined when the file names no proxy.
 */
function proxyPatch(
  given: Readonly<Record<string, string>>,
  root: string,
  schema: (path: string, why: string) => never,
): { proxy: string; altProxies: string[] } | undefined {
  const slots = PROXY_SLOTS.map((n) => ({ n, domain: given[`domain${n}`] ?? "", port: given[`port${n}`] ?? "" }));
  if (slots.every((s) => s.domain === "" && s.port === "")) return undefined;
  const addresses: string[] = [];
  let ended = false;
  for (const s of slots) {
    const at = `${root}/sip/proxy/`;
    if (s.domain === "" && s.port !== "" && s.port !== "0")
      schema(`${at}port${s.n}`, `a port without domain${s.n}: the proxy's address is missing`);
    if (s.domain === "") {
      ended = true;
      continue;
    }
    if (ended) schema(`${at}domain${s.n}`, "an alternative proxy after an empty one; fill the proxies in order");
    addresses.push(s.port === "" || s.port === "0" ? s.domain : `${s.domain}:${s.port}`);
  }
  if (addresses.length === 0) schema(`${root}/sip/proxy/domain`, "ports without a proxy domain");
  return { proxy: addresses[0]!, altProxies: addresses.slice(1) };
}
