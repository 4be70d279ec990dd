import { ConfigCode } from "../core/config/configCodes.js";
import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { flag, item, number, text, type NativeModule } from "../core/config/nativeModule.js";
import { compact } from "../core/config/plainObject.js";
import { RID_MAX, TRUST_AUTHORIZATIONS, type TrustAuthorization } from "../auth/crossRealm.js";
import type { ConfigSection } from "../role/configSection.js";
import { KerberosCode } from "./errors.js";
import { BOOLEAN, integer, IPV4, listOf, mappingOf, oneOf, TEXT } from "../core/config/schema.js";

/** App. H: the KDC answers on 88 (UDP and TCP). */
export const DEFAULT_KDC_PORT = 88;
/** The Admin Port of §4.1.8.3 step 8 ("filled out automatically"): kadmind's port, 749 (RFC-less MIT default). */
export const DEFAULT_ADMIN_PORT = 749;
/** App. H: 464, "Join Kerberos realm" (the kpasswd service of RFC 3244). */
export const DEFAULT_PASSWORD_PORT = 464;
/** The port a secondary server takes its copy on (MIT kpropd, 754): our choice of replication, §4.1.8.11. */
export const DEFAULT_PROP_PORT = 754;
/** App. E lists two servers; the page has as many rows as realms are used (one per realm). */
export const MAX_AUTH_SERVERS = 8;
/** The secondaries a primary copies its database to. */
export const MAX_SECONDARIES = 4;
/** A TCP or UDP port is 1..65535 (0 only where a reader says it means a default). */
export const PORT_MAX = 65535;
/** Kerberos realms are written in upper case (§4.1.8.1 step 6, §4.1.8.9 step 7: "Must be capital letters"). */
const REALM = /^[A-Z0-9](?:[A-Z0-9.-]{0,62}[A-Z0-9])?$/;

/** One row of General → Admin → Authentication Servers (§4.1.8.3 steps 6-9, §4.1.8.11 steps 12-14). */
export interface AuthServer {
  readonly realm: string;
  readonly address: string;
  readonly port: number;
  readonly adminPort: number;
  readonly secondaryAddress?: string;
  readonly secondaryPort: number;
  readonly secondaryAdminPort: number;
  /**
   * The Authorization of the users of this realm when it is not the realm this device joined: a trusted realm
   * (§4.1.8.9 "On the device (the Kerberos server)" steps 4-5, which the manual sets on the server's Trusted realms;
   * the client decides at login, so it is kept on the client's row). Absent: the realm's users cannot log in here
   * (refused as cross-realm, 0x000c0407). Ignored for the joined realm, whose users have roles (§4.1.8.1).
   */
  readonly authorization?: TrustAuthorization["kind"];
  /** "Use domain group": members of this group (its RID, the last part of its SID) are Administrators. */
  readonly adminGroupRid?: number;
  /** "Use domain group": members of this group are Auditors (Administrator wins for members of both). */
  readonly auditorGroupRid?: number;
}

/** A row's Authorization as the rule of src/auth/crossRealm.ts takes it; undefined: the realm is not trusted. */
export function trustOf(row: AuthServer): TrustAuthorization | undefined {
  switch (row.authorization) {
    case undefined:
      return undefined;
    case "domain-group":
      return compact({
        kind: row.authorization,
        adminGroupRid: row.adminGroupRid,
        auditorGroupRid: row.auditorGroupRid,
      });
    default:
      return { kind: row.authorization };
  }
}

/** The device as a Kerberos client (§4.1.8.2-§4.1.8.8). */
export interface KerberosClientSettings {
  readonly servers: readonly AuthServer[];
  /** "Additional Kerberos encryption types: Enable AES and RC4" (§4.1.8.3 step 5). */
  readonly aesRc4: boolean;
  /** "Disable local authentication" (§4.1.8.8): only realm accounts may log in. */
  readonly disableLocal: boolean;
}

/** The device as a Kerberos server (§4.1.8.1, §4.1.8.11): present means enabled. */
export interface KerberosServerSettings {
  readonly realm: string;
  readonly port: number;
  readonly adminPort: number;
  readonly passwordPort: number;
  readonly propPort: number;
  /** Set on a secondary server: the primary's address (§4.1.8.11 step 7, the "Master" field). */
  readonly primary?: string;
  /** On a primary: the secondaries its database is copied to (kprop, docs/design.md "Kerberos"). */
  readonly secondaries: readonly string[];
}

export interface KerberosSettings {
  readonly client?: KerberosClientSettings;
  readonly server?: KerberosServerSettings;
}

/** A realm name as §4.1.8.1 step 6 writes it, or a message saying why not (shared with the API's readers). */
export function realmProblem(realm: string): string | undefined {
  return REALM.test(realm) ? undefined : "must be 1 to 64 upper-case letters, digits, dots and dashes (§4.1.8.1)";
}

const KEYS = ["client", "server"] as const;
const CLIENT_KEYS = ["servers", "aesRc4", "disableLocal"] as const;
const SERVER_ROW_KEYS = [
  "realm",
  "address",
  "port",
  "adminPort",
  "secondaryAddress",
  "secondaryPort",
  "secondaryAdminPort",
  "authorization",
  "adminGroupRid",
  "auditorGroupRid",
] as const;
const SERVER_KEYS = ["realm", "port", "adminPort", "passwordPort", "propPort", "primary", "secondaries"] as const;

const PORT = integer(1, PORT_MAX);
/** The section's schema (ConfigSection.schema). */
const KERBEROS_SCHEMA = mappingOf(KEYS, {
  client: mappingOf(CLIENT_KEYS, {
    servers: listOf(
      mappingOf(
        SERVER_ROW_KEYS,
        {
          realm: TEXT,
          address: IPV4,
          port: PORT,
          adminPort: PORT,
          secondaryAddress: IPV4,
          secondaryPort: PORT,
          secondaryAdminPort: PORT,
          authorization: oneOf(TRUST_AUTHORIZATIONS),
          adminGroupRid: integer(1, RID_MAX),
          auditorGroupRid: integer(1, RID_MAX),
        },
        ["realm", "address"],
      ),
    ),
    aesRc4: BOOLEAN,
    disableLocal: BOOLEAN,
  }),
  server: mappingOf(
    SERVER_KEYS,
    {
      realm: TEXT,
      port: PORT,
      adminPort: PORT,
      passwordPort: PORT,
      propPort: PORT,
      primary: IPV4,
      secondaries: listOf(IPV4),
    },
    ["realm"],
  ),
});

function port(r: FieldReader, o: Parameters<FieldReader["get"]>[0], path: Path, fallback: number): number {
  return (
    r.optional(o, path, (v, p) => r.integer(v, p, 1, PORT_MAX, ConfigCode.Port, `a port from 1 to ${PORT_MAX}`)) ??
    fallback
  );
}

function realm(r: FieldReader, value: unknown, path: Path): string {
  const t = r.text(value, path);
  const problem = realmProblem(t);
  if (problem !== undefined) r.fail(path, KerberosCode.Realm, problem);
  return t;
}

function readAuthServer(r: FieldReader, value: unknown, path: Path): AuthServer {
  const o = r.mapping(value, path, SERVER_ROW_KEYS);
  const at = (key: string): Path => [...path, key];
  const secondaryAddress = r.optional(o, at("secondaryAddress"), (v, p) => r.ipv4(v, p));
  if (secondaryAddress === undefined)
    for (const key of ["secondaryPort", "secondaryAdminPort"])
      if (r.get(o, at(key)) !== undefined)
        r.fail(at(key), KerberosCode.Server, "needs a secondaryAddress (§4.1.8.3 step 9)");
  return compact({
    realm: realm(r, r.required(o, at("realm")), at("realm")),
    address: r.ipv4(r.required(o, at("address")), at("address")),
    port: port(r, o, at("port"), DEFAULT_KDC_PORT),
    adminPort: port(r, o, at("adminPort"), DEFAULT_ADMIN_PORT),
    secondaryAddress,
    secondaryPort: port(r, o, at("secondaryPort"), DEFAULT_KDC_PORT),
    secondaryAdminPort: port(r, o, at("secondaryAdminPort"), DEFAULT_ADMIN_PORT),
    ...readTrust(r, o, path),
  });
}

/** §4.1.8.9 steps 4-5: the Authorization, and the group RIDs only with "Use domain group", at least one of them. */
function readTrust(r: FieldReader, o: Parameters<FieldReader["get"]>[0], path: Path): Partial<AuthServer> {
  const at = (key: string): Path => [...path, key];
  const kind = r.optional(o, at("authorization"), (v, p) => r.oneOf(v, p, TRUST_AUTHORIZATIONS, KerberosCode.Trust));
  const rid = (key: string) =>
    r.optional(o, at(key), (v, p) =>
      r.integer(v, p, 1, RID_MAX, KerberosCode.Trust, `a group RID from 1 to ${RID_MAX}`),
    );
  const adminGroupRid = rid("adminGroupRid");
  const auditorGroupRid = rid("auditorGroupRid");
  const rids = adminGroupRid !== undefined || auditorGroupRid !== undefined;
  if (kind === "domain-group" && !rids)
    r.fail(
      at("authorization"),
      KerberosCode.Trust,
      "domain-group needs an adminGroupRid or an auditorGroupRid (§4.1.8.9 step 5)",
    );
  if (kind !== "domain-group" && rids)
    r.fail(
      at(adminGroupRid !== undefined ? "adminGroupRid" : "auditorGroupRid"),
      KerberosCode.Trust,
      "group RIDs apply only with authorization: domain-group (§4.1.8.9 step 5)",
    );
  return compact({ authorization: kind, adminGroupRid, auditorGroupRid });
}

function readClient(r: FieldReader, value: unknown, path: Path): KerberosClientSettings {
  const o = r.mapping(value, path, CLIENT_KEYS);
  const at = (key: string): Path => [...path, key];
  const rows = r.optional(o, at("servers"), (v, p) => r.list(v, p).map((s, i) => readAuthServer(r, s, [...p, i])));
  const servers = rows ?? [];
  if (servers.length > MAX_AUTH_SERVERS)
    r.fail(at("servers"), KerberosCode.Server, `at most ${MAX_AUTH_SERVERS} Authentication Servers`);
  servers.forEach((s, i) => {
    if (servers.findIndex((t) => t.realm === s.realm) !== i)
      r.fail([...at("servers"), i, "realm"], KerberosCode.Server, `realm ${s.realm} is listed twice`);
  });
  return {
    servers,
    aesRc4: r.optional(o, at("aesRc4"), (v, p) => r.boolean(v, p)) ?? false,
    disableLocal: r.optional(o, at("disableLocal"), (v, p) => r.boolean(v, p)) ?? false,
  };
}

function readServer(r: FieldReader, value: unknown, path: Path): KerberosServerSettings {
  const o = r.mapping(value, path, SERVER_KEYS);
  const at = (key: string): Path => [...path, key];
  const primary = r.optional(o, at("primary"), (v, p) => r.ipv4(v, p));
  const secondaries =
    r.optional(o, at("secondaries"), (v, p) => r.list(v, p).map((s, i) => r.ipv4(s, [...p, i]))) ?? [];
  if (primary !== undefined && secondaries.length > 0)
    r.fail(at("secondaries"), KerberosCode.Secondary, "a secondary server copies its primary; it has no secondaries");
  if (secondaries.length > MAX_SECONDARIES)
    r.fail(at("secondaries"), KerberosCode.Secondary, `at most ${MAX_SECONDARIES} secondaries`);
  return compact({
    realm: realm(r, r.required(o, at("realm")), at("realm")),
    port: port(r, o, at("port"), DEFAULT_KDC_PORT),
    adminPort: port(r, o, at("adminPort"), DEFAULT_ADMIN_PORT),
    passwordPort: port(r, o, at("passwordPort"), DEFAULT_PASSWORD_PORT),
    propPort: port(r, o, at("propPort"), DEFAULT_PROP_PORT),
    primary,
    secondaries,
  });
}

function readKerberos(r: FieldReader, value: unknown, path: Path): KerberosSettings | undefined {
  const o = r.mapping(value, path, KEYS);
  const client = r.optional(o, [...path, "client"], (v, p) => readClient(r, v, p));
  const server = r.optional(o, [...path, "server"], (v, p) => readServer(r, v, p));
  if (client === undefined && server === undefined) return undefined;
  return compact({ client, server });
}

/**
 * KRBCLI0, KRBAS0 and KRBSRV0: the `kerberos` section in the native text form. The manual has no text form for these
 * pages; the module and option names are this project's (docs/user-guide.md "Kerberos"). Passwords never appear: the
 * root password, users and trusted realms go through the API into the KDC database.
 */
const KERBEROS_NATIVE: readonly NativeModule[] = [
  {
    module: "KRBCLI0",
    label: "KRBCLI0",
    section: "kerberos.client",
    formatVerb: "change",
    always: true,
    options: [
      flag("/aes-rc4", "aesRc4", true, false),
      flag("/no-aes-rc4", "aesRc4", false, false),
      flag("/disable-local", "disableLocal", true, false),
      flag("/enable-local", "disableLocal", false, false),
    ],
  },
  {
    module: "KRBAS0",
    label: "KRBAS0",
    section: "kerberos.client.servers",
    list: true,
    formatVerb: "add",
    always: true,
    options: [
      text("/realm", "realm"),
      text("/addr", "address"),
      number("/port", "port", DEFAULT_KDC_PORT),
      number("/admin-port", "adminPort", DEFAULT_ADMIN_PORT),
      text("/sec-addr", "secondaryAddress"),
      number("/sec-port", "secondaryPort", DEFAULT_KDC_PORT),
      number("/sec-admin-port", "secondaryAdminPort", DEFAULT_ADMIN_PORT),
      text("/authz", "authorization"),
      number("/admin-rid", "adminGroupRid"),
      number("/auditor-rid", "auditorGroupRid"),
    ],
  },
  {
    module: "KRBSRV0",
    label: "KRBSRV0",
    section: "kerberos.server",
    formatVerb: "change",
    always: true,
    options: [
      text("/realm", "realm"),
      number("/port", "port", DEFAULT_KDC_PORT),
      number("/admin-port", "adminPort", DEFAULT_ADMIN_PORT),
      number("/passwd-port", "passwordPort", DEFAULT_PASSWORD_PORT),
      number("/prop-port", "propPort", DEFAULT_PROP_PORT),
      text("/primary", "primary"),
      ...Array.from({ length: MAX_SECONDARIES }, (_, i) => item(`/secondary${i + 1}`, "secondaries", i)),
    ],
  },
];

/** The `kerberos` section of the device configuration (§4.1.8): client, server, or both. */
export const KERBEROS_SECTION: ConfigSection<"kerberos", KerberosSettings> = {
  key: "kerberos",
  schema: KERBEROS_SCHEMA,
  read: (r, value, path) => readKerberos(r, value, path),
  native: KERBEROS_NATIVE,
  exported: exportKerberos,
};

/**
 * The section as it reads back: a row without a secondary server leaves out the secondary's ports (their defaults),
 * which the reader takes only with a secondaryAddress (§4.1.8.3 step 9).
 */
function exportKerberos(k: KerberosSettings): KerberosSettings {
  if (k.client === undefined) return k;
  const servers = k.client.servers.map((row) => {
    if (row.secondaryAddress !== undefined) return row;
    const { secondaryPort: _port, secondaryAdminPort: _admin, ...rest } = row;
    return rest as AuthServer;
  });
  return { ...k, client: { ...k.client, servers } };
}
