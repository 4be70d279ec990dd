import { StateError } from "../core/errors.js";
import { randomHex, type Rng } from "../core/Rng.js";
import type { Store } from "../core/Store.js";
import type { ConfigUser } from "./configUser.js";
import { DirectoryLog, type Persisted } from "./DirectoryLog.js";
import {
  DEFAULT_LOGOUT_CODE,
  entryKey,
  SYSTEM_KEY,
  type AnonymousEntry,
  type DirChange,
  type DirEntry,
  type SystemEntry,
  type UserEntry,
} from "./entry.js";
import { GENERATED_AC_DIGITS, type UserField } from "./limits.js";
import { restoredEntries, type RestoreIds } from "./restore.js";
import { ipeiText, validateUser, type User, type UserInput } from "./User.js";
import { UNIQUE_FIELDS, UniqueIndex } from "./UniqueIndex.js";

/** What a transaction writes: new entries by key, `null` to delete. */
export type Draft = Map<string, DirEntry | null>;
/** A put before the directory numbers it: the usn is assigned at commit. */
type Unnumbered<E> = E extends DirEntry ? Omit<E, "usn"> : never;

/** One Active Directory object for applyAd: its Out Map fields, or none when it is gone (§4.5.3.2). */
export interface AdUserOp {
  readonly key: string;
  readonly fields?: UserInput;
}

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
}

/**
 * The user directory of a Master (§3.14, §4.10, §4.5): users, anonymous handsets and the DECT → System subscription
 * settings, each entry with a guid and an update sequence number (usn) so Standbys and LDAP clients can follow every
 * change. A transaction is checked completely before anything changes, then written as one atomic log record
 * (DirectoryLog), and only then applied in memory and announced to listeners: a crash or a failed write leaves the
 * old directory, never half a change. Transactions run one after another.
 */
export class Directory {
  readonly #log: DirectoryLog;
  readonly #rng: Rng;
  readonly #opts: DirectoryOptions;
  #epoch = "";
  #usn = 0;
  #created = false;
  readonly #entries = new Map<string, DirEntry>();
  readonly #tombstones = new Map<string, number>();
  readonly #unique = new UniqueIndex();
  readonly #listeners = new Set<(changes: readonly DirChange[]) => void>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(log: DirectoryLog, rng: Rng, opts: DirectoryOptions) {
    this.#log = log;
    this.#rng = rng;
    this.#opts = opts;
  }

  /**
   * Reads the directory from flash, or creates it (with `opts.initialUsers`). A device hands in the same seed at every
   * boot, so the random stream is keyed on what flash holds: every id an earlier boot drew and kept (guid, Auth. Code,
   * epoch) was committed with a higher usn than that boot started from, so this boot's stream never repeats it.
   */
  static async load(store: Store, rng: Rng, opts: DirectoryOptions): Promise<Directory> {
    const log = new DirectoryLog(store);
    const state = await log.load();
    const d = new Directory(log, state === undefined ? rng : rng.fork(`${state.epoch}/${state.usn}`), opts);
    if (state === undefined) {
      const epoch = randomHex(rng, 16);
      const system: SystemEntry = {
        kind: "system",
        usn: 1,
        subscription: "user-ac",
        systemAc: d.generateAc(),
        logoutCode: DEFAULT_LOGOUT_CODE,
      };
      const { usn, entries } = restoredEntries(opts.initialUsers ?? [], [system], 1, d.#ids());
      await d.#replaceNow({ epoch, usn, entries, tombstones: [] });
      d.#created = true;
    } else d.#install(state);
    return d;
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

  // ---- administration (§4.10) ------------------------------------------------------------------------------------

  /**
   * Adds users (one, or a whole CSV import): all are checked first, against the directory and each other; any
   * problem throws before anything changes. An IPEI that was anonymous leaves the anonymous list.
   */
  addUsers(inputs: readonly UserInput[], ad?: (i: number) => UserEntry["ad"]): Promise<UserEntry[]> {
    return this.transact((draft) =>
      inputs.map((input, i) => {
        const user = validateUser({ ...input, authCode: input.authCode ?? this.generateAc() });
        const entry: Unnumbered<UserEntry> = {
          kind: "user",
          guid: this.newGuid(),
          user,
          gateway: this.#opts.gateway,
          ...(ad?.(i) === undefined ? {} : { ad: ad(i)! }),
        };
        this.#takeIpei(draft, user.ipei);
        draft.set(entryKey(entry as UserEntry), entry as UserEntry);
        return entry as UserEntry;
      }),
    );
  }

  /**
   * Changes fields of the user with Number `number` (an empty string clears an optional field). Fields an Active
   * Directory replication owns cannot be changed here (§4.5.3.2) unless `byAd` is that replication.
   */
  modifyUser(number: string, patch: UserInput, byAd = false): Promise<UserEntry> {
    return this.transact((draft) => {
      const old = this.#user(number);
      const owned = byAd ? [] : (old.ad?.fields ?? []);
      const locked = (Object.keys(patch) as UserField[]).filter((f) => owned.includes(f));
      if (locked.length > 0)
        throw new StateError(
          "USER_READ_ONLY",
          `${locked.join(", ")} of ${number} come from Active Directory (§4.5.3.2)`,
        );
      const user = validateUser({ ...old.user, ...patch, authCode: patch.authCode ?? old.user.authCode });
      if (user.ipei !== old.user.ipei) this.#takeIpei(draft, user.ipei);
      // A new IPEI is a new handset: the old subscription key does not belong to it.
      const { subs, ...rest } = old;
      const next = { ...rest, user, ...(user.ipei === old.user.ipei && subs !== undefined ? { subs } : {}) };
      draft.set(entryKey(old), next as UserEntry);
      return next as UserEntry;
    });
  }

  /** Removes a local user; one that Active Directory replication owns is removed only at the source (§4.5.3.2). */
  removeUser(number: string): Promise<void> {
    return this.transact((draft) => {
      const e = this.#user(number);
      if (e.ad !== undefined)
        throw new StateError("USER_READ_ONLY", `${number} comes from Active Directory: remove it there (§4.5.3.2)`);
      draft.set(entryKey(e), null);
    });
  }

  /**
   * Active Directory replication (§4.5.3.2) writes the users it owns, in one transaction: `fields` are what the Out
   * Maps produced for the source object `key` (they become read-only here), absent `fields` remove its user. A local
   * user without `ad` whose Number or Long Name the object carries is taken over ("existing local users are replaced
   * with corresponding users in the AD"); its other fields stay. Fields AD no longer gives keep their value and
   * become editable. Unchanged users are not written. Throws (changing nothing) on a uniqueness or field error.
   */
  applyAd(ops: readonly AdUserOp[]): Promise<BatchResult> {
    return this.transact((draft) => {
      const owned = new Map(this.userEntries().flatMap((e) => (e.ad ? [[e.ad.key, e] as const] : [])));
      const done = { added: 0, modified: 0, deleted: 0 };
      for (const op of new Map(ops.map((o) => [o.key, o])).values()) {
        const old = owned.get(op.key) ?? this.#correspondingLocal(op.fields);
        if (old !== undefined && draft.has(entryKey(old)))
          throw new StateError("USER_DUPLICATE", `${old.user.number} corresponds to two Active Directory objects`);
        if (op.fields === undefined) {
          if (old !== undefined) draft.set(entryKey(old), null);
          done.deleted += old === undefined ? 0 : 1;
          continue;
        }
        const ad = { key: op.key, fields: Object.keys(op.fields) as UserField[] };
        const user = validateUser({
          ...old?.user,
          ...op.fields,
          authCode: op.fields.authCode ?? old?.user.authCode ?? this.generateAc(),
        });
        if (old !== undefined && sameJson(old.user, user) && sameJson(old.ad, ad)) continue;
        if (user.ipei !== old?.user.ipei) this.#takeIpei(draft, user.ipei);
        const { subs, ...rest } = old ?? { kind: "user" as const, guid: this.newGuid(), gateway: this.#opts.gateway };
        const keepSubs = user.ipei === old?.user.ipei && subs !== undefined;
        const next = { ...rest, user, ad, ...(keepSubs ? { subs } : {}) } as UserEntry;
        draft.set(entryKey(next), next);
        done[old === undefined ? "added" : "modified"]++;
      }
      return done;
    });
  }

  /** A local user (no `ad`) with the Number or Long Name that an AD object brings. */
  #correspondingLocal(fields: UserInput | undefined): UserEntry | undefined {
    for (const f of ["number", "longName"] as const) {
      const v = fields?.[f];
      const e = v === undefined ? undefined : this.findUser(f, v);
      if (e !== undefined && e.ad === undefined) return e;
    }
    return undefined;
  }

  /** §4.10.8/4.10.9: new anonymous IPEIs; one already known (anonymous or a user's) refuses the whole set. */
  addAnonymous(ipeis: readonly string[]): Promise<string[]> {
    return this.transact((draft) =>
      ipeis.map((raw) => {
        const ipei = ipeiText(raw);
        const key = `anonymous/${ipei}`;
        if (draft.has(key)) throw new StateError("USER_DUPLICATE", `IPEI ${ipei} is listed twice`);
        if (this.#entries.has(key) || this.#unique.owner("ipei", ipei) !== undefined)
          throw new StateError("USER_DUPLICATE", `IPEI ${ipei} is already known`);
        draft.set(key, { kind: "anonymous", ipei } as AnonymousEntry);
        return ipei;
      }),
    );
  }

  removeAnonymous(ipei: string): Promise<void> {
    return this.transact((draft) => {
      const key = `anonymous/${ipeiText(ipei)}`;
      if (!this.#entries.has(key)) throw new StateError("USER_UNKNOWN", `no anonymous handset ${ipei}`);
      draft.set(key, null);
    });
  }

  /** DECT → System: subscription method (§4.6.2) and system AC (§4.6.3). */
  setSystem(change: Partial<Pick<SystemEntry, "subscription" | "systemAc" | "logoutCode">>): Promise<SystemEntry> {
    return this.transact((draft) => {
      const next = { ...this.system, ...change };
      draft.set(SYSTEM_KEY, next);
      return next;
    });
  }

  // ---- handsets (§3.14, §3.15) -----------------------------------------------------------------------------------

  /**
   * An over-air subscription succeeded: the handset's key is stored with the user whose Number is given (its IPEI is
   * set, Easy/Individual Registration) or, without one, in the anonymous list (§3.14.1.2).
   */
  subscribe(ipei: string, subs: string, number?: string): Promise<void> {
    return this.transact((draft) => {
      const owner = this.findUser("ipei", ipei);
      if (number === undefined) {
        if (owner !== undefined) draft.set(entryKey(owner), withHandset(owner, undefined));
        draft.set(`anonymous/${ipei}`, { kind: "anonymous", ipei, subs } as AnonymousEntry);
        return;
      }
      const user = this.#user(number);
      if (owner !== undefined && owner.guid !== user.guid) draft.set(entryKey(owner), withHandset(owner, undefined));
      this.#handOver(draft, user, ipei, subs);
    });
  }

  /**
   * Self-assignment (§3.14.1.2): the subscribed handset `ipei` becomes the handset of user `number`; the user's
   * previous handset goes back to the anonymous list, and a user the handset belonged to loses it.
   */
  assignHandset(ipei: string, number: string): Promise<UserEntry> {
    return this.transact((draft) => {
      const subs = this.subscriptionKey(ipei);
      if (subs === undefined) throw new StateError("HANDSET_NOT_SUBSCRIBED", `handset ${ipei} is not subscribed`);
      const user = this.#user(number);
      const owner = this.findUser("ipei", ipei);
      if (owner !== undefined && owner.guid !== user.guid) draft.set(entryKey(owner), withHandset(owner, undefined));
      return this.#handOver(draft, user, ipei, subs);
    });
  }

  /** Logout (§3.15.1): the user keeps no handset; the handset stays subscribed, as an anonymous one. */
  logoutHandset(number: string): Promise<void> {
    return this.transact((draft) => {
      const user = this.#user(number);
      const ipei = user.user.ipei;
      if (ipei === undefined) throw new StateError("HANDSET_NOT_SUBSCRIBED", `user ${number} has no handset`);
      draft.set(entryKey(user), withHandset(user, undefined));
      draft.set(`anonymous/${ipei}`, {
        kind: "anonymous",
        ipei,
        ...(user.subs === undefined ? {} : { subs: user.subs }),
      } as AnonymousEntry);
    });
  }

  /** The key a subscribed handset proves itself with; undefined while it is not subscribed. */
  subscriptionKey(ipei: string): string | undefined {
    return this.findUser("ipei", ipei)?.subs ?? this.findAnonymous(ipei)?.subs;
  }

  /** `user` gets handset `ipei`; its previous handset (another IPEI) becomes anonymous with its key. */
  #handOver(draft: Draft, user: UserEntry, ipei: string, subs: string): UserEntry {
    const previous = user.user.ipei;
    if (previous !== undefined && previous !== ipei)
      draft.set(`anonymous/${previous}`, {
        kind: "anonymous",
        ipei: previous,
        ...(user.subs === undefined ? {} : { subs: user.subs }),
      } as AnonymousEntry);
    draft.set(`anonymous/${ipei}`, null);
    const next = withHandset(user, { ipei, subs });
    draft.set(entryKey(user), next);
    return next;
  }

  // ---- transactions ----------------------------------------------------------------------------------------------

  /**
   * Runs `build` against the current directory once every earlier transaction has finished; `build` fills the
   * draft (or throws to refuse). The draft is checked for unique Long Name, Number and IPEI and committed at once.
   */
  transact<T>(build: (draft: Draft) => T): Promise<T> {
    return this.#serial(async () => {
      this.#writable();
      const draft: Draft = new Map();
      const result = build(draft);
      await this.#transactNow(draft);
      return result;
    });
  }

  /**
   * App. C.2 steps 6–7 (a configuration with user records uploaded, then reset): the users become exactly `users`,
   * with the guid and usn each line carries (restoredEntries); anonymous handsets and the DECT → System settings stay.
   * One atomic snapshot under a new epoch, so Standbys and LDAP clients copy the directory again rather than follow
   * usns that may now go backwards.
   */
  replaceUsers(users: readonly ConfigUser[]): Promise<UserEntry[]> {
    return this.#serial(async () => {
      this.#writable();
      const keep = [...this.#entries.values()].filter((e) => e.kind !== "user");
      const { usn, entries } = restoredEntries(users, keep, this.#usn, this.#ids());
      await this.#replaceNow({ epoch: randomHex(this.#rng, 16), usn, entries, tombstones: [] });
      return this.userEntries();
    });
  }

  /**
   * Replication (§4.5.3.1): one batch of the Master's changes, applied with the Master's own usns. A `full` batch
   * replaces everything (first copy, or another epoch). Otherwise the batch must follow on from what we hold
   * (`prevUsn` at most our usn; what we already have is skipped); a gap returns undefined, so the replicator asks
   * again from our usn (undefined). After the batch our usn is the batch's.
   */
  applyBatch(b: ReplicaBatch): Promise<BatchResult | undefined> {
    return this.#serial(async () => {
      if (b.full) {
        const entries = b.changes.flatMap((c) => (c.entry === undefined ? [] : [c.entry]));
        const deleted = this.#entries.size;
        await this.#replaceNow({ epoch: b.epoch, usn: b.usn, entries, tombstones: [] });
        return { added: entries.length, modified: 0, deleted };
      }
      if (b.epoch !== this.#epoch || b.prevUsn > this.#usn) return undefined;
      const fresh = b.changes.filter((c) => c.usn > this.#usn);
      if (fresh.length > 0) await this.#log.append(this.#epoch, fresh);
      const result = { added: 0, modified: 0, deleted: 0 };
      for (const c of fresh) {
        const had = this.#entries.has(c.key);
        if (c.entry === undefined) result.deleted += had ? 1 : 0;
        else result[had ? "modified" : "added"]++;
        this.#applyOne(c);
      }
      this.#usn = Math.max(this.#usn, b.usn);
      if (fresh.length > 0) this.#notify(fresh);
      if (this.#log.wantsCompaction()) await this.#compact();
      return result;
    });
  }

  /** Runs `work` once every earlier transaction has finished: transactions run one after another. */
  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #writable(): void {
    if (this.replica)
      throw new StateError(
        "DIRECTORY_REPLICA",
        "this directory is a replica of the Master's (§4.5.3.1): change it there",
      );
  }

  #ids(): RestoreIds {
    return { gateway: this.#opts.gateway, newGuid: () => this.newGuid(), generateAc: () => this.generateAc() };
  }

  /** A whole new state as one snapshot; listeners hear every old key go and every entry arrive. */
  async #replaceNow(state: Persisted): Promise<void> {
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
    await this.#log.append(this.#epoch, changes);
    for (const c of changes) this.#applyOne(c);
    this.#notify(changes);
    if (this.#log.wantsCompaction()) await this.#compact();
  }

  async #compact(): Promise<void> {
    await this.#log.reset({
      epoch: this.#epoch,
      usn: this.#usn,
      entries: [...this.#entries.values()],
      tombstones: [...this.#tombstones],
    });
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

  #user(number: string): UserEntry {
    const e = this.findUser("number", number);
    if (e === undefined) throw new StateError("USER_UNKNOWN", `no user with Number ${number}`);
    return e;
  }

  /** A user takes an IPEI: it leaves the anonymous list. */
  #takeIpei(draft: Draft, ipei: string | undefined): void {
    if (ipei !== undefined && this.#entries.has(`anonymous/${ipei}`)) draft.set(`anonymous/${ipei}`, null);
  }
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The user with another handset (or none): IPEI and subscription key change together. */
function withHandset(e: UserEntry, handset: { ipei: string; subs: string } | undefined): UserEntry {
  const { ipei: _old, ...user } = e.user;
  const { subs: _key, ...rest } = e;
  return handset === undefined
    ? { ...rest, user }
    : { ...rest, user: { ...user, ipei: handset.ipei }, subs: handset.subs };
}
