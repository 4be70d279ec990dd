import { chars } from "../../checks.js";
import type { DeviceSettings } from "../../settings.js";

/** GET /api/kerberos/server (src/kerberos/KerberosServer.ts status). */
export interface ServerStatus {
  readonly realm: string;
  readonly role: "primary" | "secondary";
  readonly state: "running" | "no-database" | "stopped";
  readonly port: number;
  readonly adminPort: number;
  readonly primary?: string;
  readonly secondaries: readonly string[];
  readonly copied?: number;
  readonly copyError?: string;
}

/** One Authentication Server of the client (§4.1.8.3 steps 6-9; src/kerberos/settings.ts AuthServer). */
export interface AuthServer {
  readonly realm: string;
  readonly address: string;
  readonly port: number;
  readonly adminPort: number;
  readonly secondaryAddress?: string;
  readonly secondaryPort?: number;
  readonly secondaryAdminPort?: number;
  readonly authorization?: string;
  readonly adminGroupRid?: number;
  readonly auditorGroupRid?: number;
}

/** GET /api/kerberos/client (src/kerberos/KerberosClient.ts status). */
export interface ClientStatus {
  readonly servers: readonly AuthServer[];
  readonly aesRc4: boolean;
  readonly disableLocal: boolean;
  readonly membership?: { readonly realm: string; readonly host: string };
  readonly loginWorked: boolean;
}

/** The `kerberos` section of the configuration (docs/user-guide.md "Settings: kerberos"). */
export interface KerberosSection {
  readonly server?: {
    readonly realm: string;
    readonly port?: number;
    readonly adminPort?: number;
    readonly passwordPort?: number;
    readonly propPort?: number;
    readonly primary?: string;
    readonly secondaries?: readonly string[];
  };
  readonly client?: {
    readonly servers: readonly AuthServer[];
    readonly aesRc4: boolean;
    readonly disableLocal: boolean;
  };
}

/** The section the next reset puts in force. */
export const kerberosOf = (s: DeviceSettings): KerberosSection => (s.kerberos ?? {}) as KerberosSection;

/** §4.1.8.1 step 6: "The Kerberos realms are typically written in upper-case letters"; the device requires them. */
export const realmCheck = chars(
  64,
  /^[A-Z0-9](?:[A-Z0-9.-]*[A-Z0-9])?$/,
  "upper-case letters, digits, dots and dashes",
);

/** A user or host name of the realm (src/kerberos/roles.ts): no `/` or `@`, which would name another principal. */
export const nameCheck = chars(64, /^[A-Za-z0-9_][A-Za-z0-9._-]*$/, "letters, digits, dots, dashes and underscores");

/** The realm's passwords (root, users, trusts): 1 to 64 characters without control characters; `optional`: empty. */
export const passwordCheck = (optional = false) =>
  chars(64, /^\P{Cc}+$/u, "characters that are not control characters", optional);

/** §4.1.8.1 step 7: the roles of the realm's users. */
export const ROLES: readonly (readonly [string, string])[] = [
  ["administrator", "Administrator"],
  ["auditor", "Auditor"],
  ["join-realm", "Join Realm"],
];
