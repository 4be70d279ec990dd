import { ALARM } from "../core/alarms/index.js";
import type { RoleIo } from "../role/RoleIo.js";
import { ldapProof } from "../role/linkKey.js";
import { PORTS } from "../wire/ports.js";
import type { Directory } from "../users/Directory.js";
import type { ReplicaBatch } from "../users/DirectoryEngine.js";
import {
  FILTER_TYPES,
  REPLICATION_KEEPALIVE_MS,
  REPLICATION_LOST_MS,
  type FilterType,
  type ReplicationCredentials,
} from "./protocol.js";

/** §4.5.4 replication state, and the state of the remote and local side of the copy. */
export const REPLICATOR_STATES = ["stopped", "starting", "up", "down"] as const;
export type ReplicatorState = (typeof REPLICATOR_STATES)[number];
export const COPY_STATES = ["stopped", "active", "completed"] as const;
export type CopyState = (typeof COPY_STATES)[number];

export interface ReplicatorSettings {
  /** The Master's address (§4.5.3.1 Server); a Standby's primary by default. */
  readonly server: string;
  /** Tried when the server stays silent (§4.5.3.1 Alt. Server). */
  readonly altServer?: string;
  readonly credentials: ReplicationCredentials;
  readonly filterType: FilterType;
  readonly filter: string;
  /**
   * Whether an LDAP replicator is configured (§4.5.3): only then does a lost contact raise 0x00030001. A Standby
   * without one copies its primary implicitly; "The LDAP replicator is not connected" would name a feature its
   * administrator never set up, and its lost Master is told by 0x00030201 and the replicator status.
   */
  readonly configured: boolean;
}

/** The Replicator Status page (§4.5.4) for Full Replication. */
export interface ReplicatorStatus {
  readonly type: "full";
  readonly server: string;
  readonly state: ReplicatorState;
  readonly remote: CopyState;
  readonly local: CopyState;
  /** Changes pushed by the server as they happened, after the copy was complete. */
  readonly notify: number;
  /** Entries received while copying (initial copy or catching up). */
  readonly paged: number;
  readonly add: number;
  readonly del: number;
  readonly modify: number;
  /** Changes received and not yet on flash. */
  readonly pending: number;
  readonly reason?: string;
}

/** One alarm for the replicator, whichever of server and alternative it is trying. */
const ALARM_SOURCE = "full replication";

/** A validated DirSyncBatch. */
export interface SyncBatch extends ReplicaBatch {
  readonly session: number;
  readonly complete: boolean;
  readonly refused: string;
  /** The Master asks again with a proof over its current link challenge (`nonce`). */
  readonly again: boolean;
  /** The Master's link challenge on this link (Link.challenge of the batch's frame). */
  readonly nonce: Uint8Array;
}

/**
 * The Standby's side of full directory replication (§4.5.3.1): asks its Master for everything after its own usn,
 * applies batches strictly in order (a gap makes it ask again from what it holds), and asks again every keep-alive
 * period, which also tells the Master it is still there. Raises 0x00030001 while it has no contact.
 */
export class Replicator {
  readonly #dir: Directory;
  readonly #io: RoleIo;
  readonly #settings: ReplicatorSettings;
  readonly #session: number;
  #server: string;
  #state: ReplicatorState = "starting";
  #remote: CopyState = "stopped";
  #reason: string | undefined;
  #startedAt: number;
  #lastHeardAt = -Infinity;
  #lastRequestAt = -Infinity;
  #lastBatchAt = -Infinity;
  #resync = false;
  #pending = 0;
  /** The Master's last link challenge: the LDAP proof is over it (linkKey.ts `ldapProof`). */
  #nonce: Uint8Array = new Uint8Array(0);
  readonly #counts = { notify: 0, paged: 0, add: 0, del: 0, modify: 0 };

  constructor(dir: Directory, io: RoleIo, settings: ReplicatorSettings) {
    this.#dir = dir;
    this.#io = io;
    this.#settings = settings;
    this.#server = settings.server;
    this.#session = 1 + io.rng.int(0x7fffffff);
    this.#startedAt = io.clock.now();
  }

  status(): ReplicatorStatus {
    return {
      type: "full",
      server: `${this.#server}:${PORTS.MASTER_STREAM}`,
      state: this.#state,
      remote: this.#remote,
      local: this.#pending > 0 ? "active" : this.#remote === "completed" ? "completed" : "active",
      ...this.#counts,
      pending: this.#pending,
      ...(this.#reason === undefined ? {} : { reason: this.#reason }),
    };
  }

  /** Called on the Master role's sweep. */
  tick(): void {
    const now = this.#io.clock.now();
    const heard = Math.max(this.#lastHeardAt, this.#startedAt);
    if (now - heard >= REPLICATION_LOST_MS && this.#state !== "down") this.#down("no answer from the server");
    if (now - this.#lastHeardAt >= REPLICATION_LOST_MS && now - this.#lastRequestAt >= REPLICATION_KEEPALIVE_MS) {
      // Alternate between server and alternative while neither answers (§4.5.3.1 Alt. Server).
      if (this.#settings.altServer !== undefined && this.#lastRequestAt > -Infinity)
        this.#server = this.#server === this.#settings.server ? this.#settings.altServer : this.#settings.server;
    }
    const quiet = now - this.#lastBatchAt >= 250;
    if (now - this.#lastRequestAt >= REPLICATION_KEEPALIVE_MS || (this.#resync && quiet && this.#pending === 0))
      this.#request();
  }

  batch(b: SyncBatch): void {
    if (b.session !== this.#session) return;
    const now = this.#io.clock.now();
    this.#lastHeardAt = now;
    this.#lastBatchAt = now;
    if (b.nonce.length > 0) this.#nonce = b.nonce;
    if (b.again) return this.#request();
    if (b.refused !== "") return this.#down(b.refused);
    if (this.#state !== "up") {
      this.#state = "up";
      this.#reason = undefined;
      if (this.#settings.configured) this.#io.alarms.clear(ALARM.LDAP_REPLICATOR_NOT_CONNECTED, ALARM_SOURCE);
      this.#io.emit("state", { role: "replicator", state: "up", server: this.#server });
    }
    if (b.changes.length === 0 && !b.full && b.usn === this.#dir.usn && b.epoch === this.#dir.epoch) {
      if (b.complete) this.#remote = "completed";
      return;
    }
    const live = this.#remote === "completed" && !b.full;
    if (!live) this.#remote = "active";
    this.#pending += b.changes.length;
    void this.#dir
      .applyBatch(b)
      .then((r) => {
        if (r === undefined) {
          this.#resync = true;
          return;
        }
        this.#counts[live ? "notify" : "paged"] += b.changes.length;
        this.#counts.add += r.added;
        this.#counts.del += r.deleted;
        this.#counts.modify += r.modified;
        if (b.complete && this.#dir.usn >= b.usn) this.#remote = "completed";
      })
      .catch((err: unknown) => {
        this.#resync = true;
        this.#io.log.log("error", "replica write failed", { error: String(err) });
      })
      .finally(() => {
        this.#pending -= b.changes.length;
      });
  }

  #request(): void {
    const now = this.#io.clock.now();
    this.#lastRequestAt = now;
    this.#resync = false;
    const s = this.#settings;
    this.#io.send({ ip: this.#server, port: PORTS.MASTER_STREAM }, "stream", {
      body: "dirSyncRequest",
      dirSyncRequest: {
        epoch: this.#dir.epoch,
        usn: this.#dir.usn,
        user: s.credentials.user,
        proof: ldapProof(s.credentials.user, s.credentials.password, this.#nonce),
        nonce: this.#nonce,
        session: this.#session,
        filterType: FILTER_TYPES[s.filterType],
        filter: s.filter,
      },
    });
  }

  #down(reason: string): void {
    const was = this.#state;
    this.#state = "down";
    this.#reason = reason;
    if (this.#remote === "completed") this.#remote = "stopped";
    if (this.#settings.configured) this.#io.alarms.raise(ALARM.LDAP_REPLICATOR_NOT_CONNECTED, ALARM_SOURCE);
    if (was !== "down") this.#io.emit("state", { role: "replicator", state: "down", server: this.#server, reason });
  }
}
