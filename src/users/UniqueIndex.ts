import { StateError } from "../core/errors.js";
import type { DirEntry, UserEntry } from "./entry.js";
import { UsersCode } from "./errors.js";

/** Long Name, Number and IPEI are unique throughout the system (§3.14). */
export const UNIQUE_FIELDS = ["longName", "number", "ipei"] as const;
type UniqueField = (typeof UNIQUE_FIELDS)[number];

const LABEL: Record<UniqueField, string> = { longName: "Long Name", number: "Number", ipei: "IPEI" };

/** Which user key holds each Long Name, Number and IPEI; checks a transaction's draft before it commits. */
export class UniqueIndex {
  readonly #owners = new Map<UniqueField, Map<string, string>>(UNIQUE_FIELDS.map((f) => [f, new Map()]));

  owner(field: UniqueField, value: string): string | undefined {
    return this.#owners.get(field)!.get(value);
  }

  add(key: string, e: UserEntry): void {
    for (const f of UNIQUE_FIELDS) {
      const v = e.user[f];
      if (v !== undefined) this.#owners.get(f)!.set(v, key);
    }
  }

  remove(key: string, e: UserEntry): void {
    for (const f of UNIQUE_FIELDS) {
      const v = e.user[f];
      if (v !== undefined && this.#owners.get(f)!.get(v) === key) this.#owners.get(f)!.delete(v);
    }
  }

  clear(): void {
    for (const m of this.#owners.values()) m.clear();
  }

  /**
   * Throws when the draft (new entries by key, null for deletions) would leave two users with one Long Name, Number
   * or IPEI, or a user's IPEI also on the anonymous list. Costs the size of the draft, not of the directory.
   */
  check(draft: ReadonlyMap<string, DirEntry | null>, current: (key: string) => DirEntry | undefined): void {
    for (const f of UNIQUE_FIELDS) {
      const seen = new Map<string, string>();
      for (const [key, e] of draft) {
        const v = e?.kind === "user" ? e.user[f] : undefined;
        if (v === undefined) continue;
        const other = seen.get(v) ?? this.owner(f, v);
        // A key the draft also changes is judged by its new value (found in `seen` when it keeps this one).
        if (other !== undefined && other !== key && (seen.get(v) !== undefined || !draft.has(other)))
          throw new StateError(UsersCode.UserDuplicate, `${LABEL[f]} ${v} is already used`);
        seen.set(v, key);
        if (f === "ipei" && draft.get(`anonymous/${v}`) !== null && current(`anonymous/${v}`) !== undefined)
          throw new StateError(UsersCode.UserDuplicate, `IPEI ${v} is on the anonymous list`);
      }
    }
    for (const [key, e] of draft)
      if (e?.kind === "anonymous") {
        const owner = this.owner("ipei", e.ipei);
        if (owner !== undefined && owner !== key && draft.get(owner) === undefined)
          throw new StateError(UsersCode.UserDuplicate, `IPEI ${e.ipei} belongs to a user`);
      }
  }
}
