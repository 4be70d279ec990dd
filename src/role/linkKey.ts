import { createHmac, createSecretKey, hkdfSync, scryptSync, timingSafeEqual, type KeyObject } from "node:crypto";
import { FRAME_HEADER, SEALED_BODY_AT, TAG_BYTES } from "../wire/frame.js";
import { Blake3Mac, BLAKE3_KEY_BYTES } from "./blake3Mac.js";
import { DEFAULT_SYSTEM, type DectSystem } from "./system.js";

/** A receiver's address as a frame's tag covers it: its UTF-8 text and a 0 byte (`LinkKey.address`). */
export type LinkAddress = Uint8Array & { readonly __linkAddress: true };

/**
 * The device-link key of one DECT system (docs/design.md "Device links"). Every Master and radio of a system has its
 * name and password (§4.6.1: "all devices of a system share name and password"), so every device derives the same
 * key without new configuration:
 *
 *   secret = scrypt(password, salt = "ipdect system " + name)   (RFC 7914; N = 2^14, r = 8, p = 1)
 *   key    = HKDF-SHA256(secret, salt = "ipdect", info = "device link v1")            (RFC 5869; challenges)
 *   tagKey = HKDF-SHA256(secret, salt = "ipdect", info = "device link tag blake3")    (frame tags)
 *
 * scrypt because §4.6.1 allows at most 15 characters: a captured frame lets an attacker test guesses offline, and
 * each guess should cost tens of milliseconds. HKDF separates the link keys from each other and from any later use
 * of the secret. A device derives them once per system and process (cached), so a fleet of 2000 devices pays once.
 */
export class LinkKey {
  readonly #key: KeyObject;
  readonly #mac: Blake3Mac;
  /** The tag's input, joined for one update (the guard's calls are synchronous, so one buffer serves them all). */
  readonly #joined = new Uint8Array(JOIN_AT + JOIN_LIMIT);
  /** Views of `#joined` by input length, made once each. */
  readonly #views: Uint8Array[] = [];
  /** True when the system runs on the factory name and password: anyone can derive this key. */
  readonly factory: boolean;

  private constructor(key: Uint8Array, mac: Blake3Mac, factory: boolean) {
    this.#key = createSecretKey(key);
    this.#mac = mac;
    this.factory = factory;
  }

  /**
   * The key of `system`, derived at its first use in this process (asynchronous then: the tag's WebAssembly is
   * instantiated) and the same object after.
   */
  static of(system: DectSystem): Promise<LinkKey> {
    const id = `${system.name}\n${system.password}`;
    let k = keys.get(id);
    if (k === undefined) {
      const secret = scryptSync(system.password, `ipdect system ${system.name}`, 32, SCRYPT);
      const key = new Uint8Array(hkdfSync("sha256", secret, "ipdect", "device link v1", 32));
      const tagKey = new Uint8Array(hkdfSync("sha256", secret, "ipdect", "device link tag blake3", BLAKE3_KEY_BYTES));
      k = Blake3Mac.create(tagKey, TAG).then((mac) => new LinkKey(key, mac, isFactory(system)));
      keys.set(id, k);
      k.catch(() => keys.delete(id));
    }
    return k;
  }

  /** `ip` as a frame's tag covers it (computed once per peer by the caller). */
  static address(ip: string): LinkAddress {
    const text = new TextEncoder().encode(ip);
    const out = new Uint8Array(text.length + 1);
    out.set(text);
    return out as LinkAddress;
  }

  /**
   * A sealed frame's tag: BLAKE3 in keyed_hash mode (a MAC under `tagKey`) over the receiver's address, the frame's
   * first 4 bytes and its Envelope (frame.ts `Sealer`), cut to 128 bits (BLAKE3's output is extendable, any prefix is
   * a MAC of that length; a forger has one chance in 2^128 per try, and every try is a datagram on the LAN). The
   * receiver's address is in it so that a frame sent to one device is no use sent to another (a radio's heartbeat to
   * one Mirror must not renew a lease at the other). The address ends with a 0 byte, which no address text contains,
   * so the input reads one way only.
   */
  tag(to: LinkAddress, frame: Uint8Array): Uint8Array {
    const n = to.length + HEAD + frame.length - SEALED_BODY_AT;
    if (n > JOIN_LIMIT) return this.#mac.tagOfParts([to, frame.subarray(0, HEAD), frame.subarray(SEALED_BODY_AT)]);
    // Joined in one buffer for one update, without a view of the frame: the whole frame is copied so that its body
    // lands right after the address and head, which are written over the frame's own header and tag afterwards.
    const joined = this.#joined;
    joined.set(frame, JOIN_AT + to.length + HEAD - SEALED_BODY_AT);
    joined.set(to, JOIN_AT);
    const at = JOIN_AT + to.length;
    joined[at] = frame[0]!;
    joined[at + 1] = frame[1]!;
    joined[at + 2] = frame[2]!;
    joined[at + 3] = frame[3]!;
    let view = this.#views[n];
    if (view === undefined) this.#views[n] = view = joined.subarray(JOIN_AT, JOIN_AT + n);
    return this.#mac.tag(view);
  }

  /** Whether a received sealed frame's tag is right (the receiver's own address as `to`), in constant time. */
  verify(to: LinkAddress, frame: Uint8Array): boolean {
    if (frame.length < SEALED_BODY_AT) return false;
    const want = this.tag(to, frame);
    // Every byte is compared, whatever the first difference: the time tells a forger nothing (like timingSafeEqual,
    // without a call into C++ for 16 bytes).
    let diff = 0;
    for (let i = 0; i < TAG; i++) diff |= want[i]! ^ frame[FRAME_HEADER + i]!;
    return diff === 0;
  }

  /**
   * The `n`-th challenge a device issues in its boot `boot`: unique (a new one whenever a peer's boot changes), and
   * unguessable without the key. 8 bytes: a replayed frame would need to echo this exact value.
   */
  challenge(boot: Uint8Array, n: number): Uint8Array {
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, n);
    const h = createHmac("sha256", this.#key).update("challenge").update(boot).update(count);
    // A plain Uint8Array (not a Buffer): every received frame's echo is compared with it.
    return new Uint8Array(h.digest().subarray(0, CHALLENGE));
  }
}

/** scrypt cost: about 30 ms per derivation on this project's 2-core machine (docs/performance.md). */
const SCRYPT = { N: 1 << 14, r: 8, p: 1 };
const TAG = TAG_BYTES;
/** The frame's first bytes the tag covers: magic, version, flags. */
const HEAD = 4;
/** Tag inputs up to this size are joined in one buffer; bigger ones (directory batches) are hashed in parts. */
const JOIN_LIMIT = 2048;
/** Where the joined input starts: room before it for the frame's header and tag (`tag`), which the input skips. */
const JOIN_AT = SEALED_BODY_AT;
const CHALLENGE = 8;
const SEPARATOR = new Uint8Array([0]);
const keys = new Map<string, Promise<LinkKey>>();

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
