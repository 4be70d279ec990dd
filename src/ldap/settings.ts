/**
 * LDAP → Replicator settings (manual 003 §4.5.3). The typed configuration model (YAML `ldap.replicator`, native
 * text) is being added to DeviceConfig separately; until it lands, this declares the same shape and hangs it on
 * DeviceConfig so the device can read `cfg.ldap?.replicator`. Remove this file when DeviceConfig has it.
 */
export interface LdapReplicatorSettings {
  /** §4.5.3: Full Replication (§4.5.3.1) or Active Directory Replication (§4.5.3.2). */
  readonly type: "full" | "ad";
  readonly enabled: boolean;
  /** Host or host:port; the port defaults to 389, or 636 with TLS (App. H). */
  readonly server?: string;
  readonly altServer?: string;
  readonly user: string;
  readonly password: string;
  /** Full replication only. */
  readonly filterType?: "gateway" | "ldap";
  readonly filter?: string;
  /** §4.5.3.2 step 5: the DN the AD users are searched under, e.g. `CN=Users,DC=example,DC=com`. */
  readonly searchBase?: string;
  /** §4.5.3.2 step 6: default `(objectclass=user)`. */
  readonly adFilter?: string;
  /** §4.5.3.2 step 8: Use TLS (ldaps). */
  readonly tls?: boolean;
  readonly inMaps?: readonly { readonly source: string; readonly pattern: string; readonly description?: string }[];
  readonly outMaps?: readonly { readonly dest: string; readonly value: string }[];
}

declare module "../core/config/DeviceConfig.js" {
  interface DeviceConfig {
    readonly ldap?: { readonly replicator?: LdapReplicatorSettings };
  }
}
