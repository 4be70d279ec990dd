import assert from "node:assert/strict";
import { test } from "node:test";
import { InternalError } from "../../src/core/errors.js";
import {
  MAX_SIP_HEADERS,
  MAX_SIP_MESSAGE,
  SipParseError,
  formatSip,
  header,
  headerValues,
  parseSip,
  type SipMessage,
} from "../../src/sip/message.js";
import { OK_TWO_CONTACTS, REGISTER, UNAUTHORIZED, crlf } from "./golden.js";

/** Asserts that parsing `text` fails with a SipParseError on `line` whose reason contains `why`. */
function rejects(text: string | Uint8Array, line: number, why: string | RegExp): void {
  assert.throws(
    () => parseSip(text),
    (e: unknown) => {
      assert.ok(e instanceof SipParseError, String(e));
      assert.equal(e.code, "SIP_PARSE");
      assert.equal(e.context.line, line, e.message);
      if (typeof why === "string") assert.ok(e.reason.includes(why), e.message);
      else assert.match(e.reason, why);
      assert.ok(e.message.startsWith(`line ${line}: `), e.message);
      return true;
    },
  );
}

/** A minimal valid request with `headers` put after the mandatory ones. */
const options = (...headers: string[]) =>
  crlf(
    "OPTIONS sip:pbx.example.com SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1",
    "From: <sip:1001@pbx.example.com>;tag=1",
    "To: <sip:pbx.example.com>",
    "Call-ID: c1",
    "CSeq: 7 OPTIONS",
    ...headers,
    "",
    "",
  );

test("a REGISTER parses into its parts and formats back byte for byte (RFC 3261 §7.1)", () => {
  const m = parseSip(REGISTER);
  assert.equal(m.type, "request");
  assert.ok(m.type === "request");
  assert.equal(m.method, "REGISTER");
  assert.equal(m.uri, "sip:pbx.example.com");
  assert.equal(m.body, "");
  assert.deepEqual(
    m.headers.map((h) => h.name),
    [
      "via",
      "max-forwards",
      "from",
      "to",
      "call-id",
      "cseq",
      "contact",
      "expires",
      "supported",
      "user-agent",
      "content-length",
    ],
  );
  assert.equal(header(m, "Call-ID"), "1j9FpLxk3uxtm8tn@192.0.2.10");
  assert.equal(formatSip(m), REGISTER);
  assert.equal(formatSip(parseSip(new TextEncoder().encode(REGISTER))), REGISTER);
});

test("a 401 with WWW-Authenticate round-trips and its challenge is one value despite its commas (RFC 3261 §7.3.1)", () => {
  const m = parseSip(UNAUTHORIZED);
  assert.ok(m.type === "response");
  assert.equal(m.status, 401);
  assert.equal(m.reason, "Unauthorized");
  assert.deepEqual(headerValues(m, "WWW-Authenticate"), [
    'Digest realm="pbx.example.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", algorithm=MD5, qop="auth"',
  ]);
  assert.equal(formatSip(m), UNAUTHORIZED);
});

test("a 200 with two Contact headers round-trips; Date is not split at its comma", () => {
  const m = parseSip(OK_TWO_CONTACTS);
  assert.deepEqual(headerValues(m, "m"), [
    "<sip:1001@192.0.2.10:5060;transport=udp>;expires=120",
    "<sip:1001@198.51.100.4:5062>;expires=3417",
  ]);
  assert.deepEqual(headerValues(m, "date"), ["Sat, 13 Nov 2010 23:29:00 GMT"]);
  assert.equal(formatSip(m), OK_TWO_CONTACTS);
});

test("compact header names are read as their long forms and written long (RFC 3261 §7.3.3)", () => {
  const text = crlf(
    "INVITE sip:1002@pbx.example.com SIP/2.0",
    "v: SIP/2.0/TCP 192.0.2.10;branch=z9hG4bK2",
    "f: <sip:1001@pbx.example.com>;tag=1",
    "t: <sip:1002@pbx.example.com>",
    "i: c2",
    "CSeq: 1 INVITE",
    "m: <sip:1001@192.0.2.10;transport=tcp>",
    "k: timer, 100rel",
    "c: application/sdp",
    "e: gzip",
    "s: lunch",
    "o: dialog",
    "u: dialog, message-summary",
    "r: <sip:1003@pbx.example.com>",
    "x: 1800",
    "l: 4",
    "",
    "v=0\r",
  );
  const m = parseSip(text);
  assert.deepEqual(
    m.headers.map((h) => h.name),
    [
      "via",
      "from",
      "to",
      "call-id",
      "cseq",
      "contact",
      "supported",
      "content-type",
      "content-encoding",
      "subject",
      "event",
      "allow-events",
      "refer-to",
      "session-expires",
      "content-length",
    ],
  );
  assert.equal(m.body, "v=0\r");
  assert.equal(header(m, "VIA"), header(m, "v"));
  assert.deepEqual(headerValues(m, "Supported"), ["timer", "100rel"]);
  const again = formatSip(m);
  assert.match(again, /\r\nVia: SIP\/2\.0\/TCP /);
  assert.match(again, /\r\nCall-ID: c2\r\n/);
  assert.match(again, /\r\nContent-Length: 4\r\n\r\nv=0\r$/);
});

test("folded header lines are unfolded into one space (RFC 3261 §7.3.1)", () => {
  const m = parseSip(
    options("Subject: I know you're there,", "  pick up the phone", "\tand talk to me!", "Allow: INVITE,", " ACK"),
  );
  assert.equal(header(m, "subject"), "I know you're there, pick up the phone and talk to me!");
  assert.deepEqual(headerValues(m, "allow"), ["INVITE", "ACK"]);
});

test("a continuation line right after the start line is rejected on its line", () => {
  rejects(crlf("OPTIONS sip:a.example SIP/2.0", " folded", "", ""), 2, "continuation");
});

test("list headers are split at top-level commas only, not inside quotes or <...> (RFC 3261 §7.3.1)", () => {
  const m = parseSip(
    options(
      'Contact: "Smith, J." <sip:j@h.example;x=a,b>;q=0.5, <sip:k@h.example>',
      "Via: SIP/2.0/UDP b.example, SIP/2.0/UDP c.example",
    ),
  );
  assert.deepEqual(headerValues(m, "contact"), ['"Smith, J." <sip:j@h.example;x=a,b>;q=0.5', "<sip:k@h.example>"]);
  assert.deepEqual(headerValues(m, "via"), [
    "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1",
    "SIP/2.0/UDP b.example",
    "SIP/2.0/UDP c.example",
  ]);
  assert.equal(header(m, "via"), "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1");
  assert.equal(header(m, "record-route"), undefined);
  assert.deepEqual(headerValues(m, "record-route"), []);
});

test("Authorization, Proxy-Authenticate and Proxy-Authorization are never split", () => {
  const digest = 'Digest username="a", realm="r", nonce="n", uri="sip:x", response="0"';
  const m = parseSip(
    options(`Authorization: ${digest}`, `Proxy-Authorization: ${digest}`, `Proxy-Authenticate: ${digest}`),
  );
  for (const name of ["authorization", "proxy-authorization", "proxy-authenticate"])
    assert.deepEqual(headerValues(m, name), [digest]);
});

test("a request without Via is rejected (RFC 3261 §8.1.1)", () => {
  rejects(
    crlf(
      "OPTIONS sip:a.example SIP/2.0",
      "From: <sip:a@b.example>",
      "To: <sip:a@b.example>",
      "Call-ID: x",
      "CSeq: 1 OPTIONS",
      "",
      "",
    ),
    6,
    "without Via",
  );
});

test("From, To, Call-ID and CSeq are mandatory and appear once (RFC 3261 §8.1.1)", () => {
  const full = options().split("\r\n");
  for (const [i, name] of [
    [2, "From"],
    [3, "To"],
    [4, "Call-ID"],
    [5, "CSeq"],
  ] as const) {
    const without = full.filter((_, j) => j !== i).join("\r\n");
    rejects(without, 6, `without ${name}`);
  }
  rejects(options("CSeq: 8 OPTIONS"), 7, "more than one cseq");
  rejects(options("Content-Length: 0", "l: 0"), 8, "more than one content-length");
});

test("the CSeq method must be the request method (RFC 3261 §8.1.1.5)", () => {
  rejects(options().replace("CSeq: 7 OPTIONS", "CSeq: 7 INVITE"), 6, "CSeq method INVITE");
  rejects(options().replace("CSeq: 7 OPTIONS", "CSeq: 2147483648 OPTIONS"), 6, "2**31");
  rejects(options().replace("CSeq: 7 OPTIONS", "CSeq: OPTIONS"), 6, "not a number and a method");
});

test("every rejection says the line and why", () => {
  rejects(options("this line has no colon"), 7, "header without colon");
  rejects(options("Bad Name: x"), 7, "bad header name");
  rejects(options("X-Bare: a\nb"), 7, "control character");
  rejects("", 1, "empty message");
  rejects("\r\n\r\n", 3, "empty message");
  rejects(crlf("OPTIONS sip:a.example SIP/2.0", "Via: x"), 2, "no empty line");
  rejects(crlf("OPTIONS sip:a.example", "", ""), 1, "request line");
  rejects(crlf("OPTIONS sip:a.example SIP/3.0", "", ""), 1, "unsupported version");
  rejects(crlf("OPT{ONS sip:a.example SIP/2.0", "", ""), 1, "bad method");
  rejects(crlf("OPTIONS a.example SIP/2.0", "", ""), 1, "bad Request-URI");
  rejects(crlf("SIP/2.0 099 Early", "", ""), 1, "bad status code");
  rejects(crlf("SIP/2.0 700 Late", "", ""), 1, "over 699");
  rejects(crlf("SIP/2.0 2000 OK", "", ""), 1, "bad status code");
  rejects(options().replace("From: <sip:1001@pbx.example.com>;tag=1", "From:  "), 3, "empty From");
});

test("CRLFs before the start line are skipped and counted in line numbers (RFC 3261 §7.5)", () => {
  assert.equal(parseSip(`\r\n\r\n${REGISTER}`).type, "request");
  rejects(`\r\n${options("no colon")}`, 8, "header without colon");
});

test("the body is Content-Length bytes; extra bytes of a datagram are ignored, fewer are an error (RFC 3261 §18.3)", () => {
  const withBody = (cl: string, body: string) => `${options(`Content-Length: ${cl}`)}${body}`;
  assert.equal(parseSip(withBody("5", "hello world")).body, "hello");
  assert.equal(parseSip(withBody("0", "garbage")).body, "");
  rejects(withBody("12", "hello world"), 7, "Content-Length 12 but only 11 bytes");
  rejects(withBody("-1", ""), 7, "not a number");
  rejects(withBody("five", ""), 7, "not a number");
  // No Content-Length on a datagram: the body runs to its end.
  assert.equal(parseSip(`${options()}abc`).body, "abc");
  // Content-Length counts bytes, not characters.
  assert.equal(parseSip(withBody("2", "éx")).body, "é");
});

test(`${MAX_SIP_HEADERS} headers are accepted, one more is rejected`, () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `X-H${i}: ${i}`);
  assert.equal(parseSip(options(...filler(MAX_SIP_HEADERS - 5))).headers.length, MAX_SIP_HEADERS);
  rejects(options(...filler(MAX_SIP_HEADERS - 4)), MAX_SIP_HEADERS + 2, `more than ${MAX_SIP_HEADERS} headers`);
});

test(`a message over ${MAX_SIP_MESSAGE} bytes is rejected`, () => {
  const big = options(`X-Pad: ${"a".repeat(MAX_SIP_MESSAGE)}`);
  rejects(big, 1, "over the 65536-byte limit");
  const fits = options(`X-Pad: ${"a".repeat(MAX_SIP_MESSAGE - options("X-Pad: ").length)}`);
  assert.equal(fits.length, MAX_SIP_MESSAGE);
  assert.equal(parseSip(fits).type, "request");
});

test("formatSip writes its own Content-Length in bytes and drops any given one", () => {
  const m: SipMessage = {
    type: "response",
    status: 200,
    reason: "OK",
    headers: [
      { name: "content-length", value: "99" },
      { name: "l", value: "98" },
      { name: "Content-Type", value: "text/plain" },
    ],
    body: "grüß",
  };
  assert.equal(formatSip(m), crlf("SIP/2.0 200 OK", "Content-Type: text/plain", "Content-Length: 6", "", "grüß"));
});

test("formatSip refuses a header value with CR or LF (header injection)", () => {
  const m: SipMessage = {
    type: "request",
    method: "OPTIONS",
    uri: "sip:a.example",
    headers: [{ name: "subject", value: "hi\r\nVia: evil" }],
    body: "",
  };
  assert.throws(() => formatSip(m), InternalError);
  assert.throws(() => formatSip({ ...m, headers: [], uri: "sip:a\r\n" }), InternalError);
});
