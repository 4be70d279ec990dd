/**
 * The protobufjs adapter: the only file that touches the generated code from proto/ipdect.proto.
 * The rest of the project speaks `Message` (a plain object with exactly one body field).
 */
import protobuf from "protobufjs/minimal.js";
import { DecodeError } from "../core/errors.js";
// Before the generated code: it builds its oneof accessors with protobufjs's util at load time.
import "./oneof.js";
import { ipdect } from "./gen/ipdect.js";
import { WireCode } from "./errors.js";
import { frameBytes } from "./slab.js";
import type { ReceivedStamp } from "./stamp.js";

export type Envelope = ipdect.Envelope.$Properties;
export type BodyName = NonNullable<Envelope["body"]>;
/**
 * A message with its body kind spelled out, e.g. `{ fromDevice, body: "peerProbe", peerProbe: {...} }`; `link` is
 * the stamp of a received sealed frame (src/wire/stamp.ts; not part of the Envelope, and never encoded with it).
 */
export type Message = {
  [K in BodyName]: { fromDevice: string; body: K; link?: ReceivedStamp | null } & {
    [P in K]: NonNullable<Envelope[P]>;
  };
}[BodyName];
export type Body<K extends BodyName> = NonNullable<Envelope[K]>;

export const RadioStanding = ipdect.RadioStatus.Standing;
export const DeviceKindWire = ipdect.DeviceKind;
export const PariStanding = ipdect.PariGrant.Standing;
export const SyncModeWire = ipdect.SyncModeWire;
export const FrequencyBandWire = ipdect.FrequencyBandWire;
export const SyncStateWire = ipdect.SyncStateWire;
export const SyncRoleWire = ipdect.SyncRoleWire;

const MAX_NAME = 64;

export function encodeEnvelope(msg: Message): Uint8Array {
  return encodeEnvelopeAfter(msg, 0);
}

/**
 * One writer for every message. Encoding is synchronous, so it is never shared, and a writer per frame would cost
 * two buffers and a copy for each of the fleet's frames. Replaced after a failed encode (it may hold a half state).
 */
let writer = protobuf.Writer.create();

/** The encoded Envelope after `room` zero bytes (for a caller's header), in one plain Uint8Array. */
export function encodeEnvelopeAfter(msg: Message, room: number): Uint8Array {
  try {
    ipdect.Envelope.encode(msg, writer.reset());
  } catch (err) {
    writer = protobuf.Writer.create();
    throw err;
  }
  return writer.finishInto(frameBytes(room + writer.pos), room);
}

/**
 * True when a decoded message or any message inside it carried fields this version does not know. Every received
 * frame is walked: index loops over `Object.keys` (no `Object.values` array and no callback per value).
 */
function hasUnknowns(value: unknown): boolean {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasUnknowns(value[i])) return true;
    return false;
  }
  const u = (value as { $unknowns?: unknown[] }).$unknowns;
  if (u !== undefined && u.length > 0) return true;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) if (hasUnknowns((value as Record<string, unknown>)[keys[i]!])) return true;
  return false;
}

/**
 * A reader whose bytes fields are copies rather than views of the frame: frames are cut from shared slabs
 * (slab.ts), and a decoded field kept for long (a MAC, a replica) must not hold a whole slab. Fields are small; a
 * copy of up to 64 bytes stays on V8's heap.
 */
class CopyingReader extends protobuf.Reader {
  override raw(start: number, end: number): Uint8Array {
    return this.buf.slice(start, end);
  }
}

/**
 * Decodes the Envelope in `bytes` from `offset` to the end; rejects bytes that are not protobuf, envelopes without a
 * body, and messages with fields this version does not know (a peer speaking another protocol version must not be
 * half-understood). When a sender sets two bodies, protobuf's oneof rule keeps the last one. `link`: the stamp of the
 * sealed frame it came in.
 */
export function decodeEnvelope(bytes: Uint8Array, offset = 0, link?: ReceivedStamp): Message {
  let env: ipdect.Envelope;
  try {
    // A reader over the whole frame from `offset`, rather than over a view of the Envelope made for it.
    const reader = new CopyingReader(bytes);
    reader.pos = offset;
    reader.discardUnknown = false;
    env = ipdect.Envelope.decode(reader);
  } catch (cause) {
    throw new DecodeError(WireCode.FrameProtobuf, `payload is not a valid Envelope: ${(cause as Error).message}`, {
      offset,
      cause,
    });
  }
  if (env.body === undefined) throw new DecodeError(WireCode.FrameNoBody, "envelope carries no message", { offset });
  if (hasUnknowns(env))
    throw new DecodeError(WireCode.FrameUnknownFields, "message carries unknown fields", { offset });
  if (env.fromDevice.length > MAX_NAME)
    throw new DecodeError(WireCode.FrameNameTooLong, `from_device longer than ${MAX_NAME} characters`, { offset });
  const body = env.body;
  if (link === undefined) return { fromDevice: env.fromDevice, body, [body]: env[body] } as Message;
  return { fromDevice: env.fromDevice, body, [body]: env[body], link } as Message;
}
