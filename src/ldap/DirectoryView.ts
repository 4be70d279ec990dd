import type { Directory } from "../users/Directory.js";
import { entryKey, type DirChange, type DirEntry } from "../users/entry.js";
import { dnKey, formatDn, type Dn } from "./dn.js";
import type { LdapEntry } from "./LdapEntry.js";
import { ROOT_DSE, systemToLdap, userToLdap, viewEntry } from "./mapping.js";
import { GUID, USER_ATTRIBUTE } from "./schema.js";

/** Attributes with an index for equality filters: the unique ones of §3.14 (Long Name, Number, IPEI) and the guid. */
const INDEXED = [USER_ATTRIBUTE.longName, USER_ATTRIBUTE.number, USER_ATTRIBUTE.ipei, GUID].map((a) => a.toLowerCase());

/** An entry of the view with the directory entry behind it (the root DSE and the naming context have none). */
export interface Located {
  readonly entry: LdapEntry;
  readonly source?: DirEntry;
}

/**
 * The LDAP face of a Directory: the root DSE, the naming context `cn=PBX0` and one entry per user plus the DECT
 * settings below it, kept up to date from the directory's change feed, with lookups by DN and an index of the
 * unique attributes so an equality search costs the same with 10 users as with 4000. Anonymous handsets are not
 * served (docs/user-guide.md "LDAP server").
 */
export class DirectoryView {
  readonly directory: Directory;
  #view: LdapEntry;
  readonly #children = new Map<string, Located>();
  readonly #byDn = new Map<string, Located[]>();
  readonly #index = new Map<string, Map<string, LdapEntry[]>>(INDEXED.map((a) => [a, new Map()]));
  readonly #stop: () => void;

  constructor(directory: Directory) {
    this.directory = directory;
    this.#view = viewEntry(directory.usn);
    for (const e of directory.entries()) this.#put(e);
    this.#stop = directory.onChange((changes) => this.#apply(changes));
  }

  get root(): LdapEntry {
    return ROOT_DSE;
  }

  get view(): LdapEntry {
    return this.#view;
  }

  get size(): number {
    return this.#children.size;
  }

  /** The entries below the naming context, in directory order. */
  *children(): IterableIterator<LdapEntry> {
    for (const c of this.#children.values()) yield c.entry;
  }

  /** The entry named `dn` (any case); of two names differing in case only, the one written exactly so. */
  locate(dn: Dn): Located | undefined {
    const key = dnKey(dn);
    if (key === ROOT_DSE.key) return { entry: ROOT_DSE };
    if (key === this.#view.key) return { entry: this.#view };
    const found = this.#byDn.get(key);
    const exact = formatDn(dn);
    return found?.find((l) => l.entry.name === exact) ?? found?.[0];
  }

  /** Entries whose `type` has `value` (any case), or undefined when `type` has no index. */
  lookup(type: string, value: string): readonly LdapEntry[] | undefined {
    const index = this.#index.get(type.toLowerCase());
    return index === undefined ? undefined : (index.get(value.toLowerCase()) ?? []);
  }

  /** Stops following the directory. */
  close(): void {
    this.#stop();
  }

  #apply(changes: readonly DirChange[]): void {
    for (const c of changes) {
      this.#remove(c.key);
      if (c.entry !== undefined) this.#put(c.entry);
    }
    this.#view = viewEntry(this.directory.usn);
  }

  #put(source: DirEntry): void {
    if (source.kind === "anonymous") return;
    const entry = source.kind === "user" ? userToLdap(source) : systemToLdap(source);
    const located = { entry, source };
    this.#children.set(entryKey(source), located);
    this.#byDn.set(entry.key, [...(this.#byDn.get(entry.key) ?? []), located]);
    for (const [type, index] of this.#index)
      for (const v of entry.values(type, true) ?? []) index.set(v, [...(index.get(v) ?? []), entry]);
  }

  #remove(key: string): void {
    const old = this.#children.get(key);
    if (old === undefined) return;
    this.#children.delete(key);
    const rest = (this.#byDn.get(old.entry.key) ?? []).filter((l) => l !== old);
    if (rest.length === 0) this.#byDn.delete(old.entry.key);
    else this.#byDn.set(old.entry.key, rest);
    for (const [type, index] of this.#index)
      for (const v of old.entry.values(type, true) ?? []) {
        const left = (index.get(v) ?? []).filter((e) => e !== old.entry);
        if (left.length === 0) index.delete(v);
        else index.set(v, left);
      }
  }
}
