import type { TlsPolicy } from "../wire/Transport.js";
import type { AdAttributes } from "./adMaps.js";

/**
 * The source directory of Active Directory replication (§4.5.3.2), as the replicator core sees it. The node world
 * hands in an LDAP client (platform/node/LdapRemoteDirectory.ts); tests hand in a fake.
 */
export interface RemoteDirectory {
  /**
   * Connects to `server` (host or host:port) and binds with the settings' user and password (simple bind only). With
   * `query.tls`, the server's certificate must validate against the device's trust list (`tls`, §4.1.10.1).
   */
  connect(server: string, query: RemoteQuery, tls?: TlsPolicy): Promise<RemoteSession>;
}

/** What to replicate: the search base, the filter and the attributes the In Maps read. */
export interface RemoteQuery {
  readonly user: string;
  readonly password: string;
  readonly tls: boolean;
  readonly searchBase: string;
  readonly filter: string;
  readonly attributes: readonly string[];
}

/** One object of the source directory: a key that never changes (AD objectGUID, OpenLDAP entryUUID) and attributes. */
export interface RemoteObject {
  readonly key: string;
  readonly dn: string;
  /** Attribute values by lower-case attribute name. */
  readonly attributes: AdAttributes;
}

/**
 * A change notification (§4.5.4 "Notify"). `matches` is false for an object that changed but does not (or no
 * longer) satisfies the filter (§4.5.4 "No match").
 */
export type RemoteChange =
  | { readonly kind: "changed"; readonly object: RemoteObject; readonly matches: boolean }
  | { readonly kind: "deleted"; readonly key: string };

export interface RemoteSession {
  /** The initial load: a paged search; `page` is called once per page, in order. Resolves after the last page. */
  load(page: (objects: readonly RemoteObject[]) => Promise<void>): Promise<void>;
  /**
   * Change notifications from the start of the load on (changes made during the load come again). `changes` is
   * awaited before the next batch; `lost` is called once when the connection breaks.
   */
  watch(changes: (batch: readonly RemoteChange[]) => Promise<void>, lost: (cause: unknown) => void): void;
  close(): Promise<void>;
}
