/**
 * The BER subset LDAP responses use (X.690 §8, definite lengths only, as RFC 4511 §5.1 requires): tag-length-value
 * with primitive OCTET STRING, INTEGER and ENUMERATED, constructed SEQUENCE and SET.
 */
export const Tag = {
  integer: 0x02,
  octetString: 0x04,
  enumerated: 0x0a,
  sequence: 0x30,
  set: 0x31,
} as const;

const utf8 = new TextEncoder();

/** The length octets of a definite length: short form under 128, else long form with 1 to 4 octets. */
export function lengthOctets(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One TLV around `parts`, copied once into a new array. */
export function tlv(tag: number, ...parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const len = lengthOctets(size);
  const out = new Uint8Array(1 + len.length + size);
  out[0] = tag;
  out.set(len, 1);
  let at = 1 + len.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An OCTET STRING holding `text` as UTF-8 (LDAPString, LDAPDN, AttributeValue), or another primitive tag. */
export function octets(text: string, tag: number = Tag.octetString): Uint8Array {
  return tlv(tag, utf8.encode(text));
}

/** A non-negative INTEGER or ENUMERATED in the fewest octets (a leading 0 keeps the sign bit clear). */
export function integer(n: number, tag: number = Tag.integer): Uint8Array {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(tag, Uint8Array.from(bytes));
}
