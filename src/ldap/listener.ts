import type { Logger } from "../core/Logger.js";
import type { TlsPolicy } from "../wire/Transport.js";
import type { LdapService } from "./LdapService.js";

/** A running LDAP listener. */
export interface LdapListener {
  readonly ip: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * How a world serves a device's LdapService to clients (DeviceEnv.ldap): the node world listens on TCP
 * (`platform/node/LdapServer.ts`), or with `tls` on LDAPS (App. H 636: LDAP inside TLS from the first byte, RFC 8314
 * style implicit TLS, with the device's certificate, profile and trust list for client certificates); the sim has
 * none.
 */
export type LdapListen = (
  ip: string,
  port: number,
  service: LdapService,
  log: Logger,
  tls?: TlsPolicy,
) => Promise<LdapListener>;
