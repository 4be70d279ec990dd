import type { DomainGroups } from "../auth/crossRealm.js";
import type { RealmName, RealmRefusal } from "../auth/realm.js";
import type { TlsPolicy } from "../wire/Transport.js";
import type { KerberosRole } from "./roles.js";
import type { AuthServer } from "./settings.js";

/**
 * What a world gives the Kerberos roles (docs/design.md "Kerberos"): the node world runs MIT krb5kdc, kadmind, kpropd
 * and the MIT client programs (src/platform/node/kerberos), the sim world models realms in memory (sim/SimRealms.ts)
 * with the same outcomes and no tickets. The rules (who may log in, alarms, what a secondary may do) live above, in
 * src/kerberos, and are the same for both.
 */
export interface KerberosWorld {
  kdc(spec: KdcSpec): Kdc;
  client(spec: ClientSpec): RealmTools;
}

/** Where one device's KDC answers and what it copies (§4.1.8.1, §4.1.8.11). */
export interface KdcSpec {
  readonly realm: string;
  readonly ip: string;
  readonly port: number;
  readonly adminPort: number;
  readonly passwordPort: number;
  readonly propPort: number;
  /** Set on a secondary: its primary's address; it takes the primary's copies and answers logins. */
  readonly primary?: string;
  /** On a primary: the secondaries it copies its database to. */
  readonly secondaries: readonly string[];
}

export interface RealmUser {
  readonly name: string;
  readonly role: KerberosRole;
}

/** One device's Kerberos server: its database and its processes. Names are checked by the caller (roles.ts). */
export interface Kdc {
  /** Whether the database exists (the root password was given once, §4.1.8.1 step 4). */
  created(): Promise<boolean>;
  /** Creates the database under the root password (the master key; a secondary gives the primary's). */
  create(rootPassword: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  running(): boolean;
  users(): Promise<RealmUser[]>;
  /** Throws KerberosCode.UserExists when the name is taken. */
  addUser(name: string, password: string, role: KerberosRole): Promise<void>;
  /** Throws KerberosCode.NoUser when there is no such user. */
  changeUser(name: string, change: { readonly password?: string; readonly role?: KerberosRole }): Promise<void>;
  deleteUser(name: string): Promise<void>;
  /** The host names of the joined clients (their host principals, §4.1.8.5 "joined Kerberos clients"). */
  hosts(): Promise<string[]>;
  /** The realms trusted with a shared password (§4.1.8.9): both directions' cross-realm principals. */
  trusts(): Promise<string[]>;
  addTrust(realm: string, password: string): Promise<void>;
  deleteTrust(realm: string): Promise<void>;
  /** A primary copies its database to its secondaries now (a no-op without secondaries). */
  propagate(): Promise<void>;
}

/** A client device's view of its realms (§4.1.8.3): the Authentication Servers and the encryption types. */
export interface ClientSpec {
  readonly servers: readonly AuthServer[];
  readonly aesRc4: boolean;
  /** The device's TLS policy (its trust list, §4.1.10.1): a trusted domain's DC is judged by it before any bind. */
  readonly tls?: TlsPolicy;
}

/** The realm membership a join left on flash (the keytab, §4.1.8.4). */
export interface Membership {
  readonly realm: string;
  readonly host: string;
}

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/**
 * What a realm said of a login, before the rules of roles.ts: the principal and the role its KDC keeps (undefined for
 * a user of a trusted realm, whose rights come from the trust's Authorization, §4.1.8.9).
 */
export type RealmAnswer =
  | { readonly ok: true; readonly principal: string; readonly role: KerberosRole | undefined }
  | { readonly ok: false; readonly reason: RealmRefusal; readonly detail: string };

/** The client side of one device (§4.1.8.4-§4.1.8.7, §4.1.8.13). */
export interface RealmTools {
  membership(): Promise<Membership | undefined>;
  /**
   * Adds the host principal with the admin's credentials and keeps its keys on flash. Throws KerberosCode.Refused
   * (credentials or rights) or KerberosCode.Unreachable (no server, or clocks apart: the message says NTP).
   */
  join(realm: string, host: string, admin: Credentials): Promise<void>;
  /** Deregister: removes the host principal from the server with the admin's credentials, then drops the keys. */
  deregister(admin: Credentials): Promise<void>;
  /** Delete: drops the keys, the server keeps its data. */
  drop(): Promise<void>;
  /** A password login checked against the device's own host principal (§4.1.8.7). */
  password(name: RealmName, password: string): Promise<RealmAnswer>;
  /** An RFC 4559 SPNEGO token for one of the device's principals. */
  negotiate(token: Uint8Array): Promise<RealmAnswer & { readonly reply?: Uint8Array }>;
  /**
   * Where a trusted domain's user's groups are read for "Use domain group" (§4.1.8.9 step 5): the node world asks the
   * domain controller over LDAPS (docs/design.md "Kerberos cross-realm with Active Directory"); the sim has no DC.
   */
  readonly domain: DomainGroups;
}
