import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

/**
 * Administrator passwords at rest (issue 16, docs/design.md "Administrator accounts"): scrypt (RFC 7914) with a random
 * salt, never the password itself. Cost N = 2^14, r = 8, p = 1: about 40 ms per check on this project's 2-core machine
 * (bench/adminLogin), which makes an offline guess as slow while a login stays quick; the login block (LoginGuard)
 * limits online guessing.
 */
const N = 1 << 14;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** scrypt's memory is 128·N·r bytes (16 MiB here); Node's default cap is 32 MiB. */
const MAXMEM = 64 << 20;

/** The stored form: `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>`. */
export type PasswordHash = string;

export function hashPassword(password: string, salt: Uint8Array = randomBytes(SALT_BYTES)): PasswordHash {
  const key = scryptSync(password, salt, KEY_BYTES, { N, r: R, p: P, maxmem: MAXMEM });
  return ["scrypt", N, R, P, Buffer.from(salt).toString("base64"), key.toString("base64")].join("$");
}

/** Whether `password` is the one `stored` was made from; a malformed stored value matches nothing. */
export function verifyPassword(password: string, stored: PasswordHash): boolean {
  const [kind, n, r, p, salt, key] = stored.split("$");
  if (kind !== "scrypt" || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, "base64");
  const opts = { N: Number(n), r: Number(r), p: Number(p), maxmem: MAXMEM };
  if (!Number.isInteger(opts.N) || opts.N < 2 || opts.N > 1 << 20 || expected.length === 0) return false;
  const got = scryptSync(password, Buffer.from(salt, "base64"), expected.length, opts);
  return timingSafeEqual(got, expected);
}

/**
 * Remembers, in memory only, the last password each account was verified with, as a salted SHA-256, so HTTP Basic
 * (which sends the password with every request, §4.1.6) does not cost a scrypt per request. A failed password
 * forgets the account's entry; a changed one never matches it. An unknown password still costs a full scrypt.
 */
export class VerifiedPasswords {
  readonly #salt = randomBytes(16);
  readonly #known = new Map<string, Buffer>();

  /** Bound to the stored hash too: a changed password can never be answered from the cache. */
  #digest(stored: PasswordHash, password: string): Buffer {
    return createHash("sha256").update(this.#salt).update(stored).update("\0").update(password).digest();
  }

  /** Whether `password` of `account` matches `stored`, through the cache when it was verified before. */
  verify(account: string, password: string, stored: PasswordHash): boolean {
    const d = this.#digest(stored, password);
    const known = this.#known.get(account);
    if (known !== undefined && timingSafeEqual(known, d)) return true;
    const ok = verifyPassword(password, stored);
    if (ok) this.#known.set(account, d);
    else this.#known.delete(account);
    return ok;
  }
}
