import { StateError } from "../core/errors.js";
import { randomHex, type Rng } from "../core/Rng.js";
import type { ConfigUser } from "./configUser.js";
import type { DirectoryLog, Persisted } from "./DirectoryLog.js";
import {
  entryKey,
  SYSTEM_KEY,
  type AnonymousEntry,
  type DirChange,
  type DirEntry,
  type SystemEntry,
  type UserEntry,
} from "./entry.js";
import { GENERATED_AC_DIGITS } from "./limits.js";
import type { RestoreIds } from "./restore.js";
import type { User } from "./User.js";
import { UNIQUE_FIELDS, UniqueIndex } from "./UniqueIndex.js";
import { UsersCode } from "./errors.js";

/** What a transaction writes: new entries by key, `null` to delete. */
export type Draft = Map<string, DirEntry | null>;

/** What a replica batch or an AD write changed (§4.5.4 Local Add/Del/Modify). */
export interface BatchResult {
  readonly added: number;
  readonly modified: number;
  readonly deleted: number;
}

/** A batch of a Master's changes as a replica receives it (see applyBatch). */
export interface ReplicaBatch {
  readonly epoch: string;
  readonly full: boolean;
  readonly prevUsn: number;
  readonly usn: number;
  readonly changes: readonly DirChange[];
}

export interface DirectoryOptions {
  /** The DECT gateway name new users get: the Master's device name (App. C `pbx=<gw name=…>`). */
  readonly gateway: string;
  /**
   * A Standby's copy of its Master's directory (§4.5.3.1): only the replicator changes it; administrators and
   * handsets are told to use the Master.
   */
  readonly replica?: boolean;
  /** The users a directory starts with when `load` creates it (first start); read at no other time. */
  readonly initialUsers?: readonly ConfigUser[];
  /**
   * A compaction after a saved transaction failed (a full disk): the transaction stands, the log keeps its records
   * and the compaction is tried again after the next one. Told here so the device can warn.
   */
  readonly compactionFailed?: (err: unknown) => void;
}

/**
 * The transaction engine under the user directory (§3.14, §4.10, §4.5): the entries with their guids and update
 * sequence numbers (usn), the tombstones of deletions, the unique indexes, and the one way to change them. A
 * transaction is checked completely before anything changes, then written as one atomic log record (DirectoryLog),
 * and only then applied in memory and announced to listeners: a crash or a failed write leaves the old directory,
 * never half a change. Transactions run one after another. The verbs on top are `Directory`'s.
 */
export class DirectoryEngine {
  readonly #log: DirectoryLog;
  readonly #rng: Rng;
  readonly #opts: DirectoryOptions;
  #epoch = "";
  #usn = 0;
  readonly #created: boolean;
  readonly #entries = new Map<string, DirEntry>();
  readonly #tombstones = new Map<string, number>();
  readonly #unique = new UniqueIndex();
  readonly #listeners = new Set<(changes: readonly DirChange[]) => void>();
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * The directory `state` read from flash, or (undefined) one about to be created. A device hands in the same seed at
   * every boot, so the random stream is keyed on what flash holds: every id an earlier boot drew and kept (guid,
   * Auth. Code, epoch) was committed with a higher usn than that boot started from, so this boot's stream never
   * repeats it.
   */
  protected constructor(log: DirectoryLog, rng: Rng, opts: DirectoryOptions, state: Persisted | undefined) {
    this.#log = log;
    this.#rng = state === undefined ? rng : rng.fork(`${state.epoch}/${state.usn}`);
    this.#opts = opts;
    this.#created = state === undefined;
    if (state !== undefined) this.#install(state);
  }

  #install(state: Persisted): void {
    this.#epoch = state.epoch;
    this.#usn = state.usn;
    this.#entries.clear();
    this.#tombstones.clear();
    this.#unique.clear();
    for (const e of state.entries) this.#put(entryKey(e), e);
    for (const [k, usn] of state.tombstones) this.#tombstones.set(k, usn);
  }

  // ---- reading ---------------------------------------------------------------------------------------------------

  /** Identifies this directory's history: a replica with another epoch must copy everything again. */
  get epoch(): string {
    return this.#epoch;
  }

  /** The usn of the newest change. */
  get usn(): number {
    return this.#usn;
  }

  get gateway(): string {
    return this.#opts.gateway;
  }

  get replica(): boolean {
    return this.#opts.replica === true;
  }

  /** Whether `load` created this directory (first start) rather than reading it from flash. */
  get created(): boolean {
    return this.#created;
  }

  get size(): number {
    return this.#entries.size;
  }

  entries(): IterableIterator<DirEntry> {
    return this.#entries.values();
  }

  get(key: string): DirEntry | undefined {
    return this.#entries.get(key);
  }

  userEntries(): UserEntry[] {
    return [...this.#entries.values()].filter((e): e is UserEntry => e.kind === "user");
  }

  get users(): User[] {
    return this.userEntries().map((e) => e.user);
  }

  anonymousEntries(): AnonymousEntry[] {
    return [...this.#entries.values()].filter((e): e is AnonymousEntry => e.kind === "anonymous");
  }

  /** The anonymous IPEIs (§4.10.7). */
  get anonymous(): string[] {
    return this.anonymousEntries().map((e) => e.ipei);
  }

  get system(): SystemEntry {
    return this.#entries.get(SYSTEM_KEY) as SystemEntry;
  }

  /** The user whose `field` is `value` (Long Name, Number and IPEI are unique). */
  findUser(field: (typeof UNIQUE_FIELDS)[number], value: string): UserEntry | undefined {
    const key = this.#unique.owner(field, value);
    return key === undefined ? undefined : (this.#entries.get(key) as UserEntry);
  }

  findAnonymous(ipei: string): AnonymousEntry | undefined {
    return this.#entries.get(`anonymous/${ipei}`) as AnonymousEntry | undefined;
  }

  /** Every entry and deletion after `usn`, oldest first: what a replica that has seen `usn` is missing. */
  changesSince(usn: number): DirChange[] {
    const out: DirChange[] = [];
    for (const [key, e] of this.#entries) if (e.usn > usn) out.push({ usn: e.usn, key, entry: e });
    for (const [key, u] of this.#tombstones) if (u > usn) out.push({ usn: u, key });
    return out.sort((a, b) => a.usn - b.usn);
  }

  /** Called after every committed transaction with its changes (LDAP notifications, replication push). */
  onChange(listener: (changes: readonly DirChange[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- ids from the directory's random stream --------------------------------------------------------------------

  /** A fresh Auth. Code (§3.14.3: "The system generates a AC for every user"). */
  generateAc(): string {
    let ac = "";
    for (let i = 0; i < GENERATED_AC_DIGITS; i++) ac += String(this.#rng.int(10));
    return ac;
  }

  /** A new guid: 16 random bytes as App. C writes them. */
  newGuid(): string {
    return randomHex(this.#rng, 32).toUpperCase();
  }

  /** A new epoch: a history that replicas cannot follow by usn, only copy again. */
  protected newEpoch(): string {
    return randomHex(this.#rng, 16);
  }

  /** What a restore generates for what the configuration left out. */
  protected ids(): RestoreIds {
    return { gateway: this.#opts.gateway, newGuid: () => this.newGuid(), generateAc: () => this.generateAc() };
  }

  // ---- transactions ----------------------------------------------------------------------------------------------

  /**
   * Runs `build` against the current directory once every earlier transaction has finished; `build` fills the
   * draft (or throws to refuse). The draft is checked for unique Long Name, Number and IPEI and committed at once.
   */
  transact<T>(build: (draft: Draft) => T): Promise<T> {
    return this.serial(async () => {
      this.writable();
      const draft: Draft = new Map();
      const result = build(draft);
      await this.#transactNow(draft);
      return result;
    });
  }

  /**
   * Replication (§4.5.3.1): one batch of the Master's changes, applied with the Master's own usns. A `full` batch
   * replaces everything (first copy, or another epoch). Otherwise the batch must follow on from what we hold
   * (`prevUsn` at most our usn; what we already have is skipped); a gap returns undefined, so the replicator asks
   * again from our usn (undefined). After the batch our usn is the batch's.
   */
  applyBatch(b: ReplicaBatch): Promise<BatchResult | undefined> {
    return this.serial(async () => {
      if (b.full) {
        const entries = b.changes.flatMap((c) => (c.entry === undefined ? [] : [c.entry]));
        const deleted = this.#entries.size;
        await this.replaceNow({ epoch: b.epoch, usn: b.usn, entries, tombstones: [] });
        return { added: entries.length, modified: 0, deleted };
      }
      if (b.epoch !== this.#epoch || b.prevUsn > this.#usn) return undefined;
      const fresh = b.changes.filter((c) => c.usn > this.#usn);
      if (fresh.length > 0) await this.#log.append(this.#epoch, this.#usn, Math.max(this.#usn, b.usn), fresh);
      const result = { added: 0, modified: 0, deleted: 0 };
      for (const c of fresh) {
        const had = this.#entries.has(c.key);
        if (c.entry === undefined) result.deleted += had ? 1 : 0;
        else result[had ? "modified" : "added"]++;
        this.#applyOne(c);
      }
      this.#usn = Math.max(this.#usn, b.usn);
      if (fresh.length > 0) this.#notify(fresh);
      await this.#compactIfDue();
      return result;
    });
  }

  /** Runs `work` once every earlier transaction has finished: transactions run one after another. */
  protected serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  protected writable(): void {
    if (this.replica)
      throw new StateError(
        UsersCode.DirectoryReplica,
        "this directory is a replica of the Master's (§4.5.3.1): change it there",
      );
  }

  /** A whole new state as one snapshot; listeners hear every old key go and every entry arrive. */
  protected async replaceNow(state: Persisted): Promise<void> {
    await this.#log.reset(state);
    const gone: DirChange[] = [...this.#entries.keys()].map((key) => ({ usn: state.usn, key }));
    this.#install(state);
    this.#notify([...gone, ...state.entries.map((e) => ({ usn: e.usn, key: entryKey(e), entry: e }))]);
  }

  async #transactNow(draft: Draft): Promise<void> {
    // Deleting what is not there is no change (e.g. "leave the anonymous list" for a handset that was not on it).
    for (const [k, e] of draft) if (e === null && !this.#entries.has(k)) draft.delete(k);
    if (draft.size === 0) return;
    this.#unique.check(draft, (k) => this.#entries.get(k));
    let usn = this.#usn;
    const changes: DirChange[] = [...draft].map(([key, e]) =>
      e === null ? { usn: ++usn, key } : { usn: ++usn, key, entry: { ...e, usn } as DirEntry },
    );
    await this.#log.append(this.#epoch, this.#usn, usn, changes);
    for (const c of changes) this.#applyOne(c);
    this.#notify(changes);
    await this.#compactIfDue();
  }

  /**
   * Folds the log into a new snapshot once it is long. It runs after the transaction is on flash, so its failure is
   * not the transaction's: answering "not saved" for a saved change made a retry fail as a duplicate (issue 18).
   */
  async #compactIfDue(): Promise<void> {
    if (!this.#log.wantsCompaction()) return;
    try {
      await this.#log.reset({
        epoch: this.#epoch,
        usn: this.#usn,
        entries: [...this.#entries.values()],
        tombstones: [...this.#tombstones],
      });
    } catch (e) {
      this.#opts.compactionFailed?.(e);
    }
  }

  #applyOne(c: DirChange): void {
    this.#usn = Math.max(this.#usn, c.usn);
    const old = this.#entries.get(c.key);
    if (old?.kind === "user") this.#unique.remove(c.key, old);
    if (c.entry === undefined) {
      this.#entries.delete(c.key);
      this.#tombstones.set(c.key, c.usn);
    } else this.#put(c.key, c.entry);
  }

  #put(key: string, e: DirEntry): void {
    this.#entries.set(key, e);
    this.#tombstones.delete(key);
    if (e.kind === "user") this.#unique.add(key, e);
  }

  #notify(changes: readonly DirChange[]): void {
    for (const l of this.#listeners) l(changes);
  }
}
