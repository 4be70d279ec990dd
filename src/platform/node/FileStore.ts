import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { IoError } from "../../core/errors.js";
import type { PutOptions, Store } from "../../core/Store.js";
import { PlatformCode } from "./errors.js";

/** Owner read/write only: private keys (§4.1.10). */
const SECRET_MODE = 0o600;
/** What the umask leaves of read/write for all, as files are usually created. */
const PLAIN_MODE = 0o666;

/**
 * A device's flash on disk: one file per key under `root`. `put` writes a temp file, fsyncs it and renames it over
 * the old one, so a crash leaves either the old or the new value, never half of one. Writes of one key are queued,
 * so concurrent puts land in call order and never share a temp file. A secret value (a private key) is created with
 * mode 0600 from its temp file on, so no other user can read it at any moment (docs/architecture.md "Secrets").
 */
export class FileStore implements Store {
  readonly #root: string;
  readonly #queues = new Map<string, Promise<void>>();
  #tmpSeq = 0;

  constructor(root: string) {
    this.#root = root;
  }

  #path(key: string): string {
    if (key === "" || key.split("/").some((p) => p === "" || p === "." || p === ".."))
      throw new IoError(PlatformCode.StoreKey, `invalid store key ${JSON.stringify(key)}`);
    return join(this.#root, ...key.split("/"));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.#path(key)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new IoError(PlatformCode.StoreRead, `cannot read ${key}`, { cause: e });
    }
  }

  put(key: string, value: Uint8Array, opts: PutOptions = {}): Promise<void> {
    const path = this.#path(key);
    const copy = Uint8Array.from(value);
    const run = (this.#queues.get(path) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.#write(key, path, copy, opts.secret === true ? SECRET_MODE : PLAIN_MODE));
    this.#queues.set(path, run);
    void run
      .finally(() => {
        if (this.#queues.get(path) === run) this.#queues.delete(path);
      })
      .catch(() => undefined);
    return run;
  }

  async #write(key: string, path: string, value: Uint8Array, mode: number): Promise<void> {
    const tmp = `${path}.${process.pid}.${++this.#tmpSeq}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      // A fresh file, so the mode applies (open never changes the mode of a file that exists): a temp file of a
      // crashed process with the same pid goes first.
      await rm(tmp, { force: true });
      const fh = await open(tmp, "wx", mode);
      try {
        await fh.writeFile(value);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
    } catch (e) {
      throw new IoError(PlatformCode.StoreWrite, `cannot write ${key}`, { cause: e });
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  async keys(prefix = ""): Promise<string[]> {
    let entries: string[];
    try {
      entries = (await readdir(this.#root, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && !e.name.endsWith(".tmp"))
        .map((e) => relative(this.#root, join(e.parentPath, e.name)).split(sep).join("/"));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new IoError(PlatformCode.StoreRead, "cannot list the store", { cause: e });
    }
    return entries.filter((k) => k.startsWith(prefix)).sort();
  }
}
