import { DecodeError } from "../core/errors.js";
import { Tag } from "./ber.js";
import { LDAP_MAX_REQUEST_BYTES } from "./limits.js";
import { LdapCode } from "./errors.js";

/** The header of one LDAPMessage: where its contents start and how long it is in all. */
function header(bytes: Uint8Array, offset: number): { total: number } | undefined {
  if (bytes.length - offset < 2) return undefined;
  if (bytes[offset] !== Tag.sequence)
    throw new DecodeError(LdapCode.LdapFrame, "an LDAPMessage starts with a SEQUENCE (0x30)", { offset });
  const first = bytes[offset + 1]!;
  if (first < 0x80) return { total: 2 + first };
  const count = first & 0x7f;
  // RFC 4511 §5.1: only the definite form; four length octets already say more than the limit allows.
  if (count === 0 || count > 4)
    throw new DecodeError(LdapCode.LdapFrame, "the message length must use the definite form (RFC 4511 §5.1)", {
      offset: offset + 1,
    });
  if (bytes.length - offset < 2 + count) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
  return { total: 2 + count + length };
}

/**
 * Cuts a TCP byte stream into whole LDAPMessages (RFC 4511 §5.1: one BER SEQUENCE each). It only reads the outer
 * tag and length, so a message claiming more than LDAP_MAX_REQUEST_BYTES is refused at its first bytes, and garbage
 * that does not start like an LDAPMessage at once. Either throws a DecodeError: the connection cannot go on.
 */
export class LdapFramer {
  #pending: Uint8Array = new Uint8Array(0);

  /** The complete messages `chunk` finishes, in order; the rest is kept for the next chunk. */
  push(chunk: Uint8Array): Uint8Array[] {
    const bytes = this.#pending.length === 0 ? chunk : concat(this.#pending, chunk);
    const frames: Uint8Array[] = [];
    let offset = 0;
    for (;;) {
      const h = header(bytes, offset);
      if (h !== undefined && h.total > LDAP_MAX_REQUEST_BYTES)
        throw new DecodeError(
          LdapCode.LdapTooLarge,
          `an LDAPMessage of ${h.total} bytes is over ${LDAP_MAX_REQUEST_BYTES}`,
          {
            offset,
          },
        );
      if (h === undefined || bytes.length - offset < h.total) break;
      frames.push(bytes.subarray(offset, offset + h.total));
      offset += h.total;
    }
    this.#pending = bytes.slice(offset);
    return frames;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The messageID and protocolOp tag of a whole message, read without decoding the rest; undefined if unreadable. */
export function peekMessage(frame: Uint8Array): { messageId: number; op: number } | undefined {
  let at = frame[1]! < 0x80 ? 2 : 2 + (frame[1]! & 0x7f);
  if (frame[at] !== Tag.integer) return undefined;
  const len = frame[at + 1] ?? 0;
  if (len < 1 || len > 4 || at + 2 + len >= frame.length) return undefined;
  let messageId = 0;
  for (let i = 0; i < len; i++) messageId = messageId * 256 + frame[at + 2 + i]!;
  at += 2 + len;
  return { messageId, op: frame[at]! };
}
