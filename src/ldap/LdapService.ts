import type { LdapServerSettings } from "./settings.js";
import type { Clock } from "../core/Clock.js";
import type { Logger } from "../core/Logger.js";
import type { Directory } from "../users/Directory.js";
import { ConnectionSlots } from "./ConnectionSlots.js";
import { newCounters, type LdapCounters } from "./counters.js";
import { DirectoryView } from "./DirectoryView.js";
import { LdapSession, type BindGuard, type LdapContext } from "./LdapSession.js";
import { DirectoryWriter } from "./writes.js";

export interface LdapServiceOptions {
  readonly directory: Directory;
  readonly settings: LdapServerSettings;
  readonly log: Logger;
  /** The device's clock: unauthenticated connections that idle are closed by it (limits.ts). */
  readonly clock: Clock;
  /** On a Standby: the primary Master's address, named when a client tries to write the replica (§4.5.3.1). */
  readonly master?: string;
  /** The device's login block around each simple bind (Administration.ldapBind, §3.4.5.1). */
  readonly bind: BindGuard;
}

/** LDAP → Server Status (§4.5.2), with the settings in force (never the password). */
export interface LdapServerStatus {
  readonly user: string;
  readonly writeAccess: boolean;
  readonly port: number;
  /** Users and DECT settings served below cn=PBX0. */
  readonly entries: number;
  readonly counters: LdapCounters;
}

/** The status with where the server listens (none in a world without LDAP transport). */
export interface LdapServerReport extends LdapServerStatus {
  readonly listening?: { readonly ip: string; readonly port: number };
}

/**
 * The LDAP server of a Master (§4.5.1) without its socket: what a transport adapter needs from the device — the
 * directory seen as LDAP entries, the settings, the §4.5.2 counters — and a session per client connection. The node
 * world's adapter is `platform/node/LdapServer.ts`; tests drive sessions directly.
 */
export class LdapService {
  readonly #ctx: LdapContext;

  constructor(opts: LdapServiceOptions) {
    const view = new DirectoryView(opts.directory);
    this.#ctx = {
      view,
      writer: new DirectoryWriter(view, opts.master),
      settings: opts.settings,
      counters: newCounters(),
      log: opts.log,
      bind: opts.bind,
      clock: opts.clock,
      slots: new ConnectionSlots(),
    };
  }

  /**
   * A new client connection from `address`, or undefined when it is refused (the server full, or that address at its
   * limit: limits.ts), which the transport then closes at once. `hangUp` closes the connection when the session ends
   * it (an unauthenticated connection left idle); the transport still calls `close()` when the connection is gone.
   */
  open(address: string, hangUp: () => void): LdapSession | undefined {
    if (!this.#ctx.slots.take(address)) {
      this.#ctx.counters.refused++;
      this.#ctx.log.log("debug", "ldap connection refused", { address });
      return undefined;
    }
    return new LdapSession(this.#ctx, address, hangUp);
  }

  status(): LdapServerStatus {
    const { user, writeAccess, port } = this.#ctx.settings;
    return { user, writeAccess, port, entries: this.#ctx.view.size, counters: { ...this.#ctx.counters } };
  }

  /** Stops following the directory; sessions still open answer from the last state. */
  close(): void {
    this.#ctx.view.close();
  }
}
