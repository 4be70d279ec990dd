import { StateError } from "../core/errors.js";
import type { Rng } from "../core/Rng.js";
import type { Store } from "../core/Store.js";
import type { ConfigUser } from "./configUser.js";
import { DirectoryEngine, type BatchResult, type Draft, type DirectoryOptions } from "./DirectoryEngine.js";
import { DirectoryLog } from "./DirectoryLog.js";
import {
  DEFAULT_LOGOUT_CODE,
  entryKey,
  SYSTEM_KEY,
  type AnonymousEntry,
  type DirEntry,
  type SystemEntry,
  type UserEntry,
} from "./entry.js";
import type { UserField } from "./limits.js";
import { restoredEntries } from "./restore.js";
import { ipeiText, validateUser, type UserInput } from "./User.js";
import { UsersCode } from "./errors.js";

/** A put before the directory numbers it: the usn is assigned at commit. */
type Unnumbered<E> = E extends DirEntry ? Omit<E, "usn"> : never;

/** One Active Directory object for applyAd: its Out Map fields, or none when it is gone (§4.5.3.2). */
export interface AdUserOp {
  readonly key: string;
  readonly fields?: UserInput;
}

/**
 * The user directory of a Master (§3.14, §4.10, §4.5): users, anonymous handsets and the DECT → System subscription
 * settings. These are its verbs — administration, Active Directory writes, handsets, restore — each one transaction
 * of the engine underneath (DirectoryEngine: staging, unique indexes, commit, change log, replication batches).
 */
export class Directory extends DirectoryEngine {
  /** Reads the directory from flash, or creates it (with `opts.initialUsers`) at a first start. */
  static async load(store: Store, rng: Rng, opts: DirectoryOptions): Promise<Directory> {
    const log = new DirectoryLog(store);
    const state = await log.load();
    const d = new Directory(log, rng, opts, state);
    if (state === undefined) await d.#create(opts.initialUsers ?? []);
    return d;
  }

  /** A first start: the DECT → System defaults and the initial users, as one snapshot. */
  #create(users: readonly ConfigUser[]): Promise<void> {
    const epoch = this.newEpoch();
    const system: SystemEntry = {
      kind: "system",
      usn: 1,
      subscription: "user-ac",
      systemAc: this.generateAc(),
      logoutCode: DEFAULT_LOGOUT_CODE,
    };
    const { usn, entries } = restoredEntries(users, [system], 1, this.ids());
    return this.replaceNow({ epoch, usn, entries, tombstones: [] });
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
          gateway: this.gateway,
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
          UsersCode.UserReadOnly,
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
        throw new StateError(
          UsersCode.UserReadOnly,
          `${number} comes from Active Directory: remove it there (§4.5.3.2)`,
        );
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
          throw new StateError(
            UsersCode.UserDuplicate,
            `${old.user.number} corresponds to two Active Directory objects`,
          );
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
        const { subs, ...rest } = old ?? { kind: "user" as const, guid: this.newGuid(), gateway: this.gateway };
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
        if (draft.has(key)) throw new StateError(UsersCode.UserDuplicate, `IPEI ${ipei} is listed twice`);
        if (this.get(key) !== undefined || this.findUser("ipei", ipei) !== undefined)
          throw new StateError(UsersCode.UserDuplicate, `IPEI ${ipei} is already known`);
        draft.set(key, { kind: "anonymous", ipei } as AnonymousEntry);
        return ipei;
      }),
    );
  }

  removeAnonymous(ipei: string): Promise<void> {
    return this.transact((draft) => {
      const key = `anonymous/${ipeiText(ipei)}`;
      if (this.get(key) === undefined) throw new StateError(UsersCode.UserUnknown, `no anonymous handset ${ipei}`);
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
      if (subs === undefined) throw new StateError(UsersCode.HandsetNotSubscribed, `handset ${ipei} is not subscribed`);
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
      if (ipei === undefined) throw new StateError(UsersCode.HandsetNotSubscribed, `user ${number} has no handset`);
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

  // ---- restore (App. C.2) ----------------------------------------------------------------------------------------

  /**
   * App. C.2 steps 6–7 (a configuration with user records uploaded, then reset): the users become exactly `users`,
   * with the guid and usn each line carries (restoredEntries); anonymous handsets and the DECT → System settings stay.
   * One atomic snapshot under a new epoch, so Standbys and LDAP clients copy the directory again rather than follow
   * usns that may now go backwards.
   */
  replaceUsers(users: readonly ConfigUser[]): Promise<UserEntry[]> {
    return this.serial(async () => {
      this.writable();
      const keep = [...this.entries()].filter((e) => e.kind !== "user");
      const { usn, entries } = restoredEntries(users, keep, this.usn, this.ids());
      await this.replaceNow({ epoch: this.newEpoch(), usn, entries, tombstones: [] });
      return this.userEntries();
    });
  }

  #user(number: string): UserEntry {
    const e = this.findUser("number", number);
    if (e === undefined) throw new StateError(UsersCode.UserUnknown, `no user with Number ${number}`);
    return e;
  }

  /** A user takes an IPEI: it leaves the anonymous list. */
  #takeIpei(draft: Draft, ipei: string | undefined): void {
    if (ipei !== undefined && this.get(`anonymous/${ipei}`) !== undefined) draft.set(`anonymous/${ipei}`, null);
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
