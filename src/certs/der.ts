/**
 * A look at the outside of a binary upload, before any parser gets it: is it one DER SEQUENCE, how long does it say
 * it is, and what does it start with. That tells a certificate (X.509: a SEQUENCE that opens with the TBSCertificate
 * SEQUENCE) from a PKCS#12 file (PFX: a SEQUENCE that opens with INTEGER 3, RFC 7292 §4) and names a truncated or
 * padded upload as such, rather than leaving the reason to whichever parser fails first.
 */
export interface DerShape {
  /** `cut`: a SEQUENCE whose header, or its first element's, is cut off. */
  readonly kind: "certificate" | "pkcs12" | "other" | "cut";
  /** Bytes the outer SEQUENCE says it spans, header included; undefined for BER's indefinite length. */
  readonly declared: number | undefined;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/** The outer header of `b` as [header length, content length]; undefined when `b` does not hold one. */
function header(b: Uint8Array, at: number): [number, number | undefined] | undefined {
  const first = b[at + 1];
  if (first === undefined) return undefined;
  if (first < 0x80) return [2, first];
  if (first === 0x80) return [2, undefined];
  const n = first & 0x7f;
  if (n > 4 || at + 2 + n > b.length) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[at + 2 + i]!;
  return [2 + n, len];
}

/** The shape of `b`, or undefined when it does not even start like a DER SEQUENCE. */
export function derShape(b: Uint8Array): DerShape | undefined {
  if (b[0] !== SEQUENCE) return undefined;
  const outer = header(b, 0);
  if (outer === undefined) return { kind: "cut", declared: undefined };
  const [hl, len] = outer;
  const declared = len === undefined ? undefined : hl + len;
  const inner = b[hl];
  if (inner === undefined) return { kind: declared === hl ? "other" : "cut", declared };
  if (inner === SEQUENCE) return { kind: "certificate", declared };
  const version = header(b, hl);
  const isV3 = inner === INTEGER && version !== undefined && version[1] === 1 && b[hl + version[0]] === 3;
  return { kind: isV3 ? "pkcs12" : "other", declared };
}
