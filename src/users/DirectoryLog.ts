import { DecodeError } from "../core/errors.js";
import type { Store } from "../core/Store.js";
import { entryKey, type DirChange, type DirEntry } from "./entry.js";
import { UsersCode } from "./errors.js";

/** The directory as one snapshot: what `Directory` holds in memory. */
export interface Persisted {
  readonly epoch: string;
  readonly usn: number;
  readonly entries: readonly DirEntry[];
  readonly tombstones: readonly (readonly [string, number])[];
}

interface LogRecord {
  readonly epoch: string;
  readonly changes: readonly DirChange[];
}

const SNAPSHOT = "users/snapshot.json";
const LOG_PREFIX = "users/log/";
/** Log records kept before they are folded into a new snapshot. */
const COMPACT_AFTER = 256;

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const decode = <T>(key: string, bytes: Uint8Array): T => {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as T;
  } catch (cause) {
    throw new DecodeError(UsersCode.DirectoryCorrupt, "unreadable directory record", { source: key, cause });
  }
};

/**
 * How the directory lives on flash: a snapshot plus one log record per transaction. Every write is a single atomic
 * `Store.put`, so each transaction is on flash whole or not at all, and a change costs the size of the change, not of
 * the directory (4000 subscriptions would otherwise rewrite 4000 users each). Records of another epoch or at or
 * below the snapshot's usn are left over from a crash during compaction and are skipped.
 */
export class DirectoryLog {
  readonly #store: Store;
  #records = 0;

  constructor(store: Store) {
    this.#store = store;
  }

  async load(): Promise<Persisted | undefined> {
    const bytes = await this.#store.get(SNAPSHOT);
    if (bytes === undefined) return undefined;
    const snap = decode<Persisted>(SNAPSHOT, bytes);
    const entries = new Map(snap.entries.map((e) => [entryKey(e), e]));
    const tombstones = new Map(snap.tombstones);
    let usn = snap.usn;
    const keys = await this.#store.keys(LOG_PREFIX);
    this.#records = keys.length;
    for (const key of keys) {
      const rec = decode<LogRecord>(key, (await this.#store.get(key))!);
      if (rec.epoch !== snap.epoch) continue;
      for (const c of rec.changes) {
        if (c.usn <= snap.usn) continue;
        usn = Math.max(usn, c.usn);
        if (c.entry === undefined) {
          entries.delete(c.key);
          tombstones.set(c.key, c.usn);
        } else {
          entries.set(c.key, c.entry);
          tombstones.delete(c.key);
        }
      }
    }
    return { epoch: snap.epoch, usn, entries: [...entries.values()], tombstones: [...tombstones] };
  }

  /** One transaction, atomically. */
  async append(epoch: string, changes: readonly DirChange[]): Promise<void> {
    const first = changes[0]!.usn;
    await this.#store.put(
      `${LOG_PREFIX}${String(first).padStart(12, "0")}`,
      encode({ epoch, changes } satisfies LogRecord),
    );
    this.#records++;
  }

  wantsCompaction(): boolean {
    return this.#records >= COMPACT_AFTER;
  }

  /** A new snapshot (atomic), then the log records it replaces are removed. */
  async reset(state: Persisted): Promise<void> {
    await this.#store.put(SNAPSHOT, encode(state));
    for (const key of await this.#store.keys(LOG_PREFIX)) await this.#store.delete(key);
    this.#records = 0;
  }
}
