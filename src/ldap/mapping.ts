import type { SystemEntry, UserEntry } from "../users/entry.js";
import type { UserField } from "../users/limits.js";
import { formatDn } from "./dn.js";
import type { LdapAttribute } from "./LdapAttribute.js";
import { LdapEntry } from "./LdapEntry.js";
import {
  GUID,
  LDAP_VERSION,
  LOGOUT_CODE,
  OBJECT_CLASS,
  ObjectClass,
  SECRET_SYSTEM_ATTRIBUTES,
  SECRET_USER_ATTRIBUTES,
  SUBSCRIPTION,
  SYSTEM_AC,
  SYSTEM_DN,
  USER_ATTRIBUTE,
  USN,
  userDn,
  VIEW_DN,
} from "./schema.js";

const one = (type: string, value: string | undefined): LdapAttribute => ({
  type,
  values: value === undefined ? [] : [value],
});

/** A user as an LDAP entry `cn=<Long Name>,cn=PBX0` with the manual's attribute names (§4.5.3.2). */
export function userToLdap(e: UserEntry): LdapEntry {
  const fields = Object.keys(USER_ATTRIBUTE) as UserField[];
  return new LdapEntry(
    userDn(e.user.longName),
    [
      { type: OBJECT_CLASS, values: ["top", ObjectClass.user] },
      ...fields.map((f) => one(USER_ATTRIBUTE[f], e.user[f])),
      one(GUID, e.guid),
      one(USN, String(e.usn)),
    ],
    SECRET_USER_ATTRIBUTES,
  );
}

/** The DECT → System settings as the entry `cn=DECT,cn=PBX0` (§4.5: the directory "also contains the system
 * configuration"). */
export function systemToLdap(e: SystemEntry): LdapEntry {
  return new LdapEntry(
    SYSTEM_DN,
    [
      { type: OBJECT_CLASS, values: ["top", ObjectClass.system] },
      one("cn", "DECT"),
      one(SUBSCRIPTION, e.subscription),
      one(SYSTEM_AC, e.systemAc),
      one(LOGOUT_CODE, e.logoutCode),
      one(USN, String(e.usn)),
    ],
    SECRET_SYSTEM_ATTRIBUTES,
  );
}

/** The naming context `cn=PBX0`; its usn is the directory's newest. */
export function viewEntry(usn: number): LdapEntry {
  return new LdapEntry(VIEW_DN, [
    { type: OBJECT_CLASS, values: ["top", ObjectClass.view] },
    one("cn", "PBX0"),
    one(USN, String(usn)),
  ]);
}

/** RFC 4512 §5.1: the root DSE names the naming context and the protocol version. */
export const ROOT_DSE = new LdapEntry(
  [],
  [
    { type: OBJECT_CLASS, values: ["top"] },
    one("namingContexts", formatDn(VIEW_DN)),
    one("supportedLDAPVersion", LDAP_VERSION),
  ],
);
