import type { AccessLevel } from "./levels.js";

/** Where an administrator's account lives (§3.4.2, §4.1.8). */
export type AccountSource =
  /** The default System Administrator (§3.4.5.2). */
  | "local"
  /** A User Administrator of the device (§3.4.5.4). */
  | "user-admin"
  /** A principal of a Kerberos realm, the device's own or a trusted one (§4.1.8.7, §4.1.8.10). */
  | "kerberos";

/** Someone logged in: the name they logged in with, their access level and where the account lives. */
export interface Principal {
  readonly user: string;
  readonly level: AccessLevel;
  readonly source: AccountSource;
}
