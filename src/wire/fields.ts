import { DecodeError } from "../core/errors.js";
import { Mac } from "../core/identity/Mac.js";
import { WireCode } from "./errors.js";

/** A MAC field of a received message, or a DecodeError naming the field. */
export function macOf(bytes: Uint8Array | null | undefined, field: string): string {
  try {
    return Mac.textOf(bytes ?? new Uint8Array(0));
  } catch (cause) {
    throw new DecodeError(WireCode.MsgBadMac, "not a 6-byte MAC", { field, cause });
  }
}
