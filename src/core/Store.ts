/**
 * A device's persistent storage (its flash). Keys are slash-separated paths. `put` is atomic: a reader sees the old
 * value or the new one, never a mix, even if the process dies mid-write (the file store writes a temp file and renames).
 * Every value is private to the device: the file store keeps all of them readable by the owner only, so a caller never
 * has to know which value is a secret (docs/architecture.md "Secrets").
 */
export interface Store {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys that start with `prefix`, sorted. */
  keys(prefix?: string): Promise<string[]>;
}

/** The sim world's store: memory only. Values are copied in and out so callers cannot alias stored bytes. */
export class MemoryStore implements Store {
  readonly #data = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | undefined> {
    const v = this.#data.get(key);
    return v === undefined ? undefined : Uint8Array.from(v);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.#data.set(key, Uint8Array.from(value));
  }

  async delete(key: string): Promise<void> {
    this.#data.delete(key);
  }

  async keys(prefix = ""): Promise<string[]> {
    return [...this.#data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}
