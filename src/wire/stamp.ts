/**
 * The link stamp of a sealed frame: what makes it fresh (docs/design.md "Device links"). It sits between the tag and
 * the Envelope (src/wire/frame.ts) and is covered by the tag. A link is one direction between two endpoints on one
 * channel (for a stream: one connection); the receiver takes a frame only when it echoes the challenge the receiver
 * issued for the sender's boot on that link, and its seq is new.
 *
 *   0      flags: ECHO (0x01), CHALLENGE (0x02), CHALLENGE_FOR (0x04); no other bit
 *   1..4   seq, big-endian: numbers the sender's frames to this address and channel from 1
 *   5..12  boot: the sender's boot nonce (8 random bytes, new at every boot)
 *   then   echo (8): the receiver's challenge the sender was given for its boot on this link      (ECHO)
 *   then   mac (6), challenge (8): the sender's MAC, and its own challenge for the receiver         (CHALLENGE)
 *   then   challenge_for (8): the receiver's boot that challenge was issued for; absent: for whatever boot the
 *          receiver has, the sender has not heard it yet (the receiver echoes the challenge in its frames back)
 *                                                                                                  (CHALLENGE_FOR)
 *
 * Fixed sizes and no protobuf: the stamp is in every frame between devices, and reading and writing it byte by byte
 * costs a fraction of an Envelope field (docs/performance.md "Device links").
 */
import { DecodeError } from "../core/errors.js";
import { WireCode } from "./errors.js";

/** The stamp of a sealed frame, as written and as read (the arrays of a read stamp are views of the frame). */
export interface LinkStamp {
  readonly seq: number;
  readonly boot: Uint8Array;
  readonly echo?: Uint8Array | undefined;
  readonly mac?: Uint8Array | undefined;
  readonly challenge?: Uint8Array | undefined;
  readonly challengeFor?: Uint8Array | undefined;
}

export const STAMP_ECHO = 0x01;
export const STAMP_CHALLENGE = 0x02;
export const STAMP_CHALLENGE_FOR = 0x04;
const KNOWN = STAMP_ECHO | STAMP_CHALLENGE | STAMP_CHALLENGE_FOR;
/** Bytes of a boot nonce, an echo, a challenge and `challenge_for`. */
export const NONCE_BYTES = 8;
const MAC_BYTES = 6;
/** Flags, seq and boot: every stamp has them. */
const FIXED = 1 + 4 + NONCE_BYTES;

/** The stamp's size on the wire. */
export function stampSize(s: LinkStamp): number {
  return (
    FIXED +
    (s.echo === undefined ? 0 : NONCE_BYTES) +
    (s.challenge === undefined ? 0 : MAC_BYTES + NONCE_BYTES) +
    (s.challengeFor === undefined ? 0 : NONCE_BYTES)
  );
}

/** Writes `s` into `out` at `at` (room of `stampSize(s)` bytes). Throws RangeError for a field of the wrong size. */
export function writeStamp(s: LinkStamp, out: Uint8Array, at: number): void {
  if (s.challenge === undefined && (s.mac !== undefined || s.challengeFor !== undefined))
    throw new RangeError("a stamp's MAC and challenge_for go with its challenge");
  let flags = 0;
  let p = at + FIXED;
  if (s.echo !== undefined) {
    p = put(out, p, s.echo, NONCE_BYTES, "echo");
    flags |= STAMP_ECHO;
  }
  if (s.challenge !== undefined) {
    p = put(out, p, s.mac ?? new Uint8Array(MAC_BYTES), MAC_BYTES, "mac");
    p = put(out, p, s.challenge, NONCE_BYTES, "challenge");
    flags |= STAMP_CHALLENGE;
  }
  if (s.challengeFor !== undefined) {
    put(out, p, s.challengeFor, NONCE_BYTES, "challenge_for");
    flags |= STAMP_CHALLENGE_FOR;
  }
  out[at] = flags;
  out[at + 1] = s.seq >>> 24;
  out[at + 2] = (s.seq >>> 16) & 0xff;
  out[at + 3] = (s.seq >>> 8) & 0xff;
  out[at + 4] = s.seq & 0xff;
  put(out, at + 5, s.boot, NONCE_BYTES, "boot");
}

function put(out: Uint8Array, at: number, field: Uint8Array, size: number, name: string): number {
  if (field.length !== size) throw new RangeError(`a stamp's ${name} has ${size} bytes, not ${field.length}`);
  // A loop: for 6 or 8 bytes it costs less than TypedArray.prototype.set.
  for (let i = 0; i < size; i++) out[at + i] = field[i]!;
  return at + size;
}

/**
 * A stamp as received: its fields are read from the frame when asked (no copy, no view made for each frame), and
 * `bootIs`/`echoes` compare in place. The frame must not change while the stamp is in use.
 */
export class ReceivedStamp implements LinkStamp {
  readonly seq: number;
  /** Bytes on the wire: the Envelope follows at `at + size`. */
  readonly size: number;
  readonly #frame: Uint8Array;
  readonly #at: number;
  readonly #flags: number;

  constructor(frame: Uint8Array, at: number, flags: number, seq: number, size: number) {
    this.#frame = frame;
    this.#at = at;
    this.#flags = flags;
    this.seq = seq;
    this.size = size;
  }

  get boot(): Uint8Array {
    return this.#field(5, NONCE_BYTES);
  }

  get echo(): Uint8Array | undefined {
    return (this.#flags & STAMP_ECHO) === 0 ? undefined : this.#field(FIXED, NONCE_BYTES);
  }

  get mac(): Uint8Array | undefined {
    return (this.#flags & STAMP_CHALLENGE) === 0 ? undefined : this.#field(this.#afterEcho(), MAC_BYTES);
  }

  get challenge(): Uint8Array | undefined {
    return (this.#flags & STAMP_CHALLENGE) === 0 ? undefined : this.#field(this.#afterEcho() + MAC_BYTES, NONCE_BYTES);
  }

  get challengeFor(): Uint8Array | undefined {
    if ((this.#flags & STAMP_CHALLENGE_FOR) === 0) return undefined;
    return this.#field(this.#afterEcho() + MAC_BYTES + NONCE_BYTES, NONCE_BYTES);
  }

  /** Whether the sender's boot is `boot`. */
  bootIs(boot: Uint8Array): boolean {
    return this.#equals(5, boot);
  }

  /** Whether the stamp echoes `challenge` (false without an echo). */
  echoes(challenge: Uint8Array): boolean {
    return (this.#flags & STAMP_ECHO) !== 0 && this.#equals(FIXED, challenge);
  }

  get hasChallenge(): boolean {
    return (this.#flags & STAMP_CHALLENGE) !== 0;
  }

  #afterEcho(): number {
    return (this.#flags & STAMP_ECHO) === 0 ? FIXED : FIXED + NONCE_BYTES;
  }

  #field(offset: number, size: number): Uint8Array {
    const from = this.#at + offset;
    return this.#frame.subarray(from, from + size);
  }

  #equals(offset: number, bytes: Uint8Array): boolean {
    if (bytes.length !== NONCE_BYTES) return false;
    const f = this.#frame;
    const from = this.#at + offset;
    for (let i = 0; i < NONCE_BYTES; i++) if (f[from + i] !== bytes[i]) return false;
    return true;
  }

  /** The fields as plain values (for logs and tests). */
  toJSON(): LinkStamp {
    const { seq, boot, echo, mac, challenge, challengeFor } = this;
    return { seq, boot, echo, mac, challenge, challengeFor };
  }
}

/** The stamp at `at` of `frame`. Throws DecodeError (LINK_STAMP) when it is cut short or has unknown flags. */
export function readStamp(frame: Uint8Array, at: number): ReceivedStamp {
  if (frame.length < at + FIXED) throw stampError(`a link stamp needs ${FIXED} bytes`, frame.length);
  const flags = frame[at]!;
  if ((flags & ~KNOWN) !== 0) throw stampError(`unknown link stamp flags 0x${flags.toString(16)}`, at);
  if ((flags & STAMP_CHALLENGE_FOR) !== 0 && (flags & STAMP_CHALLENGE) === 0)
    throw stampError("a link stamp with challenge_for and no challenge", at);
  const size =
    FIXED +
    ((flags & STAMP_ECHO) !== 0 ? NONCE_BYTES : 0) +
    ((flags & STAMP_CHALLENGE) !== 0 ? MAC_BYTES + NONCE_BYTES : 0) +
    ((flags & STAMP_CHALLENGE_FOR) !== 0 ? NONCE_BYTES : 0);
  if (frame.length < at + size) throw stampError(`the link stamp's flags call for ${size} bytes`, frame.length);
  const seq = ((frame[at + 1]! << 24) | (frame[at + 2]! << 16) | (frame[at + 3]! << 8) | frame[at + 4]!) >>> 0;
  return new ReceivedStamp(frame, at, flags, seq, size);
}

function stampError(reason: string, offset: number): DecodeError {
  return new DecodeError(WireCode.LinkStamp, reason, { offset });
}
