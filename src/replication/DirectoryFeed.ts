import type { RoleIo } from "../role/RoleIo.js";
import { endpointKey, type Endpoint } from "../wire/Transport.js";
import type { Directory } from "../users/Directory.js";
import { entryKey, type DirChange, type DirEntry } from "../users/entry.js";
import type { ipdect } from "../wire/gen/ipdect.js";
import { changeToWire } from "../users/wire.js";
import { ldapProofMatches } from "../role/linkKey.js";
import {
  REPLICATION_KEEPALIVE_MS,
  REPLICATION_LOST_MS,
  REPLICATION_PAGE,
  type ReplicationCredentials,
} from "./protocol.js";

/** A replicator's request, validated (DirSyncRequest). */
export interface SyncRequest {
  readonly epoch: string;
  readonly usn: number;
  readonly user: string;
  readonly proof: Uint8Array;
  /** The Master's link challenge the proof is over, as the replicator says. */
  readonly nonce: Uint8Array;
  /** The Master's link challenge this request echoed (checked by the link guard): the proof must be over it. */
  readonly challenge: Uint8Array;
  readonly session: number;
  readonly wants: (e: DirEntry) => boolean;
}

interface Follower {
  readonly to: Endpoint;
  readonly session: number;
  readonly wants: (e: DirEntry) => boolean;
  lastHeardAt: number;
  lastSentAt: number;
}

/**
 * The Master's side of full directory replication (§4.5.3.1): answers a replicator with everything after its usn
 * (or a full copy for another epoch), then pushes every change as it commits, so a Standby follows within one
 * network delay rather than a polling period. A replicator silent for REPLICATION_LOST_MS is forgotten; when it asks
 * again it gets what it missed, from its own usn, so nothing is lost or applied twice.
 */
export class DirectoryFeed {
  readonly #dir: Directory;
  readonly #io: RoleIo;
  readonly #credentials: ReplicationCredentials | undefined;
  readonly #followers = new Map<string, Follower>();
  readonly #unsubscribe: () => void;

  /** Without credentials (no LDAP server configured, §4.5.1) any replicator is served. */
  constructor(dir: Directory, io: RoleIo, credentials: ReplicationCredentials | undefined) {
    this.#dir = dir;
    this.#io = io;
    this.#credentials = credentials;
    this.#unsubscribe = dir.onChange((changes) => this.#push(changes));
  }

  get followers(): number {
    return this.#followers.size;
  }

  request(from: Endpoint, req: SyncRequest): void {
    const now = this.#io.clock.now();
    const c = this.#credentials;
    // A proof over an earlier challenge (a first request, or one from before a reconnect): ask again over this one.
    if (c !== undefined && !sameBytes(req.nonce, req.challenge))
      return this.#send(from, { session: req.session, again: true });
    if (c !== undefined && (req.user !== c.user || !ldapProofMatches(c.user, c.password, req.nonce, req.proof))) {
      this.#io.emit("warning", {
        code: "REPLICATOR_REFUSED",
        text: `replicator at ${from.ip}: wrong LDAP user or password`,
      });
      return this.#send(from, { session: req.session, refused: "wrong LDAP user or password (§4.5.1)" });
    }
    const f: Follower = { to: from, session: req.session, wants: req.wants, lastHeardAt: now, lastSentAt: now };
    this.#followers.set(endpointKey(from), f);
    const dir = this.#dir;
    const full = req.epoch !== dir.epoch || req.usn > dir.usn;
    const changes = full
      ? [...dir.entries()]
          .filter(req.wants)
          .sort((a, b) => a.usn - b.usn)
          .map((e) => ({ usn: e.usn, key: entryKey(e), entry: e }))
      : dir.changesSince(req.usn).map((c) => this.#filtered(f, c));
    this.#sendPages(f, full, full ? 0 : req.usn, changes);
  }

  /** Keep-alives to followers and forgetting silent ones; called on the Master's sweep. */
  sweep(): void {
    const now = this.#io.clock.now();
    for (const [k, f] of this.#followers) {
      if (now - f.lastHeardAt >= REPLICATION_LOST_MS) this.#followers.delete(k);
      else if (now - f.lastSentAt >= REPLICATION_KEEPALIVE_MS) this.#sendPages(f, false, this.#dir.usn, []);
    }
  }

  close(): void {
    this.#unsubscribe();
    this.#followers.clear();
  }

  #push(changes: readonly DirChange[]): void {
    if (changes.length === 0) return;
    const prev = changes[0]!.usn - 1;
    for (const f of this.#followers.values())
      this.#sendPages(
        f,
        false,
        prev,
        changes.map((c) => this.#filtered(f, c)),
      );
  }

  /** An entry the follower does not want reaches it as a deletion: it may have held it before a change. */
  #filtered(f: Follower, c: DirChange): DirChange {
    return c.entry === undefined || f.wants(c.entry) ? c : { usn: c.usn, key: c.key };
  }

  #sendPages(f: Follower, full: boolean, prevUsn: number, changes: readonly DirChange[]): void {
    const last = this.#dir.usn;
    let prev = prevUsn;
    for (let i = 0; i === 0 || i < changes.length; i += REPLICATION_PAGE) {
      const page = changes.slice(i, i + REPLICATION_PAGE);
      const end = i + REPLICATION_PAGE >= changes.length;
      const usn = end ? last : page[page.length - 1]!.usn;
      this.#send(f.to, {
        session: f.session,
        epoch: this.#dir.epoch,
        full: full && i === 0,
        prevUsn: prev,
        usn,
        changes: page.map(changeToWire),
        complete: end,
      });
      prev = usn;
    }
    f.lastSentAt = this.#io.clock.now();
  }

  #send(to: Endpoint, batch: ipdect.DirSyncBatch.$Properties): void {
    this.#io.send(to, "stream", { body: "dirSyncBatch", dirSyncBatch: batch });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
