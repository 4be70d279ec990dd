import type { TlsPolicy } from "../wire/Transport.js";
import { ALARM } from "../core/alarms/index.js";
import type { Clock, TimerHandle } from "../core/Clock.js";
import { ConfigError, IpdectError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import type { AdUserOp, Directory } from "../users/Directory.js";
import { PORTS } from "../wire/ports.js";
import { AdMaps, DEFAULT_IN_MAPS, DEFAULT_OUT_MAPS } from "./adMaps.js";
import type { RemoteChange, RemoteDirectory, RemoteObject, RemoteQuery, RemoteSession } from "./RemoteDirectory.js";
import type { LdapReplicatorSettings, LdapSettings } from "../ldap/settings.js";
import type { CopyState, ReplicatorState } from "./Replicator.js";
import type { MasterMode } from "../role/redundancy.js";
import { ReplicationCode } from "./errors.js";

/** §4.5.3.2 step 6: "A default (objectclass=user) filter is offered". */
export const DEFAULT_AD_FILTER = "(objectclass=user)";
/**
 * Reconnect backoff after the server went away or refused us: the first retry after RECONNECT_MIN_MS, each further
 * one twice as late, at most RECONNECT_MAX_MS. The manual gives no numbers; these are ours (docs/user-guide.md).
 */
export const RECONNECT_MIN_MS = 500;
export const RECONNECT_MAX_MS = 30_000;

/** One alarm for the AD replicator, whichever of Server and Alt. Server it is trying. */
const ALARM_SOURCE = "ad replication";

/** LDAP → Replicator-Status (§4.5.4) of Active Directory replication: the page's Remote and Local columns. */
export interface AdReplicatorStatus {
  readonly type: "ad";
  /** "The IP address and port of the LDAP server": the one in use or tried last. */
  readonly server: string;
  readonly state: ReplicatorState;
  readonly remote: {
    readonly state: CopyState;
    readonly notify: number;
    readonly paged: number;
    readonly noMatch: number;
    readonly discarded: number;
  };
  /** `notify` and `pending` count what is sent back to the server: always 0, AD replication is one-way. */
  readonly local: {
    readonly state: CopyState;
    readonly notify: number;
    readonly add: number;
    readonly del: number;
    readonly modify: number;
    readonly pending: number;
  };
}

export interface AdReplicatorDeps {
  readonly directory: Directory;
  readonly remote: RemoteDirectory;
  readonly clock: Clock;
  readonly alarms: { raise(code: number, source?: string): void; clear(code: number, source?: string): void };
  readonly log: Logger;
  /** The device's TLS policy: ldaps validates against its trust list (§4.1.10.1). */
  readonly tls?: TlsPolicy;
}

/**
 * Active Directory replication into a Master's directory (§4.5.3.2): connect and bind, page through the search base
 * (§4.5.4 "Paged"), then follow change notifications ("Notify"). Objects go through the In/Out Maps; the users they
 * give are owned by AD (read-only fields), objects gone at the source (deleted, out of the filter, or no longer
 * mapped) lose their user; local users without AD ownership are never removed. When the server goes away the
 * replicator is Down, raises 0x00030001 and reconnects with backoff, alternating with the Alt. Server; after every
 * reconnect it loads everything again and removes the users of objects that disappeared meanwhile.
 */
export class AdReplicator {
  readonly #deps: AdReplicatorDeps;
  readonly #maps: AdMaps;
  readonly #servers: readonly string[];
  readonly #query: RemoteQuery;
  readonly #log: Logger;
  #state: ReplicatorState = "stopped";
  #remoteState: CopyState = "stopped";
  #localState: CopyState = "stopped";
  readonly #remote = { notify: 0, paged: 0, noMatch: 0, discarded: 0 };
  readonly #local = { add: 0, del: 0, modify: 0 };
  #server: string;
  #attempt = 0;
  /** Bumped at every connect and stop: callbacks of an older session see a different number and do nothing. */
  #generation = 0;
  #session: RemoteSession | undefined;
  #retry: TimerHandle | undefined;

  constructor(settings: LdapReplicatorSettings, deps: AdReplicatorDeps) {
    const field = (f: string) => ({ field: `ldap.replicator.${f}` });
    if (settings.type !== "ad")
      throw new ConfigError(ReplicationCode.AdSettings, "not an Active Directory replication", field("type"));
    const tls = settings.tls === true;
    this.#servers = [settings.server, settings.altServer]
      .filter((s): s is string => s !== undefined && s !== "")
      .map((s) => withPort(s, tls));
    if (this.#servers.length === 0)
      throw new ConfigError(ReplicationCode.AdSettings, "the Server is mandatory (§4.5.3.2 step 4)", field("server"));
    if ((settings.searchBase ?? "") === "")
      throw new ConfigError(
        ReplicationCode.AdSettings,
        "the search base DN is mandatory (§4.5.3.2 step 5)",
        field("searchBase"),
      );
    const unmapped = (settings.inMaps ?? []).length === 0 && (settings.outMaps ?? []).length === 0;
    this.#maps = unmapped
      ? new AdMaps(DEFAULT_IN_MAPS, DEFAULT_OUT_MAPS)
      : new AdMaps(settings.inMaps ?? [], settings.outMaps ?? []);
    this.#query = {
      user: settings.user,
      password: settings.password,
      tls,
      searchBase: settings.searchBase!,
      filter: (settings.adFilter ?? "") === "" ? DEFAULT_AD_FILTER : settings.adFilter!,
      attributes: this.#maps.sources,
    };
    this.#server = this.#servers[0]!;
    this.#deps = deps;
    this.#log = deps.log.child({ module: "ldap.ad" });
  }

  status(): AdReplicatorStatus {
    return {
      type: "ad",
      server: this.#server,
      state: this.#state,
      remote: { state: this.#remoteState, ...this.#remote },
      local: { state: this.#localState, notify: 0, ...this.#local, pending: 0 },
    };
  }

  start(): void {
    if (this.#state !== "stopped") return;
    this.#state = "starting";
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#generation++;
    this.#state = "stopped";
    this.#remoteState = this.#localState = "stopped";
    if (this.#retry !== undefined) this.#deps.clock.clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#deps.alarms.clear(ALARM.LDAP_REPLICATOR_NOT_CONNECTED, ALARM_SOURCE);
    await this.#closeSession();
  }

  #connect(): void {
    const gen = ++this.#generation;
    this.#server = this.#servers[this.#attempt % this.#servers.length]!;
    this.#deps.remote.connect(this.#server, this.#query, this.#deps.tls).then(
      (session) => {
        if (gen !== this.#generation) return void session.close();
        this.#session = session;
        this.#state = "up";
        this.#deps.alarms.clear(ALARM.LDAP_REPLICATOR_NOT_CONNECTED, ALARM_SOURCE);
        this.#log.log("info", "connected", { server: this.#server });
        this.#replicate(session, gen).catch((err: unknown) => this.#down(gen, err));
      },
      (err: unknown) => this.#down(gen, err),
    );
  }

  /** The initial load, then change notifications (§4.5.4 Remote Active → Completed). */
  async #replicate(session: RemoteSession, gen: number): Promise<void> {
    this.#remoteState = this.#localState = "active";
    const seen = new Set<string>();
    await session.load(async (objects) => {
      if (gen !== this.#generation) return;
      this.#remote.paged += objects.length;
      for (const o of objects) seen.add(o.key);
      await this.#write(objects.map((o) => this.#op(o)));
    });
    if (gen !== this.#generation) return;
    const gone = this.#deps.directory
      .userEntries()
      .flatMap((e) => (e.ad !== undefined && !seen.has(e.ad.key) ? [{ key: e.ad.key }] : []));
    await this.#write(gone);
    if (gen !== this.#generation) return;
    this.#remoteState = this.#localState = "completed";
    // Backoff starts again (and with the Server) only after a whole load: a server that binds but then fails the
    // search is not asked again every RECONNECT_MIN_MS.
    this.#attempt = 0;
    this.#log.log("info", "initial load completed", { objects: seen.size, removed: gone.length });
    session.watch(
      async (batch) => {
        if (gen !== this.#generation) return;
        this.#localState = "active";
        this.#remote.notify += batch.length;
        await this.#write(batch.map((c) => this.#changeOp(c)));
        this.#localState = "completed";
      },
      (cause) => this.#down(gen, cause),
    );
  }

  #changeOp(c: RemoteChange): AdUserOp {
    if (c.kind === "deleted") return { key: c.key };
    if (c.matches) return this.#op(c.object);
    this.#remote.noMatch++;
    return { key: c.object.key };
  }

  /** An object through the maps: its user's fields, or its removal when no suitable map is found ("Discarded"). */
  #op(o: RemoteObject): AdUserOp {
    const r = this.#maps.apply(o.attributes);
    if (r.kind === "user") return { key: o.key, fields: r.fields };
    this.#remote.discarded++;
    this.#log.log("debug", "discarded", { dn: o.dn, reason: r.reason });
    return { key: o.key };
  }

  /** Writes a batch in one transaction; when the directory refuses it, one by one, discarding the refused ones. */
  async #write(ops: readonly AdUserOp[]): Promise<void> {
    if (ops.length === 0) return;
    try {
      const done = await this.#deps.directory.applyAd(ops);
      this.#local.add += done.added;
      this.#local.modify += done.modified;
      this.#local.del += done.deleted;
    } catch (err) {
      if (!(err instanceof IpdectError)) throw err;
      if (ops.length > 1) for (const op of ops) await this.#write([op]);
      else {
        this.#remote.discarded++;
        this.#log.log("warn", "refused by the directory", { key: ops[0]!.key, code: err.code, reason: err.message });
      }
    }
  }

  #down(gen: number, cause: unknown): void {
    if (gen !== this.#generation) return;
    this.#generation++;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.#attempt);
    this.#log.log(this.#state === "down" ? "debug" : "warn", "not connected", {
      server: this.#server,
      reason: cause instanceof Error ? cause.message : String(cause),
      retryMs: delay,
    });
    this.#state = "down";
    this.#remoteState = this.#localState = "stopped";
    this.#deps.alarms.raise(ALARM.LDAP_REPLICATOR_NOT_CONNECTED, ALARM_SOURCE);
    void this.#closeSession();
    this.#attempt++;
    this.#retry = this.#deps.clock.setTimeout(() => {
      this.#retry = undefined;
      this.#connect();
    }, delay);
  }

  async #closeSession(): Promise<void> {
    const s = this.#session;
    this.#session = undefined;
    await s?.close().catch(() => undefined);
  }
}

/** `host` → `host:389` (or `:636` with TLS, App. H); `host:port` stays. */
export function withPort(server: string, tls: boolean): string {
  return /:\d+$/.test(server) ? server : `${server}:${tls ? PORTS.LDAPS : PORTS.LDAP}`;
}

/**
 * The AD replicator a device's configuration asks for, started: on a Master that owns its directory (not a
 * Standby's replica), with LDAP → Replicator type Active Directory and Enable set (§4.5.3.2 steps 2–3), in a world
 * that reaches LDAP servers. A configuration error is logged and leaves replication Stopped.
 */
export function adReplicatorFor(
  cfg: { readonly ldap?: LdapSettings; readonly master?: { readonly mode: MasterMode } },
  directory: Directory | undefined,
  env: Omit<AdReplicatorDeps, "directory" | "remote"> & { readonly ldap?: RemoteDirectory | undefined },
): AdReplicator | undefined {
  const settings = cfg.ldap?.replicator;
  if (settings?.type !== "ad" || !settings.enabled || directory === undefined || directory.replica) return undefined;
  if (env.ldap === undefined || cfg.master?.mode === "off") return undefined;
  try {
    const r = new AdReplicator(settings, { ...env, directory, remote: env.ldap });
    r.start();
    return r;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    env.log.log("error", "Active Directory replication not started", { code: err.code, reason: err.message });
    return undefined;
  }
}
