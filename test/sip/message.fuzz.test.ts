import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { test } from "node:test";
import { SeededRng, type Rng } from "../../src/core/Rng.js";
import { parseAuthorization, parseChallenge, pickChallenge, verifyAuthorization } from "../../src/sip/digest.js";
import { parseCSeq, parseNameAddr, parseUri, parseVia } from "../../src/sip/headers.js";
import { MAX_SIP_MESSAGE, SipParseError, formatSip, parseSip, type SipMessage } from "../../src/sip/message.js";
import { SipStreamFramer } from "../../src/sip/SipStreamFramer.js";
import { OK_TWO_CONTACTS, REGISTER, UNAUTHORIZED, crlf } from "./golden.js";

/**
 * Fuzzing with a seeded mutator (reproducible: a failure names its seed and case). Inputs are mutations of valid
 * messages; the parsers must return a value or throw SipParseError, never anything else, and must not hang.
 */

const MESSAGE_WITH_BODY = crlf(
  "MESSAGE sip:1002@pbx.example.com SIP/2.0",
  "v: SIP/2.0/TCP 192.0.2.10;branch=z9hG4bK3",
  "f: <sip:1001@pbx.example.com>;tag=1",
  "t: <sip:1002@pbx.example.com>",
  "i: m1",
  "CSeq: 1 MESSAGE",
  "Subject: folded",
  "  over two lines",
  "c: text/plain",
  "l: 5",
  "",
  "hello",
);
const SEEDS = [REGISTER, UNAUTHORIZED, OK_TWO_CONTACTS, MESSAGE_WITH_BODY];

/** Mutations work on text with one character per byte (latin1), so they can produce any byte. */
const toBytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)]!;
const at = (rng: Rng, s: string) => rng.int(s.length + 1);
const withLines = (s: string, f: (lines: string[]) => void) => {
  const lines = s.split("\r\n");
  f(lines);
  return lines.join("\r\n");
};
const SPECIAL = ':;<>",=@[]\\/ \t\r\n%*?&';

const MUTATIONS: readonly ((s: string, rng: Rng) => string)[] = [
  /* truncate */ (s, rng) => s.slice(0, at(rng, s)),
  /* flip bytes */ (s, rng) => {
    const chars = [...s];
    for (let n = 1 + rng.int(8); n > 0; n--) chars[rng.int(chars.length)] = String.fromCharCode(rng.int(256));
    return chars.join("");
  },
  /* drop a line */ (s, rng) => withLines(s, (l) => l.splice(rng.int(l.length), 1)),
  /* duplicate a line */ (s, rng) => withLines(s, (l) => l.splice(rng.int(l.length), 0, pick(rng, l))),
  /* swap two lines */ (s, rng) =>
    withLines(s, (l) => {
      const [i, j] = [rng.int(l.length), rng.int(l.length)];
      [l[i], l[j]] = [l[j]!, l[i]!];
    }),
  /* huge header */ (s, rng) =>
    withLines(s, (l) =>
      l.splice(1 + rng.int(l.length - 1), 0, `X-Huge: ${"a".repeat(pick(rng, [300, 9000, 65536, 70000]))}`),
    ),
  /* many headers */ (s, rng) =>
    withLines(s, (l) => l.splice(1, 0, ...Array.from({ length: 150 + rng.int(120) }, (_, i) => `X-${i}: ${i}`))),
  /* bad Content-Length */ (s, rng) => {
    const v = pick(rng, ["-1", "99999", "1e3", "", " ", "0x10", "99999999999999999999", String(rng.int(2000)), "5, 6"]);
    return /(Content-Length|l): *[^\r]*/i.test(s)
      ? s.replace(/(Content-Length|l): *[^\r]*/i, `Content-Length: ${v}`)
      : withLines(s, (l) => l.splice(1, 0, `Content-Length: ${v}`));
  },
  /* binary garbage */ (_s, rng) =>
    Array.from({ length: rng.int(600) }, () => String.fromCharCode(rng.int(256))).join(""),
  /* special characters */ (s, rng) => {
    let out = s;
    for (let n = 1 + rng.int(10); n > 0; n--) {
      const i = at(rng, out);
      out = out.slice(0, i) + pick(rng, [...SPECIAL]) + out.slice(i);
    }
    return out;
  },
  /* splice with another message */ (s, rng) => {
    const other = pick(rng, SEEDS);
    return s.slice(0, at(rng, s)) + other.slice(at(rng, other));
  },
  /* fold a line */ (s, rng) => withLines(s, (l) => (l[rng.int(l.length)] = ` ${pick(rng, l)}`)),
  /* bare LF */ (s) => s.replace("\r\n", "\n"),
  /* UTF-8 and invalid UTF-8 */ (s, rng) => {
    const i = at(rng, s);
    return s.slice(0, i) + pick(rng, ["\xc3\xa9", "\xc3", "\xff\xfe", "\xe2\x82"]) + s.slice(i);
  },
];

function mutate(seed: string, rng: Rng): string {
  let s = seed;
  for (let n = 1 + rng.int(3); n > 0; n--) s = pick(rng, MUTATIONS)(s, rng);
  return s;
}

/** The parts of a message that formatSip must keep (it rewrites Content-Length). */
const essence = (m: SipMessage) => ({ ...m, headers: m.headers.filter((h) => h.name !== "content-length") });

/** Runs `f` and asserts it either returns or throws a SipParseError; tracks the slowest call. */
function survives<T>(label: string, f: () => T, slowest: { ms: number }): T | undefined {
  const t0 = performance.now();
  try {
    return f();
  } catch (e) {
    assert.ok(e instanceof SipParseError, `${label}: threw ${String(e)}`);
    return undefined;
  } finally {
    slowest.ms = Math.max(slowest.ms, performance.now() - t0);
  }
}

test("10 000 malformed messages: parseSip returns a message or throws SipParseError with a line, quickly", () => {
  const rng = new SeededRng("sip-fuzz-parse");
  const slowest = { ms: 0 };
  let accepted = 0;
  for (let i = 0; i < 10_000; i++) {
    const input = toBytes(mutate(pick(rng, SEEDS), rng));
    const label = `case ${i}`;
    const t0 = performance.now();
    try {
      const m = parseSip(input);
      accepted++;
      const text = formatSip(m);
      if (Buffer.byteLength(text) <= MAX_SIP_MESSAGE) assert.deepEqual(essence(parseSip(text)), essence(m), label);
    } catch (e) {
      assert.ok(e instanceof SipParseError, `${label}: threw ${String(e)}`);
      assert.ok(Number.isInteger(e.context.line) && e.context.line! >= 1, `${label}: ${e.message}`);
    }
    slowest.ms = Math.max(slowest.ms, performance.now() - t0);
  }
  // The mutations must leave some messages valid and break most: otherwise they test nothing.
  assert.ok(accepted > 300 && accepted < 9000, `accepted ${accepted}`);
  assert.ok(slowest.ms < 500, `slowest ${slowest.ms} ms`);
});

test("1 000 mutated streams in random chunks: SipStreamFramer returns messages or throws SipParseError", () => {
  const rng = new SeededRng("sip-fuzz-framer");
  const slowest = { ms: 0 };
  let framed = 0;
  for (let i = 0; i < 1000; i++) {
    const parts = Array.from({ length: 1 + rng.int(4) }, () => {
      const seed = pick(rng, SEEDS);
      return pick(rng, ["", "\r\n", "\r\n\r\n"]) + (rng.int(3) === 0 ? seed : mutate(seed, rng));
    });
    const stream = toBytes(parts.join(""));
    const framer = new SipStreamFramer();
    for (let off = 0; off < stream.length;) {
      const size = 1 + rng.int(pick(rng, [8, 200, 5000]));
      const out = survives(`stream ${i}`, () => framer.push(stream.subarray(off, off + size)), slowest);
      if (out === undefined) break;
      for (const msg of out) {
        framed++;
        assert.ok(msg.length <= MAX_SIP_MESSAGE);
        survives(`stream ${i} message`, () => parseSip(msg), slowest);
      }
      off += size;
    }
  }
  assert.ok(framed > 200, `framed ${framed}`);
  assert.ok(slowest.ms < 500, `slowest ${slowest.ms} ms`);
});

test("2 000 mutated challenges and credentials: the digest parsers return or throw SipParseError", () => {
  const rng = new SeededRng("sip-fuzz-digest");
  const slowest = { ms: 0 };
  const challenge =
    'Digest realm="pbx.example.com", nonce="ea9c8e88", opaque="x,y", algorithm=SHA-256, qop="auth,auth-int", stale=FALSE';
  const credentials =
    'Digest username="1001", realm="pbx.example.com", nonce="ea9c8e88", uri="sip:pbx.example.com", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b", opaque="x"';
  for (let i = 0; i < 2000; i++) {
    const c = mutate(challenge, rng);
    survives(`challenge ${i}`, () => parseChallenge(c), slowest);
    assert.doesNotThrow(() => pickChallenge([c, challenge]));
    const a = mutate(credentials, rng);
    const parsed = survives(`credentials ${i}`, () => parseAuthorization(a), slowest);
    if (parsed !== undefined) assert.equal(typeof verifyAuthorization(parsed, "secret", "REGISTER"), "boolean");
  }
  assert.ok(slowest.ms < 500, `slowest ${slowest.ms} ms`);
});

test("2 000 mutated header values: the URI, name-addr, Via and CSeq parsers return or throw SipParseError", () => {
  const rng = new SeededRng("sip-fuzz-headers");
  const slowest = { ms: 0 };
  const values: readonly [string, (s: string) => unknown][] = [
    ["sips:1001%20x@[2001:db8::10]:5061;transport=tls;lr?x=y", parseUri],
    ['"Smith, J." <sip:j@h.example;x=a>;tag=12;+sip.instance="<urn:uuid:1>"', parseNameAddr],
    ["SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776;rport;received=2001:db8::2", parseVia],
    ["4711 REGISTER", parseCSeq],
  ];
  for (let i = 0; i < 2000; i++) {
    const [seed, parse] = pick(rng, values);
    const v = mutate(seed, rng);
    survives(`value ${i}`, () => parse(v), slowest);
  }
  assert.ok(slowest.ms < 500, `slowest ${slowest.ms} ms`);
});
