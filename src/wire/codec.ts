/**
 * The protobufjs adapter: the only file that touches the generated code from proto/ipdect.proto.
 * The rest of the project speaks `Message` (a plain object with exactly one body field).
 */
import { DecodeError } from "../core/errors.js";
import { ipdect } from "./gen/ipdect.js";

export type Envelope = ipdect.Envelope.$Properties;
export type BodyName = NonNullable<Envelope["body"]>;
/** A message with its body kind spelled out, e.g. `{ fromDevice, body: "peerProbe", peerProbe: {...} }`. */
export type Message = { [K in BodyName]: { fromDevice: string; body: K } & { [P in K]: NonNullable<Envelope[P]> } }[BodyName];
export type Body<K extends BodyName> = NonNullable<Envelope[K]>;

export const RadioStanding = ipdect.RadioStatus.Standing;
export const DeviceKindWire = ipdect.DeviceKind;

const MAX_NAME = 64;

export function encodeEnvelope(msg: Message): Uint8Array {
  return ipdect.Envelope.encode(msg).finish();
}

/** Decodes one Envelope; rejects bytes that are not protobuf, and envelopes without exactly one body. */
export function decodeEnvelope(bytes: Uint8Array, offset = 0): Message {
  let env: ipdect.Envelope;
  try {
    env = ipdect.Envelope.decode(bytes);
  } catch (cause) {
    throw new DecodeError("FRAME_PROTOBUF", `payload is not a valid Envelope: ${(cause as Error).message}`, {
      offset,
      cause,
    });
  }
  if (env.body === undefined) throw new DecodeError("FRAME_NO_BODY", "envelope carries no message", { offset });
  if (env.$unknowns !== undefined && env.$unknowns.length > 0)
    throw new DecodeError("FRAME_UNKNOWN_FIELDS", "envelope carries unknown fields", { offset });
  if (env.fromDevice.length > MAX_NAME)
    throw new DecodeError("FRAME_NAME_TOO_LONG", `from_device longer than ${MAX_NAME} characters`, { offset });
  const body = env.body;
  return { fromDevice: env.fromDevice, body, [body]: env[body] } as Message;
}
