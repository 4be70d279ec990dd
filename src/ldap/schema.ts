import type { UserField } from "../users/limits.js";
import { dnOf } from "./dn.js";

/**
 * The names this directory uses over LDAP. The user attributes are the manual's "IP-DECT attribute name" column
 * (§4.5.3.2 Attribute Mappings); everything else is our choice, written down in docs/user-guide.md "LDAP server".
 */

/** §4.5.3.2: Long Name `cn`, Display Name `dn`, Name `h323`, Number `e164`, Auth. Name `auth`, `password`, `ipei`,
 * `authCode`. The manual lumps Display Name and Idle Display under `dn`; we keep Idle Display apart as `idle` so
 * both survive a round trip. In the order entries list them. */
export const USER_ATTRIBUTE: Readonly<Record<UserField, string>> = {
  longName: "cn",
  displayName: "dn",
  name: "h323",
  number: "e164",
  authName: "auth",
  password: "password",
  ipei: "ipei",
  authCode: "authCode",
  idleDisplay: "idle",
};

/** A user field by its LDAP attribute name in lower case. */
export const USER_FIELD_BY_ATTRIBUTE: ReadonlyMap<string, UserField> = new Map(
  (Object.entries(USER_ATTRIBUTE) as [UserField, string][]).map(([f, a]) => [a.toLowerCase(), f]),
);

/** Attributes the directory sets itself (App. C `guid;bin`, `usn`): a client may read, never write them. */
export const GUID = "guid";
export const USN = "usn";
export const OBJECT_CLASS = "objectClass";

/**
 * The DECT → System settings as attributes of one entry: §4.6.2 Subscriptions, §4.6.3 Authentication Code, §4.6.18
 * Logout User feature code.
 */
export const SUBSCRIPTION = "subscription";
export const SYSTEM_AC = "systemAc";
export const LOGOUT_CODE = "logoutCode";

/** Attributes a connection without write access does not read: credentials of users and of the system. */
export const SECRET_USER_ATTRIBUTES = [USER_ATTRIBUTE.password, USER_ATTRIBUTE.authCode];
export const SECRET_SYSTEM_ATTRIBUTES = [SYSTEM_AC];

/** Object classes of the entries (ours). */
export const ObjectClass = {
  user: "ipdectUser",
  system: "ipdectSystem",
  view: "ipdectView",
} as const;

/** The naming context: App. C adds the users under the view `cn=PBX0` (`mod cmd FLASHDIR0 add-view 101 cn=PBX0`). */
export const VIEW_DN = dnOf(["cn", "PBX0"]);
/** The DECT → System settings entry, a child of the view. */
export const SYSTEM_DN = dnOf(["cn", "DECT"], ["cn", "PBX0"]);
/** Users are `cn=<Long Name>,cn=PBX0`. */
export const userDn = (longName: string) => dnOf(["cn", longName], ["cn", "PBX0"]);

/** RFC 4512 §5.1: the root DSE's `supportedLDAPVersion`. */
export const LDAP_VERSION = "3";

/** Every attribute type some entry here can have (lower case); a filter on any other type is Undefined. */
export const KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set(
  [
    ...Object.values(USER_ATTRIBUTE),
    GUID,
    USN,
    OBJECT_CLASS,
    SUBSCRIPTION,
    SYSTEM_AC,
    LOGOUT_CODE,
    "cn",
    "namingContexts",
    "supportedLDAPVersion",
  ].map((a) => a.toLowerCase()),
);
