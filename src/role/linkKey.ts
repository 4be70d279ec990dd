import { createHmac, createSecretKey, hkdfSync, scryptSync, timingSafeEqual, type KeyObject } from "node:crypto";
import { DEFAULT_SYSTEM, type DectSystem } from "./system.js";

/**
 * The device-link key of one DECT system (docs/design.md "Device links"). Every Master and radio of a system has its
 * name and password (§4.6.1: "all devices of a system share name and password"), so every device derives the same
 * key without new configuration:
 *
 *   secret = scrypt(password, salt = "ipdect system " + name)   (RFC 7914; N = 2^14, r = 8, p = 1)
 *   key    = HKDF-SHA256(secret, salt = "ipdect", info = "device link v1")   (RFC 5869)
 *
 * scrypt because §4.6.1 allows at most 15 characters: a captured frame lets an attacker test guesses offline, and
 * each guess should cost tens of milliseconds. HKDF separates the link key from any later use of the secret. A
 * device derives it once per system and process (cached), so a fleet of 2000 devices pays once.
 */
export class LinkKey {
  readonly #key: KeyObject;
  /** True when the system runs on the factory name and password: anyone can derive this key. */
  readonly factory: boolean;

  private constructor(key: Uint8Array, factory: boolean) {
    this.#key = createSecretKey(key);
    this.factory = factory;
  }

  static of(system: DectSystem): LinkKey {
    const id = `${system.name}\n${system.password}`;
    let k = keys.get(id);
    if (k === undefined) {
      const secret = scryptSync(system.password, `ipdect system ${system.name}`, 32, SCRYPT);
      const key = new Uint8Array(hkdfSync("sha256", secret, "ipdect", "device link v1", 32));
      k = new LinkKey(key, isFactory(system));
      keys.set(id, k);
    }
    return k;
  }

  /**
   * A sealed frame's tag: HMAC-SHA256 (RFC 2104) over the receiver's address, the frame's first 4 bytes and its
   * Envelope, cut to 128 bits (RFC 2104 §5 allows cutting to half the hash; a forger still has one chance in 2^128
   * per try, and every try is a datagram on the LAN). The receiver's address is in it so that a frame sent to one
   * device is no use sent to another (a radio's heartbeat to one Mirror must not renew a lease at the other).
   */
  tag(to: string, head: Uint8Array, envelope: Uint8Array): Uint8Array {
    const h = createHmac("sha256", this.#key).update(to).update(SEPARATOR).update(head).update(envelope);
    return h.digest().subarray(0, TAG);
  }

  /** Constant-time check of a received tag (the receiver's own address as `to`). */
  verify(to: string, head: Uint8Array, envelope: Uint8Array, tag: Uint8Array): boolean {
    return tag.length === TAG && timingSafeEqual(this.tag(to, head, envelope), tag);
  }

  /**
   * The `n`-th challenge a device issues in its boot `boot`: unique (a new one whenever a peer's boot changes), and
   * unguessable without the key. 8 bytes: a replayed frame would need to echo this exact value.
   */
  challenge(boot: Uint8Array, n: number): Uint8Array {
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, n);
    const h = createHmac("sha256", this.#key).update("challenge").update(boot).update(count);
    return h.digest().subarray(0, CHALLENGE);
  }
}

/** scrypt cost: about 30 ms per derivation on this project's 2-core machine (docs/performance.md). */
const SCRYPT = { N: 1 << 14, r: 8, p: 1 };
const TAG = 16;
const CHALLENGE = 8;
const SEPARATOR = new Uint8Array([0]);
const keys = new Map<string, LinkKey>();

/** §4.6.1 factory values: the status and a start-up warning say so (docs/design.md "Device links"). */
export function isFactory(system: DectSystem): boolean {
  return system.password === DEFAULT_SYSTEM.password;
}

/**
 * Proof of an LDAP user and password (§4.5.1) for the directory copy, bound to the Master's link challenge `nonce`:
 * HMAC-SHA256 keyed with user and password over the nonce, 128 bits. The password never crosses the wire, and a proof
 * captured on one link is worth nothing on another (the nonce is new for every connection and boot).
 */
export function ldapProof(user: string, password: string, nonce: Uint8Array): Uint8Array {
  const h = createHmac("sha256", `${user}\n${password}`).update("ipdect ldap replication").update(SEPARATOR);
  return h.update(nonce).digest().subarray(0, TAG);
}

/** Constant-time check of an LDAP proof. */
export function ldapProofMatches(user: string, password: string, nonce: Uint8Array, proof: Uint8Array): boolean {
  return proof.length === TAG && timingSafeEqual(ldapProof(user, password, nonce), proof);
}
