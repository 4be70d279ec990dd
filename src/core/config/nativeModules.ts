import { DEFAULT_CABLE_M, DEFAULT_FLOOR, DEFAULT_MASTER_ID, DEFAULT_RADIO_ENABLED } from "./defaults.js";
import {
  DEFAULT_AD_FILTER,
  DEFAULT_LDAP_PORT,
  DEFAULT_LDAP_REPLICATOR_ENABLED,
  DEFAULT_LDAP_WRITE_ACCESS,
  DEFAULT_REGISTRATION_TTL_S,
  DEFAULT_RESYNC_AT,
  DEFAULT_SIP_PROTOCOL,
  DEFAULT_SUBSCRIPTION_TTL_S,
  DEFAULT_SYNC_DEPTH,
  DEFAULT_SYSTEM,
  DEFAULT_TEMPORARY_FAILURE,
  MAX_CARRIERS,
  REDUNDANCY_DEFAULTS,
} from "./DeviceConfig.js";

/** `text` values stay strings, `number` values become numbers when they look like one, flags take no value. */
export type NativeOptionType = "text" | "number" | "flag";

export interface NativeOption {
  /** As written in the native text, e.g. `/probe-interval`. */
  readonly name: string;
  /** The model field it sets, inside the module's section (or at the top level when the module has none). */
  readonly field: string;
  /**
   * Set when the field is a list and the option sets one item of it: `/alt-proxy2` is item 1 of `altProxies`. `rem`
   * clears the item (and the items after it that are empty too); the reader refuses a gap.
   */
  readonly index?: number;
  readonly type: NativeOptionType;
  /** For flags: the value the flag sets (`/enable` → true, `/disable` → false). */
  readonly flagValue?: boolean;
  /** The value deviceFromObject fills in when the option is absent; formatNativeText omits options equal to it. */
  readonly default?: string | number | boolean;
}

/**
 * The model section a module owns, as a dotted path (`ldap.server` is `cfg.ldap.server`); undefined: the module sets
 * top-level fields of DeviceConfig. A list module's section is the list its lines add items to.
 */
export type NativeSection =
  | "system"
  | "master"
  | "pari"
  | "radioConfig"
  | "radio"
  | "position"
  | "ldap.server"
  | "ldap.replicator"
  | "ldap.replicator.inMaps"
  | "ldap.replicator.outMaps"
  | "gatekeeper"
  | "gatekeeper.anonymous";

export interface NativeModule {
  readonly module: string;
  /** Sub-id after the module name (`IP0 ETH0`); only IP0 has one. */
  readonly sub?: string;
  /** How the module is named in messages and output: `MASTER0`, `IP0 ETH0`. */
  readonly label: string;
  readonly section?: NativeSection;
  /**
   * A list module: every `config add` line adds one item to the list at `section`, `config change` replaces the
   * list with one item, `config rem` (without options) empties it. formatNativeText writes one line per item.
   */
  readonly list?: true;
  /** The verb formatNativeText writes: the manual's App. J uses `config add IP0 …`, backups `config change …`. */
  readonly formatVerb: "add" | "change";
  /** Whether formatNativeText writes the line when nothing in it differs from the defaults. */
  readonly always: boolean;
  readonly options: readonly NativeOption[];
}

const text = (name: string, field: string, fallback?: string): NativeOption => ({
  name,
  field,
  type: "text",
  ...(fallback === undefined ? {} : { default: fallback }),
});
const flag = (name: string, field: string, flagValue: boolean, fallback: boolean): NativeOption => ({
  name,
  field,
  type: "flag",
  flagValue,
  default: fallback,
});
/** One item of a list field: `/alt-proxy1` is `altProxies[0]`. */
const item = (name: string, field: string, index: number): NativeOption => ({ name, field, type: "text", index });
const number = (name: string, field: string, fallback?: number): NativeOption => ({
  name,
  field,
  type: "number",
  ...(fallback === undefined ? {} : { default: fallback }),
});

/**
 * The modules this version models, in the order formatNativeText writes them. Module and option names are
 * this project's choice (the manual does not publish the device's own names for these settings), except IP0
 * which follows the manual's App. J.2.1 (`config add IP0 ETH0 /addr … /mask … /dns … /dns2 …`,
 * `config add IP0 RT0 /gateway …`). `/dns` and `/dns2` take this project's optional `:port`.
 */
export const NATIVE_MODULES: readonly NativeModule[] = [
  {
    module: "DEV0",
    label: "DEV0",
    formatVerb: "change",
    always: true,
    options: [
      text("/name", "name"),
      text("/kind", "kind"),
      text("/mac", "mac"),
      text("/ntp", "ntp"),
      text("/update-url", "updateUrl"),
      text("/alarm-forward", "alarmForward"),
      text("/discovery", "discoveryGroup"),
    ],
  },
  {
    module: "IP0",
    sub: "ETH0",
    label: "IP0 ETH0",
    formatVerb: "add",
    always: true,
    options: [text("/addr", "ip"), text("/mask", "mask"), text("/dns", "dns"), text("/dns2", "dns2")],
  },
  {
    module: "IP0",
    sub: "RT0",
    label: "IP0 RT0",
    formatVerb: "add",
    always: false,
    options: [text("/gateway", "gateway")],
  },
  {
    module: "DECT0",
    label: "DECT0",
    section: "system",
    formatVerb: "change",
    always: true,
    options: [text("/sysname", "name", DEFAULT_SYSTEM.name), text("/syspwd", "password", DEFAULT_SYSTEM.password)],
  },
  {
    module: "MASTER0",
    label: "MASTER0",
    section: "master",
    formatVerb: "change",
    always: false,
    options: [
      text("/mode", "mode"),
      number("/id", "id", DEFAULT_MASTER_ID),
      text("/primary", "primary"),
      text("/mirror-peer", "mirrorPeer"),
      number("/probe-interval", "probeIntervalMs", REDUNDANCY_DEFAULTS.probeIntervalMs),
      number("/master-lost", "masterLostMs", REDUNDANCY_DEFAULTS.masterLostMs),
      number("/radio-lost", "radioLostMs", REDUNDANCY_DEFAULTS.radioLostMs),
    ],
  },
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
  {
    module: "PARI0",
    label: "PARI0",
    section: "pari",
    formatVerb: "change",
    always: false,
    options: [
      number("/sysid", "systemId"),
      text("/sari", "sari"),
      number("/sync-depth", "syncDepth", DEFAULT_SYNC_DEPTH),
      number("/carriers", "carriers", MAX_CARRIERS),
    ],
  },
  {
    module: "RCFG0",
    label: "RCFG0",
    section: "radioConfig",
    formatVerb: "change",
    always: false,
    options: [
      text("/ntp", "ntp"),
      text("/update-url", "updateUrl"),
      text("/alarm-forward", "alarmForward"),
      text("/mask", "mask"),
      text("/gateway", "gateway"),
      text("/dns", "dns"),
      text("/dns2", "dns2"),
    ],
  },
  {
    module: "RADIO0",
    label: "RADIO0",
    section: "radio",
    formatVerb: "change",
    always: false,
    options: [
      flag("/enable", "enabled", true, DEFAULT_RADIO_ENABLED),
      flag("/disable", "enabled", false, DEFAULT_RADIO_ENABLED),
      text("/master", "master"),
      text("/alt-master", "alternateMaster"),
      text("/pari-master", "pariMaster"),
      text("/alt-pari-master", "altPariMaster"),
      number("/region", "region", 0),
      number("/rfps", "rfps"),
      number("/cable", "cableM", DEFAULT_CABLE_M),
      number("/rfp-error-rate", "rfpErrorRate", 0),
      number("/heartbeat", "heartbeatMs", REDUNDANCY_DEFAULTS.heartbeatMs),
      number("/master-lost", "masterLostMs", REDUNDANCY_DEFAULTS.radioMasterLostMs),
      text("/sync-mode", "syncMode", "slave"),
      text("/sync-rfpi", "syncRfpi"),
      text("/alt-sync-rfpi", "altSyncRfpi"),
      text("/ref-rfpi", "referenceRfpi"),
      text("/alt-ref-rfpi", "altReferenceRfpi"),
      text("/resync", "resync", "manual"),
      text("/resync-at", "resyncAt", DEFAULT_RESYNC_AT),
    ],
  },
  {
    module: "POS0",
    label: "POS0",
    section: "position",
    formatVerb: "change",
    always: false,
    options: [number("/x", "x"), number("/y", "y"), number("/floor", "floor", DEFAULT_FLOOR)],
  },
  {
    module: "LDAP0",
    label: "LDAP0",
    section: "ldap.server",
    formatVerb: "change",
    always: false,
    options: [
      text("/user", "user"),
      text("/password", "password"),
      flag("/write-access", "writeAccess", true, DEFAULT_LDAP_WRITE_ACCESS),
      flag("/read-only", "writeAccess", false, DEFAULT_LDAP_WRITE_ACCESS),
      number("/port", "port", DEFAULT_LDAP_PORT),
    ],
  },
  {
    module: "LDAPREP0",
    label: "LDAPREP0",
    section: "ldap.replicator",
    formatVerb: "change",
    always: false,
    options: [
      text("/type", "type"),
      flag("/enable", "enabled", true, DEFAULT_LDAP_REPLICATOR_ENABLED),
      flag("/disable", "enabled", false, DEFAULT_LDAP_REPLICATOR_ENABLED),
      text("/server", "server"),
      text("/alt-server", "altServer"),
      text("/user", "user"),
      text("/password", "password"),
      text("/filter-type", "filterType"),
      text("/filter", "filter"),
      text("/search-base", "searchBase"),
      text("/ad-filter", "adFilter", DEFAULT_AD_FILTER),
      flag("/tls", "tls", true, false),
      flag("/no-tls", "tls", false, false),
    ],
  },
  {
    module: "LDAPIN0",
    label: "LDAPIN0",
    section: "ldap.replicator.inMaps",
    list: true,
    formatVerb: "add",
    always: false,
    options: [text("/source", "source"), text("/pattern", "pattern"), text("/description", "description")],
  },
  {
    module: "LDAPOUT0",
    label: "LDAPOUT0",
    section: "ldap.replicator.outMaps",
    list: true,
    formatVerb: "add",
    always: false,
    options: [text("/dest", "dest"), text("/value", "value")],
  },
];

/** The path of a module's section in the model (`["ldap", "server"]`); empty for a module of top-level fields. */
export function sectionPath(m: NativeModule): readonly string[] {
  return m.section === undefined ? [] : m.section.split(".");
}

/** The modelled module for `module` (and `sub`, for IP0), or undefined when this version does not model it. */
export function findNativeModule(module: string, sub: string | undefined): NativeModule | undefined {
  return NATIVE_MODULES.find((m) => m.module === module && (m.sub === undefined || m.sub === sub));
}

/** A modelled module that `module`/`sub` spell in the wrong letter case (`master0`), for a helpful error. */
export function findMiscasedModule(module: string, sub: string | undefined): NativeModule | undefined {
  const up = (s: string | undefined): string | undefined => s?.toUpperCase();
  return NATIVE_MODULES.find(
    (m) => m.module === up(module) && (m.sub === undefined || m.sub === up(sub)) && findNativeModule(module, sub) !== m,
  );
}

/** Whether two options set the same thing: the same field (`/enable`, `/disable`) and, for list items, the same item. */
export function setsSame(a: NativeOption, b: NativeOption): boolean {
  return a.field === b.field && a.index === b.index;
}

/** The fields a module sets, each once (`/enable` and `/disable` share `enabled`). */
export function moduleFields(m: NativeModule): readonly string[] {
  return [...new Set(m.options.map((o) => o.field))];
}
