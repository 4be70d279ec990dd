import { SipParseError } from "./errors.js";
import { blankLineAt, contentLength, readHeaderBlock, skipCrlfs } from "./headerSection.js";
import { MAX_SIP_MESSAGE } from "./limits.js";

const utf8 = new TextDecoder();

/**
 * Cuts a SIP byte stream (TCP, TLS) into whole messages (RFC 3261 §18.3): the header section up to the empty line,
 * then exactly Content-Length bytes of body, which a stream message must declare. CRLFs between messages (the RFC
 * 5626 §3.5.1 keep-alive "\r\n\r\n" and its "\r\n" pong) are skipped. A message without Content-Length, with a bad
 * one, or over MAX_SIP_MESSAGE throws SipParseError: the stream cannot be resynchronised and the caller closes it.
 * A message is refused once its header section shows it is too long, before its body arrives.
 */
export class SipStreamFramer {
  #buf = new Uint8Array(4096);
  /** The bytes held are #buf[#start, #end). */
  #start = 0;
  #end = 0;
  /** Where the search for the empty line goes on: bytes before it hold no CRLF CRLF. */
  #scanned = 0;
  /** The length of the message at #start once its header section is read. */
  #expect: number | undefined;

  /** The complete messages that `chunk` finishes, in order (each a copy); the rest is kept for the next chunk. */
  push(chunk: Uint8Array): Uint8Array[] {
    this.#append(chunk);
    const out: Uint8Array[] = [];
    for (let msg = this.#next(); msg !== undefined; msg = this.#next()) out.push(msg);
    return out;
  }

  #next(): Uint8Array | undefined {
    this.#expect ??= this.#measure();
    if (this.#expect === undefined || this.#end - this.#start < this.#expect) return undefined;
    const msg = this.#buf.slice(this.#start, this.#start + this.#expect);
    this.#start += this.#expect;
    this.#scanned = this.#start;
    this.#expect = undefined;
    return msg;
  }

  /** The length of the next message, or undefined while its header section is incomplete. */
  #measure(): number | undefined {
    const bytes = this.#buf.subarray(0, this.#end);
    // Only whole CRLFs are skipped: a CR at the very end waits for its LF.
    this.#start = skipCrlfs(bytes, this.#start);
    const blank = blankLineAt(bytes, Math.max(this.#start, this.#scanned - 3));
    if (blank < 0) {
      this.#scanned = this.#end;
      if (this.#end - this.#start > MAX_SIP_MESSAGE)
        throw new SipParseError(`no end of the headers within ${MAX_SIP_MESSAGE} bytes`);
      return undefined;
    }
    const block = readHeaderBlock(utf8.decode(bytes.subarray(this.#start, blank)), 1);
    const declared = contentLength(block);
    if (declared === undefined)
      throw new SipParseError("a message on a stream needs Content-Length (RFC 3261 §18.3)", { line: 1 });
    const total = blank + 4 + declared.length - this.#start;
    if (total > MAX_SIP_MESSAGE)
      throw new SipParseError(`a message of ${total} bytes is over the ${MAX_SIP_MESSAGE}-byte limit`, {
        line: declared.line,
      });
    return total;
  }

  /** Appends `chunk`, first moving the held bytes to the front (into a larger buffer if needed) when it does not fit. */
  #append(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#buf.length) {
      const held = this.#end - this.#start;
      if (held + chunk.length > this.#buf.length) {
        const grown = new Uint8Array(2 ** Math.ceil(Math.log2(held + chunk.length)));
        grown.set(this.#buf.subarray(this.#start, this.#end));
        this.#buf = grown;
      } else this.#buf.copyWithin(0, this.#start, this.#end);
      this.#scanned -= this.#start;
      this.#start = 0;
      this.#end = held;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
  }
}
