/**
 * RFC 3417 §8: an SNMP message is one BER-encoded SEQUENCE in definite-length form. npm net-snmp's parser does not
 * check that lengths add up: a request cut short inside its varbinds, or one with bytes after its end, was answered
 * as if whole. This checks the frame before the parser sees it: every length in the definite form and at most four
 * octets long, every constructed element (SEQUENCE, the PDUs) exactly filled by its elements, and nothing after the
 * message. Primitive contents (INTEGER, OCTET STRING, and the encrypted ScopedPDU of SNMPv3) are the parser's.
 */

/** Long-form lengths beyond four octets would describe more than any UDP datagram holds. */
const MAX_LENGTH_OCTETS = 4;
/**
 * The deepest nesting of constructed elements an SNMP message has: message, ScopedPDU (SNMPv3), PDU, varbind list,
 * varbind; every value inside is primitive. A little room above it; anything deeper is no SNMP message.
 */
const MAX_DEPTH = 8;

/** Whether `bytes` is exactly one well-framed BER element. */
export function isWellFramed(bytes: Uint8Array): boolean {
  return bytes.length > 0 && fills(bytes, 0, bytes.length, 0, true);
}

/**
 * Whether elements exactly fill bytes[from, to): no length runs past `to` and every constructed element is filled by
 * its own. `depth`: how deep these elements are nested; `one`: there must be a single element.
 */
function fills(bytes: Uint8Array, from: number, to: number, depth: number, one: boolean): boolean {
  if (depth > MAX_DEPTH) return false;
  for (let at = from; at < to;) {
    if (one && at > from) return false;
    const tag = bytes[at]!;
    // High tag numbers (0x1f) do not occur in SNMP (RFC 3416 §3 uses [0] … [8] and universal tags).
    if ((tag & 0x1f) === 0x1f || at + 1 >= to) return false;
    let len = bytes[at + 1]!;
    let body = at + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      // n = 0 is the indefinite form, which SNMP does not allow.
      if (n === 0 || n > MAX_LENGTH_OCTETS || body + n > to) return false;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + bytes[body + i]!;
      body += n;
    }
    const end = body + len;
    if (end > to || (tag & 0x20 && !fills(bytes, body, end, depth + 1, false))) return false;
    at = end;
  }
  return true;
}
