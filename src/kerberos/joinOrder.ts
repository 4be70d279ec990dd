import { DecodeError } from "../core/errors.js";
import { KerberosJoinCode } from "./joinErrors.js";
import type { Credentials } from "./ports.js";
import { MAX_AUTH_SERVERS, type AuthServer, type KerberosClientSettings } from "./settings.js";

/**
 * A join given from outside the device's own page (§4.1.8.4): by the update script's line (App. E, §4.1.8.5) or by
 * the Kerberos section of Device Overview → Add (§4.1.8.6). Both carry the same fields: the realm and account to join
 * with, the client flags and the Authentication Servers, which replace the device's own.
 */
export interface JoinOrder {
  readonly realm: string;
  /** App. E `host`: "optional, otherwise the hardware id will be used" (the MAC, §4.1.8.4). */
  readonly host?: string;
  readonly admin: Credentials;
  /** App. E `force`, §4.1.8.6 "Overwrite existing": an existing realm membership is discarded first. */
  readonly force: boolean;
  /** App. E `disable-local`, §4.1.8.6 "Disable local authentication". */
  readonly disableLocal: boolean;
  /** App. E `kerberos-rc4`, §4.1.8.6 "Enable AES and RC4". */
  readonly aesRc4: boolean;
  /** App. E `server` elements, §4.1.8.6 "Authentication Servers": at least the joined realm's. */
  readonly servers: readonly AuthServer[];
}

/** Where an order came from: the update script's line (App. E) or the PARI Master's Add (§4.1.8.6). */
export type JoinSource = "update-script" | "pari-master";

/**
 * The rules an order keeps beyond each field's own: the joined realm has its Authentication Server (§4.1.8.3 step 7,
 * else the join could not find a KDC), no realm twice, at most MAX_AUTH_SERVERS rows. Returns the order.
 */
export function checkOrder(order: JoinOrder, field: string): JoinOrder {
  const fail = (message: string): never => {
    throw new DecodeError(KerberosJoinCode.Order, message, { field });
  };
  if (order.servers.length > MAX_AUTH_SERVERS) fail(`at most ${MAX_AUTH_SERVERS} Authentication Servers`);
  order.servers.forEach((s, i) => {
    if (order.servers.findIndex((t) => t.realm === s.realm) !== i) fail(`realm ${s.realm} has two servers`);
  });
  if (!order.servers.some((s) => s.realm === order.realm))
    fail(`the realm to join, ${order.realm}, needs its Authentication Server (a server of that realm)`);
  return order;
}

/** The client settings an order leaves behind: its servers and flags (App. E "the config flag will be set"). */
export function clientSettingsOf(order: JoinOrder): KerberosClientSettings {
  return { servers: order.servers, aesRc4: order.aesRc4, disableLocal: order.disableLocal };
}

/**
 * The order without its password, as a text: what a device remembers of the last order it carried out from its start
 * configuration, so that a configuration file read at every start joins once (docs/design.md "Kerberos joins").
 */
export function orderFingerprint(order: JoinOrder): string {
  const { admin, ...rest } = order;
  return JSON.stringify({ ...rest, user: admin.user });
}
