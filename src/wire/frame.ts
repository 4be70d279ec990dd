/**
 * Framing. A datagram carries one frame; a stream carries frames each preceded by a 4-byte big-endian length.
 *
 *   0..1  magic "ID" (0x49 0x44)
 *   2     version (1)
 *   3     flags: 0, or SEALED (0x01)
 *   4..7  CRC-32 of the payload (everything from byte 8), big-endian
 *   8..   payload: for a sealed frame its 16-byte link tag (8..23) and link stamp (24.., src/wire/stamp.ts), then one
 *         protobuf Envelope (proto/ipdect.proto)
 *
 * The CRC makes a corrupted or truncated frame fail loudly instead of decoding into a different valid message. The
 * tag is what makes a frame authentic, the stamp what makes it fresh (docs/design.md "Device links"); the wire only
 * carries them, src/role/LinkGuard.ts computes and checks them.
 */
import { DecodeError } from "../core/errors.js";
import { decodeEnvelope, encodeEnvelopeAfter, type Message } from "./codec.js";
import { crc32 } from "./crc32.js";
import { frameBytes } from "./slab.js";
import { WireCode } from "./errors.js";
import {
  checkStamp,
  readStamp,
  stampSize,
  stampWord,
  writeStamp,
  type LinkStamp,
  type ReceivedStamp,
} from "./stamp.js";

export const FRAME_VERSION = 1;
export const FRAME_HEADER = 8;
/** Largest frame accepted on a stream; a bigger length prefix means the stream is out of step and is closed. */
export const MAX_FRAME = 1 << 20;
/** Flags bit: the payload starts with a link tag and a link stamp. */
export const FLAG_SEALED = 0x01;
/**
 * Flags value of a sealed frame whose message travels beside it, by reference, within one process (the sim without
 * `--wire`, src/role/CarriedFrame.ts): header and stamp only, no tag, CRC or Envelope. A real wire never carries it:
 * `envelopeAt` refuses the flag.
 */
export const FLAG_CARRIED = 0x02;
/** Bytes of a sealed frame's link tag (BLAKE3 keyed, 128 bits, docs/design.md "Device links"). */
export const TAG_BYTES = 16;
const MAGIC0 = 0x49;
const MAGIC1 = 0x44;

/** Where a sealed frame's stamp starts: after the header and the tag. The tag covers everything from here on. */
export const SEALED_BODY_AT = FRAME_HEADER + TAG_BYTES;

/**
 * Computes the tag of a sealed frame whose tag bytes are not written yet. The tag covers the frame's first 4 bytes
 * (magic, version, flags), its stamp and its Envelope (from SEALED_BODY_AT); not the CRC, which is computed after it,
 * nor the tag itself.
 */
export type Sealer = (frame: Uint8Array) => Uint8Array;

/** A decoded frame: the message, and for a sealed frame its stamp (also the message's `link`, for the roles). */
export interface OpenedFrame {
  readonly msg: Message;
  readonly stamp: ReceivedStamp | undefined;
}

/** A plain frame. */
export function encodeFrame(msg: Message): Uint8Array {
  const out = encodeEnvelopeAfter(msg, FRAME_HEADER);
  out[3] = 0;
  return finish(out);
}

/** A sealed frame: `stamp` before the Envelope (a stamp `msg` carries as `link` is not used), the tag of `seal`. */
export function encodeSealedFrame(msg: Message, stamp: LinkStamp, seal: Sealer): Uint8Array {
  const out = sealedRoom(msg, stampSize(stamp));
  writeStamp(stamp, out, SEALED_BODY_AT);
  return sealFrame(out, seal);
}

/*
 * The same in steps, for the guard (src/role/LinkGuard.ts), which writes its stamp from its link's numbers straight
 * into the room (no stamp object per frame): the room, then the stamp at SEALED_BODY_AT, then `sealFrame`.
 */

/** A sealed frame's bytes with `msg`'s Envelope after a stamp of `stampBytes` bytes, still to be written. */
export function sealedRoom(msg: Message, stampBytes: number): Uint8Array {
  return encodeEnvelopeAfter(msg, SEALED_BODY_AT + stampBytes);
}

/** As `sealedRoom`, with the Envelope of the sealed frame `sealed`. Throws DecodeError when it is not sealed. */
export function resealRoom(sealed: Uint8Array, stampBytes: number): Uint8Array {
  const envelope = sealed.subarray(SEALED_BODY_AT + sealedStampSize(sealed));
  const at = SEALED_BODY_AT + stampBytes;
  const out = frameBytes(at + envelope.length);
  out.set(envelope, at);
  return out;
}

/** Writes the header of a carried frame around the stamp already in `out` (no tag, no CRC: nothing is encoded). */
export function carryFrame(out: Uint8Array): Uint8Array {
  out[3] = FLAG_CARRIED;
  head(out);
  return out;
}

/** Writes flags, header, tag and CRC around the stamp and Envelope already at their place in `out`. */
export function sealFrame(out: Uint8Array, seal: Sealer): Uint8Array {
  out[3] = FLAG_SEALED;
  head(out);
  out.set(seal(out), FRAME_HEADER);
  return finish(out);
}

/** The number in a sealed (or carried) frame's stamp. Throws DecodeError when `sealed` is neither. */
export function sealedSeq(sealed: Uint8Array): number {
  sealedStampSize(sealed);
  return stampWord(sealed, SEALED_BODY_AT + 1) >>> 0;
}

function sealedStampSize(sealed: Uint8Array): number {
  if (sealed.length < SEALED_BODY_AT || (sealed[3] !== FLAG_SEALED && sealed[3] !== FLAG_CARRIED))
    throw new DecodeError(WireCode.FrameFlags, "not a sealed frame", { offset: 3 });
  return checkStamp(sealed, SEALED_BODY_AT);
}

function head(out: Uint8Array): void {
  out[0] = MAGIC0;
  out[1] = MAGIC1;
  out[2] = FRAME_VERSION;
}

/** Writes the header (flags already set) and the CRC. */
function finish(out: Uint8Array): Uint8Array {
  head(out);
  const crc = crc32(out, FRAME_HEADER);
  out[4] = crc >>> 24;
  out[5] = (crc >>> 16) & 0xff;
  out[6] = (crc >>> 8) & 0xff;
  out[7] = crc & 0xff;
  return out;
}

export function decodeFrame(frame: Uint8Array): Message {
  return openFrame(frame).msg;
}

/** Decodes a frame, with its stamp when it is sealed (the receiver checks its tag: src/role/LinkGuard.ts). */
export function openFrame(frame: Uint8Array): OpenedFrame {
  const at = envelopeAt(frame);
  if (frame[3] === 0) return { msg: decodeEnvelope(frame, at), stamp: undefined };
  const stamp = readStamp(frame, SEALED_BODY_AT);
  return { msg: decodeEnvelope(frame, at, stamp), stamp };
}

/**
 * Checks a frame's header, CRC and, when it is sealed (flags FLAG_SEALED), the room for its tag and its stamp: where
 * its Envelope starts. Throws DecodeError.
 */
export function envelopeAt(frame: Uint8Array): number {
  if (frame.length < FRAME_HEADER)
    throw new DecodeError(
      WireCode.FrameShort,
      `frame of ${frame.length} bytes is shorter than the ${FRAME_HEADER}-byte header`,
      {
        offset: frame.length,
      },
    );
  if (frame[0] !== MAGIC0 || frame[1] !== MAGIC1)
    throw new DecodeError(WireCode.FrameMagic, "bad magic", { offset: 0 });
  if (frame[2] !== FRAME_VERSION)
    throw new DecodeError(WireCode.FrameVersion, `unsupported version ${frame[2]}`, { offset: 2 });
  if (frame[3] !== 0 && frame[3] !== FLAG_SEALED)
    throw new DecodeError(WireCode.FrameFlags, `unknown flags 0x${frame[3]!.toString(16)}`, { offset: 3 });
  const want = ((frame[4]! << 24) | (frame[5]! << 16) | (frame[6]! << 8) | frame[7]!) >>> 0;
  if (crc32(frame, FRAME_HEADER) !== want) throw new DecodeError(WireCode.FrameCrc, "CRC mismatch", { offset: 4 });
  if (frame[3] === 0) return FRAME_HEADER;
  if (frame.length < SEALED_BODY_AT)
    throw new DecodeError(WireCode.FrameShort, `sealed frame of ${frame.length} bytes has no room for its tag`, {
      offset: frame.length,
    });
  return SEALED_BODY_AT + checkStamp(frame, SEALED_BODY_AT);
}

/** Prefixes a frame with its length for a stream. */
export function lengthPrefixed(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + frame.length);
  new DataView(out.buffer).setUint32(0, frame.length);
  out.set(frame, 4);
  return out;
}

/**
 * Cuts a byte stream into frames. Throws DecodeError when a length prefix is impossible; the caller must then close
 * the stream, because it can no longer find frame boundaries.
 */
export class StreamDeframer {
  #buf: Uint8Array = new Uint8Array(0);
  #consumed = 0;

  push(chunk: Uint8Array): Uint8Array[] {
    const buf = new Uint8Array(this.#buf.length + chunk.length);
    buf.set(this.#buf);
    buf.set(chunk, this.#buf.length);
    const frames: Uint8Array[] = [];
    let pos = 0;
    while (buf.length - pos >= 4) {
      const len = new DataView(buf.buffer, buf.byteOffset + pos, 4).getUint32(0);
      if (len < FRAME_HEADER || len > MAX_FRAME)
        throw new DecodeError(WireCode.StreamLength, `impossible frame length ${len}`, {
          offset: this.#consumed + pos,
        });
      if (buf.length - pos - 4 < len) break;
      frames.push(buf.slice(pos + 4, pos + 4 + len));
      pos += 4 + len;
    }
    this.#consumed += pos;
    this.#buf = buf.slice(pos);
    return frames;
  }
}
