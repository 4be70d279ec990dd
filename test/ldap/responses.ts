/**
 * Reads the LDAPMessages the server sends (RFC 4511 §4.2) back into plain values, with a BER reader of its own so the
 * tests do not take the encoder's word for it.
 */
interface Tlv {
  readonly tag: number;
  readonly bytes: Uint8Array;
  readonly children: Tlv[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function readTlvs(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  while (at < bytes.length) {
    const tag = bytes[at]!;
    let len = bytes[at + 1]!;
    let head = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + bytes[at + 2 + i]!;
      head += n;
    }
    const content = bytes.subarray(at + head, at + head + len);
    if (content.length !== len) throw new Error(`truncated TLV at ${at}`);
    out.push({ tag, bytes: content, children: tag & 0x20 ? readTlvs(content) : [] });
    at += head + len;
  }
  return out;
}

const text = (t: Tlv | undefined) => (t === undefined ? undefined : utf8.decode(t.bytes));
const int = (t: Tlv) => t.bytes.reduce((v, b) => v * 256 + b, 0);

export interface Response {
  readonly messageId: number;
  /** The protocolOp tag, e.g. 0x64 for an entry, 0x65 for searchResDone. */
  readonly op: number;
  readonly code?: number;
  readonly matchedDn?: string;
  readonly message?: string;
  /** Extended responses: responseName and responseValue. */
  readonly name?: string;
  readonly value?: string;
  /** Entries: the DN and attributes by name as sent. */
  readonly dn?: string;
  readonly attributes?: Record<string, string[]>;
}

export function readResponse(frame: Uint8Array): Response {
  const [message, ...rest] = readTlvs(frame);
  if (message?.tag !== 0x30 || rest.length > 0) throw new Error("not one LDAPMessage");
  const [id, op] = message.children;
  if (id?.tag !== 0x02 || op === undefined) throw new Error("no messageID and protocolOp");
  const base = { messageId: int(id), op: op.tag };
  if (op.tag === 0x64) {
    const [dn, list] = op.children;
    const attributes: Record<string, string[]> = {};
    for (const a of list!.children) attributes[text(a.children[0])!] = a.children[1]!.children.map((v) => text(v)!);
    return { ...base, dn: text(dn)!, attributes };
  }
  const [code, matched, diagnostic, ...extra] = op.children;
  return {
    ...base,
    code: int(code!),
    matchedDn: text(matched)!,
    message: text(diagnostic)!,
    ...(extra.find((x) => x.tag === 0x8a) === undefined ? {} : { name: text(extra.find((x) => x.tag === 0x8a)) }),
    ...(extra.find((x) => x.tag === 0x8b) === undefined ? {} : { value: text(extra.find((x) => x.tag === 0x8b)) }),
  };
}

export const readAll = (frames: readonly Uint8Array[]) => frames.map(readResponse);
