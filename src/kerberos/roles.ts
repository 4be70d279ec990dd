import type { AccessLevel } from "../auth/levels.js";
import { DecodeError } from "../core/errors.js";
import { KerberosCode } from "./errors.js";

/**
 * The roles of a realm's users (§4.1.8.1 step 7). The KDC keeps each as the principal's policy of the same name, so a
 * client device reads a user's role with its own host principal (docs/design.md "Kerberos").
 */
export const KERBEROS_ROLES = ["administrator", "auditor", "join-realm"] as const;
export type KerberosRole = (typeof KERBEROS_ROLES)[number];

/** The roles that may add and remove devices of the realm (§4.1.8.4 step 3, §4.1.8.13). */
export const JOIN_ROLES: readonly KerberosRole[] = ["administrator", "join-realm"];

/**
 * What a role may do on a client's pages: Administrator writes, Auditor reads; Join Realm "cannot be used to login to
 * the GUI" (§4.1.8.1), so it has no level.
 */
export function levelOf(role: KerberosRole): AccessLevel | undefined {
  if (role === "administrator") return "system-admin";
  if (role === "auditor") return "auditor";
  return undefined;
}

export function readRole(text: string, key: string): KerberosRole {
  if (!(KERBEROS_ROLES as readonly string[]).includes(text))
    throw new DecodeError(KerberosCode.Role, `${key} must be one of ${KERBEROS_ROLES.join(", ")} (§4.1.8.1 step 7)`);
  return text as KerberosRole;
}

/**
 * A user or host name of the realm: letters, digits, dot, dash and underscore, 1 to 64 characters. No `/` or `@` (an
 * instance or realm part would name another principal) and nothing a kadmin query line would read as syntax.
 */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

export function readName(text: string, key: string): string {
  if (!NAME.test(text))
    throw new DecodeError(
      KerberosCode.Name,
      `${key} must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter, digit or underscore`,
    );
  return text;
}

/** Passwords of the realm (root, users, trusts): 1 to 128 characters without control characters. */
const PASSWORD_MAX = 64;

export function readPassword(text: string, key: string): string {
  if (text.length === 0 || text.length > PASSWORD_MAX || /\p{Cc}/u.test(text))
    throw new DecodeError(
      KerberosCode.Password,
      `${key} must be 1 to ${PASSWORD_MAX} characters without control characters`,
    );
  return text;
}

/** §4.1.8.4 step 3: the host name defaults to the MAC address (12 hex digits, lower case: a DNS label). */
export function defaultHostName(mac: string): string {
  return mac.replace(/[^0-9A-Fa-f]/g, "").toLowerCase();
}
