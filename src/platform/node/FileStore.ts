import { chmod, mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { IoError } from "../../core/errors.js";
import type { Store } from "../../core/Store.js";
import { PlatformCode } from "./errors.js";

/**
 * A device's flash is the device's own: its files are read and written by the owner only. They hold the users' SIP
 * passwords and Auth. Codes (§3.14; in the clear, because SIP digest needs the password itself, RFC 3261 §22.4), private
 * keys (§4.1.10) and the User Administrators (§3.4.5.4); which file holds a secret changes with the features, so no
 * file is an exception (docs/design.md "Storage").
 */
const FILE_MODE = 0o600;
/** Owner only: nobody else may list, enter or add to a device's folders. */
const DIR_MODE = 0o700;

/**
 * A device's flash on disk: one file per key under `root`. `put` writes a temp file, fsyncs it and renames it over
 * the old one, so a crash leaves either the old or the new value, never half of one. Writes of one key are queued,
 * so concurrent puts land in call order and never share a temp file. Every file is created with mode 0600 from its
 * temp file on and every folder with 0700, so no other user can read a value at any moment; `open` brings the modes of
 * what an older version left (0644 files, 0755 folders) to the same (docs/design.md "Storage"), and removes the temp
 * files of writes that a kill or a full disk left unfinished: none of them is a value (docs/design.md "Flash you can
 * trust").
 */
export class FileStore implements Store {
  readonly #root: string;
  readonly #queues = new Map<string, Promise<void>>();
  #tmpSeq = 0;

  private constructor(root: string) {
    this.#root = root;
  }

  /**
   * The store under `root`, created (with any missing parent) if it is not there, every mode under it made private,
   * every temp file left by an unfinished write removed.
   */
  static async open(root: string): Promise<FileStore> {
    try {
      await mkdir(root, { recursive: true, mode: DIR_MODE });
      await privatize(root);
    } catch (e) {
      throw new IoError(PlatformCode.StoreWrite, `cannot make the store ${root} private`, { cause: e });
    }
    return new FileStore(root);
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

  put(key: string, value: Uint8Array): Promise<void> {
    const path = this.#path(key);
    const copy = Uint8Array.from(value);
    const run = (this.#queues.get(path) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.#write(key, path, copy));
    this.#queues.set(path, run);
    void run
      .finally(() => {
        if (this.#queues.get(path) === run) this.#queues.delete(path);
      })
      .catch(() => undefined);
    return run;
  }

  async #write(key: string, path: string, value: Uint8Array): Promise<void> {
    const tmp = `${path}.${process.pid}.${++this.#tmpSeq}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
      // A fresh file, so the mode applies (open never changes the mode of a file that exists): a temp file of a
      // crashed process with the same pid goes first.
      await rm(tmp, { force: true });
      const fh = await open(tmp, "wx", FILE_MODE);
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

/**
 * Sets the modes of `root` and everything under it: folders 0700, files 0600, and removes leftover temp files. A
 * symbolic link is left alone and not followed (chmod would change what it points to, which may not be the device's).
 */
async function privatize(root: string): Promise<void> {
  await chmod(root, DIR_MODE);
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    if (e.isDirectory()) await chmod(path, DIR_MODE);
    else if (e.isFile() && e.name.endsWith(".tmp")) await rm(path, { force: true });
    else if (e.isFile()) await chmod(path, FILE_MODE);
  }
}
