import type { Logger } from "../core/Logger.js";
import type { LdapService } from "./LdapService.js";

/** A running LDAP listener. */
export interface LdapListener {
  readonly ip: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * How a world serves a device's LdapService to clients (DeviceEnv.ldap): the node world listens on TCP
 * (`platform/node/LdapServer.ts`); the sim has none.
 */
export type LdapListen = (ip: string, port: number, service: LdapService, log: Logger) => Promise<LdapListener>;
