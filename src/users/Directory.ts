import { StateError } from "../core/errors.js";
import type { Rng } from "../core/Rng.js";
import type { Store } from "../core/Store.js";
import { GENERATED_AC_DIGITS } from "./limits.js";
import { ipeiText, validateUser, type User, type UserInput } from "./User.js";

const KEY = "users/directory.json";

interface Persisted {
  readonly users: readonly User[];
  readonly anonymous: readonly string[];
}

/**
 * The user directory of a Master (§3.14, §4.10): users with unique Long Name, Number and IPEI, and the anonymous
 * handsets (IPEIs without a user). Every change is all-or-nothing: it is checked completely before anything changes,
 * then the whole directory is written with one atomic `Store.put`, so a crash mid-write leaves the old directory.
 */
export class Directory {
  readonly #store: Store;
  readonly #rng: Rng;
  #users: User[] = [];
  #anonymous: string[] = [];
  #saving: Promise<void> = Promise.resolve();

  private constructor(store: Store, rng: Rng) {
    this.#store = store;
    this.#rng = rng;
  }

  static async load(store: Store, rng: Rng): Promise<Directory> {
    const d = new Directory(store, rng);
    const bytes = await store.get(KEY);
    if (bytes !== undefined) {
      const p = JSON.parse(new TextDecoder().decode(bytes)) as Persisted;
      d.#users = [...p.users];
      d.#anonymous = [...p.anonymous];
    }
    return d;
  }

  get users(): readonly User[] {
    return this.#users;
  }

  get anonymous(): readonly string[] {
    return this.#anonymous;
  }

  /** A fresh Auth. Code (§3.14.3: "The system generates a AC for every user"). */
  generateAc(): string {
    let ac = "";
    for (let i = 0; i < GENERATED_AC_DIGITS; i++) ac += String(this.#rng.int(10));
    return ac;
  }

  /**
   * Adds users (one, or a whole CSV import): all are checked first, against the directory and each other; any
   * problem throws before anything changes. An IPEI that was anonymous leaves the anonymous list.
   */
  async addUsers(inputs: readonly UserInput[]): Promise<readonly User[]> {
    const added = inputs.map((u) => validateUser({ ...u, authCode: u.authCode ?? this.generateAc() }));
    this.#checkUnique(added);
    const taken = new Set(added.map((u) => u.ipei).filter((x) => x !== undefined));
    await this.#commit(
      [...this.#users, ...added],
      this.#anonymous.filter((i) => !taken.has(i)),
    );
    return added;
  }

  async removeUser(number: string): Promise<void> {
    if (!this.#users.some((u) => u.number === number))
      throw new StateError("USER_UNKNOWN", `no user with Number ${number}`);
    await this.#commit(
      this.#users.filter((u) => u.number !== number),
      this.#anonymous,
    );
  }

  /** §4.10.8/4.10.9: new anonymous IPEIs; one already known (anonymous or a user's) refuses the whole set. */
  async addAnonymous(ipeis: readonly string[]): Promise<readonly string[]> {
    const texts = ipeis.map(ipeiText);
    const known = new Set([...this.#anonymous, ...this.#users.flatMap((u) => (u.ipei === undefined ? [] : [u.ipei]))]);
    const seen = new Set<string>();
    for (const t of texts) {
      if (known.has(t)) throw new StateError("USER_DUPLICATE", `IPEI ${t} is already known`);
      if (seen.has(t)) throw new StateError("USER_DUPLICATE", `IPEI ${t} is listed twice`);
      seen.add(t);
    }
    await this.#commit(this.#users, [...this.#anonymous, ...texts]);
    return texts;
  }

  #checkUnique(added: readonly User[]): void {
    for (const key of ["longName", "number", "ipei"] as const) {
      const seen = new Set(this.#users.map((u) => u[key]).filter((v) => v !== undefined));
      for (const u of added) {
        const v = u[key];
        if (v === undefined) continue;
        if (seen.has(v)) throw new StateError("USER_DUPLICATE", `${label(key)} ${v} is already used`);
        seen.add(v);
      }
    }
  }

  /** Writes the new directory, and only once it is on flash makes it the current one (a failed write changes nothing). */
  async #commit(users: User[], anonymous: string[]): Promise<void> {
    const state: Persisted = { users, anonymous };
    const bytes = new TextEncoder().encode(JSON.stringify(state));
    const write = this.#saving.then(() => this.#store.put(KEY, bytes));
    this.#saving = write.catch(() => undefined);
    await write;
    this.#users = users;
    this.#anonymous = anonymous;
  }
}

const label = (key: "longName" | "number" | "ipei") =>
  key === "longName" ? "Long Name" : key === "number" ? "Number" : "IPEI";
