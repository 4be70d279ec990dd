import type { FieldSpec, Values } from "../../components/form.js";
import type { DeviceSettings } from "../../settings.js";

/** The `ldap` section of the configuration (src/ldap/settings.ts): the server (§4.5.1) and the replicator (§4.5.3). */
export interface LdapSection {
  readonly server?: {
    readonly user: string;
    readonly password: string;
    readonly writeAccess: boolean;
    readonly port: number;
    readonly tlsPort: number;
  };
  readonly replicator?: {
    readonly type: "full" | "ad";
    readonly enabled: boolean;
    readonly server?: string;
    readonly altServer?: string;
    readonly user: string;
    readonly password: string;
    readonly filterType?: "gateway" | "ldap";
    readonly filter?: string;
    readonly searchBase?: string;
    readonly adFilter?: string;
    readonly tls?: boolean;
    readonly inMaps?: readonly object[];
    readonly outMaps?: readonly object[];
  };
}

/** The section the next reset puts in force. */
export const ldapOf = (s: DeviceSettings): LdapSection => (s.ldap ?? {}) as LdapSection;

/**
 * A Password field whose stored secret the page never shows: empty keeps it, so it must be filled in only while none
 * is stored (§4.5.1 step 3, §4.5.3.1 step 7).
 */
export const passwordSpec = (key: string, stored: boolean, server: string): FieldSpec => ({
  key,
  label: "Password",
  kind: "password",
  check: (v) => (v === "" && !stored ? "must be filled in" : undefined),
  ...(stored ? { hint: "Empty: unchanged." } : {}),
  server,
});

/** The secret a Password field stands for: its text, or the stored one when left empty. */
export const passwordOf = (v: Values, key: string, stored: string | undefined): string =>
  v[key] === "" || v[key] === undefined ? (stored ?? "") : String(v[key]);
