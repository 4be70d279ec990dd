import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_SIP_MESSAGE, SipParseError, parseSip } from "../../src/sip/message.js";
import { SipStreamFramer } from "../../src/sip/SipStreamFramer.js";
import { REGISTER, UNAUTHORIZED, crlf } from "./golden.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const WITH_BODY = crlf(
  "MESSAGE sip:1002@pbx.example.com SIP/2.0",
  "v: SIP/2.0/TCP 192.0.2.10;branch=z9hG4bK3",
  "f: <sip:1001@pbx.example.com>;tag=1",
  "t: <sip:1002@pbx.example.com>",
  "i: m1",
  "CSeq: 1 MESSAGE",
  "c: text/plain",
  "l: 10",
  "",
  "héllo\r\n\r\n",
);
/** Three messages with keep-alives (RFC 5626 §3.5.1: ping CRLF CRLF, pong CRLF) before and between them. */
const STREAM = `\r\n\r\n${REGISTER}\r\n${WITH_BODY}\r\n\r\n\r\n${UNAUTHORIZED}\r\n\r\n`;
const MESSAGES = [REGISTER, WITH_BODY, UNAUTHORIZED];

test("several messages in one chunk come out whole; keep-alive CRLFs between them are skipped (RFC 5626 §3.5.1)", () => {
  const out = new SipStreamFramer().push(bytes(STREAM));
  assert.deepEqual(out.map(text), MESSAGES);
  assert.equal(parseSip(out[1]!).body, "héllo\r\n\r\n");
});

test("a stream split at any single byte boundary gives the same messages (RFC 3261 §18.3)", () => {
  const all = bytes(STREAM);
  for (let cut = 0; cut <= all.length; cut++) {
    const f = new SipStreamFramer();
    const out = [...f.push(all.subarray(0, cut)), ...f.push(all.subarray(cut))];
    assert.deepEqual(out.map(text), MESSAGES, `cut at ${cut}`);
  }
});

test("a stream fed byte by byte, and in chunks of 7, gives the same messages", () => {
  const all = bytes(STREAM);
  for (const size of [1, 7]) {
    const f = new SipStreamFramer();
    const out: Uint8Array[] = [];
    for (let i = 0; i < all.length; i += size) out.push(...f.push(all.slice(i, i + size)));
    assert.deepEqual(out.map(text), MESSAGES, `chunks of ${size}`);
  }
});

test("a message is held until its body is complete", () => {
  const f = new SipStreamFramer();
  const all = bytes(WITH_BODY);
  assert.deepEqual(f.push(all.subarray(0, all.length - 1)), []);
  assert.deepEqual(f.push(all.subarray(all.length - 1)).map(text), [WITH_BODY]);
});

test("a stream message without Content-Length is refused: the connection cannot go on (RFC 3261 §18.3)", () => {
  const noLength = REGISTER.replace("Content-Length: 0\r\n", "");
  assert.throws(
    () => new SipStreamFramer().push(bytes(noLength)),
    (e: unknown) => e instanceof SipParseError && e.reason.includes("needs Content-Length"),
  );
  assert.throws(
    () => new SipStreamFramer().push(bytes(REGISTER.replace("Content-Length: 0", "Content-Length: x"))),
    SipParseError,
  );
});

test(`a message over ${MAX_SIP_MESSAGE} bytes is refused at its header, before the body arrives`, () => {
  const big = REGISTER.replace("Content-Length: 0", `Content-Length: ${MAX_SIP_MESSAGE}`);
  assert.throws(
    () => new SipStreamFramer().push(bytes(big)),
    (e: unknown) => e instanceof SipParseError && e.reason.includes("over the 65536-byte limit"),
  );
  // Content-Length "0" becomes five digits: four bytes more of header.
  const body = MAX_SIP_MESSAGE - REGISTER.length - 4;
  const f = new SipStreamFramer();
  assert.deepEqual(f.push(bytes(REGISTER.replace("Content-Length: 0", `Content-Length: ${body}`))), []);
  assert.equal(f.push(new Uint8Array(body)).at(0)?.length, MAX_SIP_MESSAGE);
});

test("headers that never end are refused once they pass the limit", () => {
  const f = new SipStreamFramer();
  const line = bytes(`X-Pad: ${"a".repeat(1000)}\r\n`);
  assert.throws(
    () => {
      for (let i = 0; i < 70; i++) f.push(line);
    },
    (e: unknown) => e instanceof SipParseError && e.reason.includes("no end of the headers"),
  );
});
