/** RFC 1123 §2.1: letters, digits and hyphens, 1..63 characters, no hyphen first or last. */
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
/** RFC 1035 §2.3.4: at most 255 octets on the wire, 253 characters as text. */
const NAME_MAX = 253;

/**
 * A DNS name of RFC 1123 labels (`pbx`, `proxy1.example.com`), without a trailing dot. A name whose last label is
 * all digits is refused: RFC 1123 §2.1 keeps names apart from dotted-decimal addresses, so `1.2.3` and `256.1.1.1`
 * are mistyped addresses, not names.
 */
export function isDnsName(text: string): boolean {
  const labels = text.split(".");
  return text.length <= NAME_MAX && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]!);
}
