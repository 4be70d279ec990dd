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
  return stampBytes(
    (s.echo === undefined ? 0 : STAMP_ECHO) |
      (s.challenge === undefined ? 0 : STAMP_CHALLENGE) |
      (s.challengeFor === undefined ? 0 : STAMP_CHALLENGE_FOR),
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
  putWord(out, at + 1, s.seq);
  put(out, at + 5, s.boot, NONCE_BYTES, "boot");
}

function put(out: Uint8Array, at: number, field: Uint8Array, size: number, name: string): number {
  if (field.length !== size) throw new RangeError(`a stamp's ${name} has ${size} bytes, not ${field.length}`);
  // A loop: for 6 or 8 bytes it costs less than TypedArray.prototype.set.
  for (let i = 0; i < size; i++) out[at + i] = field[i]!;
  return at + size;
}

/**
 * A stamp as received, as an object (`openFrame`, and the `link` of the messages whose roles read it; the guard reads
 * the others with the functions below): its fields are read from the frame when asked (no copy). The frame must
 * not change while the stamp is in use.
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

  #afterEcho(): number {
    return (this.#flags & STAMP_ECHO) === 0 ? FIXED : FIXED + NONCE_BYTES;
  }

  #field(offset: number, size: number): Uint8Array {
    const from = this.#at + offset;
    return this.#frame.subarray(from, from + size);
  }

  /** The fields as plain values (for logs and tests). */
  toJSON(): LinkStamp {
    const { seq, boot, echo, mac, challenge, challengeFor } = this;
    return { seq, boot, echo, mac, challenge, challengeFor };
  }
}

/**
 * Checks the stamp at `at` of `frame`: its size on the wire (the Envelope follows). Throws DecodeError (LINK_STAMP)
 * when it is cut short or has unknown flags.
 */
export function checkStamp(frame: Uint8Array, at: number): number {
  if (frame.length < at + FIXED) throw stampError(`a link stamp needs ${FIXED} bytes`, frame.length);
  const flags = frame[at]!;
  if ((flags & ~KNOWN) !== 0) throw stampError(`unknown link stamp flags 0x${flags.toString(16)}`, at);
  if ((flags & STAMP_CHALLENGE_FOR) !== 0 && (flags & STAMP_CHALLENGE) === 0)
    throw stampError("a link stamp with challenge_for and no challenge", at);
  const size = stampBytes(flags);
  if (frame.length < at + size) throw stampError(`the link stamp's flags call for ${size} bytes`, frame.length);
  return size;
}

/** The stamp at `at` of `frame` as an object (see `checkStamp` for what it throws). */
export function readStamp(frame: Uint8Array, at: number): ReceivedStamp {
  const size = checkStamp(frame, at);
  return new ReceivedStamp(frame, at, frame[at]!, stampWord(frame, at + 1) >>> 0, size);
}

/*
 * The stamp as plain functions on (frame, offset), for the guard's path of every frame (src/role/LinkGuard.ts): no
 * object per stamp written or read, and a nonce as two 32-bit halves, compared with the link's numbers in place
 * (docs/performance.md "Device links").
 */

/** The stamp's size on the wire for `flags` (known flags). */
export function stampBytes(flags: number): number {
  return (
    FIXED +
    ((flags & STAMP_ECHO) !== 0 ? NONCE_BYTES : 0) +
    ((flags & STAMP_CHALLENGE) !== 0 ? MAC_BYTES + NONCE_BYTES : 0) +
    ((flags & STAMP_CHALLENGE_FOR) !== 0 ? NONCE_BYTES : 0)
  );
}

/** Offsets in a stamp: its boot, and its echo (when ECHO is set). */
export const STAMP_BOOT_AT = 5;
export const STAMP_ECHO_AT = FIXED;

/** Offset of the challenge (when CHALLENGE is set; the MAC is before it), and of challenge_for after it. */
export function stampChallengeAt(flags: number): number {
  return ((flags & STAMP_ECHO) === 0 ? FIXED : FIXED + NONCE_BYTES) + MAC_BYTES;
}

/** The big-endian 32-bit word at `at`, as a signed 32-bit number (a half of a nonce, or the seq with `>>> 0`). */
export function stampWord(b: Uint8Array, at: number): number {
  return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
}

/** Writes a 32-bit word big-endian at `at`. */
export function putWord(out: Uint8Array, at: number, w: number): void {
  out[at] = w >>> 24;
  out[at + 1] = (w >>> 16) & 0xff;
  out[at + 2] = (w >>> 8) & 0xff;
  out[at + 3] = w & 0xff;
}

/** Writes a stamp's MAC (6 bytes) at `at`, right before its challenge. */
export function putStampMac(out: Uint8Array, at: number, mac: Uint8Array): void {
  put(out, at - MAC_BYTES, mac, MAC_BYTES, "mac");
}

function stampError(reason: string, offset: number): DecodeError {
  return new DecodeError(WireCode.LinkStamp, reason, { offset });
}
