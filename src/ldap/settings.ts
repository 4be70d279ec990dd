import { parseFilterText } from "./filterText.js";
import type { IpdectError } from "../core/errors.js";
import { ConfigCode } from "../core/config/configCodes.js";
import { FieldReader, show } from "../core/config/FieldReader.js";
import { isIpv4 } from "../core/config/ipv4.js";
import type { Path } from "../core/config/Locator.js";
import { flag, number, text, type NativeModule } from "../core/config/nativeModule.js";
import type { MasterMode } from "../role/redundancy.js";
import { compact, type PlainObject } from "../core/config/plainObject.js";
import type { ConfigSection } from "../role/configSection.js";
import { BOOLEAN, integer, listOf, mappingOf, oneOf, TEXT } from "../core/config/schema.js";

/** App. H: the LDAP server listens on TCP 389 (LDAPS on 636 comes with certificates). */
export const DEFAULT_LDAP_PORT = 389;
/** App. H: LDAPS, 636/TCP, Master ← Standby/Mirror Master and Kerberos. */
export const DEFAULT_LDAPS_PORT = 636;
/** §4.5.3: Full Replication, or Active Directory Replication. */
export const LDAP_REPLICATOR_TYPES = ["full", "ad"] as const;
/** §4.5.3.1 step 6: Dect Gateway Name or LDAP Filter. */
export const LDAP_FILTER_TYPES = ["gateway", "ldap"] as const;
/** §4.5.3.2 step 6: the filter offered by default for Active Directory. */
export const DEFAULT_AD_FILTER = "(objectclass=user)";
/** §4.5.1 step 4: Write Access is a check box the administrator selects; unselected by default. */
export const DEFAULT_LDAP_WRITE_ACCESS = false;
/** §4.5.3 step 3: the replicator is configured to be used, so a configured one is enabled unless it says otherwise. */
export const DEFAULT_LDAP_REPLICATOR_ENABLED = true;

/** The LDAP roles of a Master (§4.5): the server of its directory and a replicator into it. */
export interface LdapSettings {
  readonly server?: LdapServerSettings;
  readonly replicator?: LdapReplicatorSettings;
}

/** §4.5.1 */
export interface LdapServerSettings {
  readonly user: string;
  readonly password: string;
  readonly writeAccess: boolean;
  /** TCP port, default 389 (App. H) */
  readonly port: number;
  /** LDAPS port (App. H 636: LDAP in TLS with the device certificate, §4.1.10); 0: no LDAPS. */
  readonly tlsPort: number;
}

/** §4.5.3 */
export interface LdapReplicatorSettings {
  readonly type: "full" | "ad";
  readonly enabled: boolean;
  /** host or host:port; for "full" on a Standby it defaults to the Standby's primary Master */
  readonly server?: string;
  readonly altServer?: string;
  readonly user: string;
  readonly password: string;
  /** full: "gateway" (DECT gateway name) or "ldap" (an LDAP filter), with its value */
  readonly filterType?: "gateway" | "ldap";
  readonly filter?: string;
  /** ad: */
  readonly searchBase?: string;
  readonly adFilter?: string /* default (objectclass=user) */;
  readonly tls?: boolean;
  readonly inMaps?: readonly { readonly source: string; readonly pattern: string; readonly description?: string }[];
  readonly outMaps?: readonly { readonly dest: string; readonly value: string }[];
}

const LDAP_KEYS = ["server", "replicator"] as const;
const SERVER_KEYS = ["user", "password", "writeAccess", "port", "tlsPort"] as const;
const REPLICATOR_KEYS = [
  "type",
  "enabled",
  "server",
  "altServer",
  "user",
  "password",
  "filterType",
  "filter",
  "searchBase",
  "adFilter",
  "tls",
  "inMaps",
  "outMaps",
] as const;
/** Settings of one replicator type only (§4.5.3.1 Full Replication, §4.5.3.2 Active Directory Replication). */
const FULL_ONLY = ["filterType", "filter"] as const;
const AD_ONLY = ["searchBase", "adFilter", "tls", "inMaps", "outMaps"] as const;
const IN_MAP_KEYS = ["source", "pattern", "description"] as const;
const OUT_MAP_KEYS = ["dest", "value"] as const;

const PORT_MAX = 65535;

/** The section's schema (ConfigSection.schema). */
const LDAP_SCHEMA = mappingOf(LDAP_KEYS, {
  server: mappingOf(
    SERVER_KEYS,
    { user: TEXT, password: TEXT, writeAccess: BOOLEAN, port: integer(1, PORT_MAX), tlsPort: integer(0, PORT_MAX) },
    ["user", "password"],
  ),
  replicator: mappingOf(
    REPLICATOR_KEYS,
    {
      type: oneOf(LDAP_REPLICATOR_TYPES),
      enabled: BOOLEAN,
      server: TEXT,
      altServer: TEXT,
      user: TEXT,
      password: TEXT,
      filterType: oneOf(LDAP_FILTER_TYPES),
      filter: TEXT,
      searchBase: TEXT,
      adFilter: TEXT,
      tls: BOOLEAN,
      inMaps: listOf(mappingOf(IN_MAP_KEYS, { source: TEXT, pattern: TEXT, description: TEXT }, ["source", "pattern"])),
      outMaps: listOf(mappingOf(OUT_MAP_KEYS, { dest: TEXT, value: TEXT }, ["dest", "value"])),
    },
    ["type", "user", "password"],
  ),
});
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/**
 * The `ldap` section (§4.5): the LDAP server of the Master's directory (§4.5.1) and the replicator into it (§4.5.3).
 * Both need a Master role that is not off, because the directory lives on the Master. A section with neither part is
 * the same as none.
 */
function readLdap(
  r: FieldReader,
  value: unknown,
  path: Path,
  master: { readonly mode: MasterMode } | undefined,
): LdapSettings | undefined {
  const o = r.mapping(value, path, LDAP_KEYS);
  const at = (key: string): Path => [...path, key];
  const server = r.optional(o, at("server"), (v, p) => readServer(r, v, p));
  const replicator = r.optional(o, at("replicator"), (v, p) => readReplicator(r, v, p, master));
  if (server === undefined && replicator === undefined) return undefined;
  if (master === undefined || master.mode === "off")
    r.fail(
      at(server === undefined ? "replicator" : "server"),
      ConfigCode.LdapNeedsMaster,
      "the LDAP server and replicator need a Master role that is not off: the user directory lives there (§4.5)",
    );
  return compact({ server, replicator });
}

function readServer(r: FieldReader, value: unknown, path: Path): LdapServerSettings {
  const o = r.mapping(value, path, SERVER_KEYS);
  const at = (key: string): Path => [...path, key];
  return {
    user: r.text(r.required(o, at("user")), at("user")),
    password: r.secret(r.required(o, at("password")), at("password")),
    writeAccess: r.optional(o, at("writeAccess"), (v, p) => r.boolean(v, p)) ?? DEFAULT_LDAP_WRITE_ACCESS,
    port:
      r.optional(o, at("port"), (v, p) =>
        r.integer(v, p, 1, PORT_MAX, ConfigCode.Port, `a TCP port from 1 to ${PORT_MAX}`),
      ) ?? DEFAULT_LDAP_PORT,
    tlsPort:
      r.optional(o, at("tlsPort"), (v, p) =>
        r.integer(v, p, 0, PORT_MAX, ConfigCode.Port, `a TCP port from 1 to ${PORT_MAX}, or 0 for no LDAPS`),
      ) ?? DEFAULT_LDAPS_PORT,
  };
}

function readReplicator(
  r: FieldReader,
  value: unknown,
  path: Path,
  master: { readonly mode: MasterMode } | undefined,
): LdapReplicatorSettings {
  const o = r.mapping(value, path, REPLICATOR_KEYS);
  const at = (key: string): Path => [...path, key];
  const type = r.oneOf(r.required(o, at("type")), at("type"), LDAP_REPLICATOR_TYPES, ConfigCode.Ldap);
  const enabled = r.optional(o, at("enabled"), (v, p) => r.boolean(v, p)) ?? DEFAULT_LDAP_REPLICATOR_ENABLED;
  for (const key of type === "full" ? AD_ONLY : FULL_ONLY)
    if (r.get(o, at(key)) !== undefined)
      r.fail(
        at(key),
        ConfigCode.Ldap,
        `only for ${type === "full" ? "Active Directory" : "Full"} Replication (§4.5.3)`,
      );
  const server = r.optional(o, at("server"), (v, p) => hostPort(r, v, p));
  // §4.5.3: a Standby's full replication copies its primary Master, which is where the server defaults to.
  const serverDefaults = type === "full" && master?.mode === "standby";
  if (enabled && server === undefined && !serverDefaults)
    r.fail(at("server"), ConfigCode.Required, "required: the LDAP server's address, host or host:port (§4.5.3)");
  const common = {
    type,
    enabled,
    server,
    altServer: r.optional(o, at("altServer"), (v, p) => hostPort(r, v, p)),
    user: r.text(r.required(o, at("user")), at("user")),
    password: r.secret(r.required(o, at("password")), at("password")),
  };
  return compact(type === "full" ? { ...common, ...readFullFilter(r, o, path) } : { ...common, ...readAd(r, o, path) });
}

/** §4.5.3.1 step 6: a Filter Type and its value come together. */
function readFullFilter(r: FieldReader, o: PlainObject, path: Path): Partial<LdapReplicatorSettings> {
  const at = (key: string): Path => [...path, key];
  const filterType = r.optional(o, at("filterType"), (v, p) => r.oneOf(v, p, LDAP_FILTER_TYPES, ConfigCode.Ldap));
  const filter = r.optional(o, at("filter"), (v, p) => (filterType === "ldap" ? ldapFilter(r, v, p) : r.text(v, p)));
  if (filterType !== undefined && filter === undefined)
    r.fail(at("filter"), ConfigCode.Required, `required with filterType ${filterType} (§4.5.3.1 step 6)`);
  if (filterType === undefined && filter !== undefined)
    r.fail(at("filterType"), ConfigCode.Required, "required with a filter: gateway or ldap (§4.5.3.1 step 6)");
  return { filterType, filter };
}

/** §4.5.3.2: search base (step 5), filter (step 6), TLS (step 8), In Maps and Out Maps (step 9). */
function readAd(r: FieldReader, o: PlainObject, path: Path): Partial<LdapReplicatorSettings> {
  const at = (key: string): Path => [...path, key];
  return {
    searchBase: r.text(r.required(o, at("searchBase")), at("searchBase")),
    adFilter: r.optional(o, at("adFilter"), (v, p) => ldapFilter(r, v, p)) ?? DEFAULT_AD_FILTER,
    tls: r.optional(o, at("tls"), (v, p) => r.boolean(v, p)) ?? false,
    inMaps: r.optional(o, at("inMaps"), (v, p) =>
      r.list(v, p).map((item, i) => {
        const m = r.mapping(item, [...p, i], IN_MAP_KEYS);
        const f = (key: string): Path => [...p, i, key];
        return compact({
          source: r.text(r.required(m, f("source")), f("source")),
          pattern: r.text(r.required(m, f("pattern")), f("pattern")),
          description: r.optional(m, f("description"), (v2, p2) => r.text(v2, p2)),
        });
      }),
    ),
    outMaps: r.optional(o, at("outMaps"), (v, p) =>
      r.list(v, p).map((item, i) => {
        const m = r.mapping(item, [...p, i], OUT_MAP_KEYS);
        const f = (key: string): Path => [...p, i, key];
        return {
          dest: r.text(r.required(m, f("dest")), f("dest")),
          value: r.text(r.required(m, f("value")), f("value")),
        };
      }),
    ),
  };
}

/** `host` or `host:port`: an IPv4 address or a DNS name (RFC 1123 labels). */
function hostPort(r: FieldReader, value: unknown, path: Path): string {
  const text = r.text(value, path);
  const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  const host = m?.[1] ?? "";
  const port = m?.[2] === undefined ? 1 : Number(m[2]);
  const named = host.length <= 253 && !/^[\d.]+$/.test(host) && host.split(".").every((l) => HOST_LABEL.test(l));
  if (m === null || !(isIpv4(host) || named) || port < 1 || port > PORT_MAX)
    r.fail(path, ConfigCode.Ldap, `must be host or host:port (an IPv4 address or DNS name), got ${show(value)}`);
  return text;
}

/** An LDAP filter as RFC 4515 writes it: one item in parentheses, which pair up (`\28` escapes a parenthesis). */
function ldapFilter(r: FieldReader, value: unknown, path: Path): string {
  const text = r.text(value, path);
  try {
    parseFilterText(text);
  } catch (e) {
    r.fail(
      path,
      ConfigCode.Ldap,
      `must be an LDAP filter (RFC 4515), e.g. (objectclass=user): ${(e as IpdectError).reason}`,
    );
  }
  return text;
}

/** LDAP0, LDAPREP0, LDAPIN0 and LDAPOUT0: the `ldap` section in the native text form. */
const LDAP_NATIVE: readonly NativeModule[] = [
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
      number("/tls-port", "tlsPort", DEFAULT_LDAPS_PORT),
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

/** The `ldap` section of the device configuration. */
export const LDAP_SECTION: ConfigSection<"ldap", LdapSettings> = {
  key: "ldap",
  schema: LDAP_SCHEMA,
  read: (r, value, path, ctx) => readLdap(r, value, path, ctx.master),
  native: LDAP_NATIVE,
  // §4.5.1 step 3 and §4.5.3 step 5: the password LDAP clients bind with, and the one the replicator binds with.
  secrets: [{ path: ["server", "password"] }, { path: ["replicator", "password"] }],
};
