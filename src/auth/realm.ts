import type { AccessLevel } from "./levels.js";

/**
 * A login name with a realm part (§4.1.8.7, §4.1.8.10): `REALM\user` or `user@REALM`. The realm is compared in
 * upper case, as Kerberos realms are written (§4.1.8.1 step 6).
 */
export interface RealmName {
  readonly realm: string;
  readonly user: string;
}

/** `REALM\user` or `user@REALM` → its parts; a name without a realm part is a local account's (undefined). */
export function realmName(login: string): RealmName | undefined {
  const m = /^([^\\@\s]+)\\([^\\@\s]+)$/.exec(login) ?? /^([^\\@\s]+)@([^\\@\s]+)$/.exec(login);
  if (m === null) return undefined;
  return login.includes("\\")
    ? { realm: m[1]!.toUpperCase(), user: m[2]! }
    : { realm: m[2]!.toUpperCase(), user: m[1]! };
}

/** Why a realm refused a login (alarms of §6.2 where the manual has one). */
export type RealmRefusal =
  /** Wrong password or unknown principal: counts as a failed login (§3.4.5.1). */
  | "credentials"
  /** A principal whose role may not log in: Join Realm (§4.1.8.1), or a domain user outside the groups (§4.1.8.9). */
  | "role"
  /** No KDC answered (0x000c0406). */
  | "unreachable"
  /** The clocks differ too much: NTP (§4.1.9) is the cause. */
  | "clock-skew"
  /** No trust, or a trust whose passwords differ (0x000c0407). */
  | "cross-realm"
  /** This device has not joined a realm, or its host principal is gone (0x000c0403, "Service not found"). */
  | "not-joined";

/** What a realm says of one login. */
export type RealmVerdict =
  | { readonly ok: true; readonly principal: string; readonly level: AccessLevel }
  | { readonly ok: false; readonly reason: RealmRefusal; readonly detail: string };

/**
 * Kerberos logins on a client device (§4.1.8.7): the node world verifies with the MIT tools and the device's keytab
 * (src/platform/node/kerberos), the sim world models realm membership with the same rules and no tickets.
 */
export interface RealmLogin {
  /** A password login: the KDC's answer checked against the device's own host principal (not a bare password check). */
  password(name: RealmName, password: string): Promise<RealmVerdict>;
  /** SPNEGO (RFC 4559): the client's `Authorization: Negotiate` token; `reply` is the mutual-authentication token. */
  negotiate(token: Uint8Array): Promise<RealmVerdict & { readonly reply?: Uint8Array }>;
}
