import { CoreCode } from "../core/coreErrors.js";
import { DecodeError } from "../core/errors.js";
import { flashCheck, flashField, flashObject, isArray, isNumber, isString, parseFlashJson } from "../core/flashJson.js";
import type { Store } from "../core/Store.js";
import { entryKey, type DirChange, type DirEntry } from "./entry.js";

/** The directory as one snapshot: what `Directory` holds in memory. */
export interface Persisted {
  readonly epoch: string;
  readonly usn: number;
  readonly entries: readonly DirEntry[];
  readonly tombstones: readonly (readonly [string, number])[];
}

interface LogRecord {
  readonly epoch: string;
  /** The directory's usn before this record and after it: a record whose `prev` is past what came before shows a
   * missing record (absent in records of older versions). */
  readonly prev?: number;
  readonly usn?: number;
  readonly changes: readonly DirChange[];
}

/** Where the directory has got to on flash: the epoch and usn of the last transaction written. */
interface Head {
  readonly epoch: string;
  readonly usn: number;
}

const SNAPSHOT = "users/snapshot.json";
const LOG_PREFIX = "users/log/";
const HEAD = "users/head.json";
/** Log records kept before they are folded into a new snapshot. */
const COMPACT_AFTER = 256;

const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

const optionalNumber = (o: Record<string, unknown>, f: string) =>
  flashCheck(o[f] === undefined || isNumber(o[f]), `${f}: not a number`);

/** An entry's kind and usn: enough that it lands under its own key (entryKey), not over the system entry. */
function entryShape(v: unknown, what: string): void {
  const o = flashObject(v, what);
  flashCheck(o["kind"] === "user" || o["kind"] === "anonymous" || o["kind"] === "system", `${what}.kind: unknown`);
  flashField(o, "usn", isNumber, "a number");
}

function snapshot(v: unknown): Persisted {
  const o = flashObject(v);
  flashField(o, "epoch", isString, "text");
  flashField(o, "usn", isNumber, "a number");
  flashField(o, "entries", isArray, "a list").forEach((e, i) => entryShape(e, `entries[${i}]`));
  flashField(o, "tombstones", isArray, "a list").forEach((t, i) =>
    flashCheck(isArray(t) && isString(t[0]) && isNumber(t[1]), `tombstones[${i}]: not [key, usn]`),
  );
  return o as unknown as Persisted;
}

function head(v: unknown): Head {
  const o = flashObject(v);
  flashField(o, "epoch", isString, "text");
  flashField(o, "usn", isNumber, "a number");
  return o as unknown as Head;
}

function logRecord(v: unknown): LogRecord {
  const o = flashObject(v);
  flashField(o, "epoch", isString, "text");
  optionalNumber(o, "prev");
  optionalNumber(o, "usn");
  flashField(o, "changes", isArray, "a list").forEach((c, i) => {
    const r = flashObject(c, `changes[${i}]`);
    flashField(r, "usn", isNumber, "a number");
    flashField(r, "key", isString, "text");
    if (r["entry"] !== undefined) entryShape(r["entry"], `changes[${i}].entry`);
  });
  return o as unknown as LogRecord;
}

/**
 * How the directory lives on flash: a snapshot plus one log record per transaction. Every write is a single atomic
 * `Store.put`, so each transaction is on flash whole or not at all, and a change costs the size of the change, not of
 * the directory (4000 subscriptions would otherwise rewrite 4000 users each). Records of another epoch or at or
 * below the snapshot's usn are left over from a crash during compaction and are skipped. A file that does not read
 * back, a record missing between two others, or records missing at the end, refuses the start (FLASH_CORRUPT): users
 * are never lost silently. The end is known from `users/head.json`, written after each record: a record is on flash
 * before the head names it, so a crash between the two leaves the head behind (harmless), never ahead.
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
    const snap = parseFlashJson(SNAPSHOT, bytes, snapshot);
    const entries = new Map(snap.entries.map((e) => [entryKey(e), e]));
    const tombstones = new Map(snap.tombstones);
    let usn = snap.usn;
    const keys = await this.#store.keys(LOG_PREFIX);
    this.#records = keys.length;
    for (const key of keys) {
      const rec = parseFlashJson(key, (await this.#store.get(key)) ?? new Uint8Array(0), logRecord);
      if (rec.epoch !== snap.epoch || (rec.usn !== undefined && rec.usn <= snap.usn)) continue;
      if (rec.prev !== undefined && rec.prev > usn)
        throw new DecodeError(
          CoreCode.FlashCorrupt,
          `a log record is missing: changes after usn ${usn} to ${rec.prev}`,
          {
            source: `flash ${key}`,
          },
        );
      if (rec.usn !== undefined) usn = Math.max(usn, rec.usn);
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
    await this.#checkHead(snap.epoch, usn);
    return { epoch: snap.epoch, usn, entries: [...entries.values()], tombstones: [...tombstones] };
  }

  /**
   * The head names a usn past the last record read: records at the end of the log are gone. A head of another epoch
   * is from before a new snapshot (a crash between the snapshot and its head) and tells nothing; no head at all is a
   * flash of an older version.
   */
  async #checkHead(epoch: string, usn: number): Promise<void> {
    const bytes = await this.#store.get(HEAD);
    if (bytes === undefined) return;
    const h = parseFlashJson(HEAD, bytes, head);
    if (h.epoch === epoch && h.usn > usn)
      throw new DecodeError(
        CoreCode.FlashCorrupt,
        `the last log record is missing: changes after usn ${usn} to ${h.usn}`,
        { source: `flash ${HEAD}` },
      );
  }

  /** One transaction, atomically: the directory goes from usn `prev` to `usn`. */
  async append(epoch: string, prev: number, usn: number, changes: readonly DirChange[]): Promise<void> {
    const first = changes[0]!.usn;
    await this.#store.put(
      `${LOG_PREFIX}${String(first).padStart(12, "0")}`,
      encode({ epoch, prev, usn, changes } satisfies LogRecord),
    );
    await this.#store.put(HEAD, encode({ epoch, usn } satisfies Head));
    this.#records++;
  }

  wantsCompaction(): boolean {
    return this.#records >= COMPACT_AFTER;
  }

  /** A new snapshot (atomic), then the log records it replaces are removed. */
  async reset(state: Persisted): Promise<void> {
    await this.#store.put(SNAPSHOT, encode(state));
    for (const key of await this.#store.keys(LOG_PREFIX)) await this.#store.delete(key);
    await this.#store.put(HEAD, encode({ epoch: state.epoch, usn: state.usn } satisfies Head));
    this.#records = 0;
  }
}
