import { parseFilterText } from "../../ldap/filterText.js";
import type { IpdectError } from "../errors.js";
import { ConfigCode } from "./configCodes.js";
import {
  DEFAULT_AD_FILTER,
  DEFAULT_LDAP_PORT,
  DEFAULT_LDAP_REPLICATOR_ENABLED,
  DEFAULT_LDAP_WRITE_ACCESS,
  LDAP_FILTER_TYPES,
  LDAP_REPLICATOR_TYPES,
  type LdapReplicatorSettings,
  type LdapServerSettings,
  type LdapSettings,
  type MasterSettings,
} from "./DeviceConfig.js";
import { FieldReader, show } from "./FieldReader.js";
import { isIpv4 } from "./ipv4.js";
import type { Path } from "./Locator.js";
import { compact, type PlainObject } from "./plainObject.js";

const LDAP_KEYS = ["server", "replicator"] as const;
const SERVER_KEYS = ["user", "password", "writeAccess", "port"] as const;
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
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/**
 * The `ldap` section (§4.5): the LDAP server of the Master's directory (§4.5.1) and the replicator into it (§4.5.3).
 * Both need a Master role that is not off, because the directory lives on the Master. A section with neither part is
 * the same as none.
 */
export function readLdap(
  r: FieldReader,
  value: unknown,
  path: Path,
  master: MasterSettings | undefined,
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
  };
}

function readReplicator(
  r: FieldReader,
  value: unknown,
  path: Path,
  master: MasterSettings | undefined,
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
