import assert from "node:assert/strict";
import { test } from "node:test";
import {
  authorization,
  formatChallenge,
  parseAuthorization,
  parseChallenge,
  pickChallenge,
  verifyAuthorization,
  type DigestChallenge,
} from "../../src/sip/digest.js";
import { SipParseError } from "../../src/sip/message.js";

const bad = (f: () => unknown, why: string) =>
  assert.throws(f, (e: unknown) => e instanceof SipParseError && e.reason.includes(why));

/** RFC 2617 §3.5, the challenge and the credentials as printed there. */
const RFC2617_CHALLENGE =
  'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
const RFC2617_AUTHORIZATION =
  'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

/** RFC 7616 §3.9.1 (note: "Circle of Life" here, "Circle Of Life" in RFC 2617). */
const rfc7616 = (algorithm: string) =>
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`;
const RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

const responseOf = (value: string) => parseAuthorization(value).response;

test("MD5 golden vector: the RFC 2617 §3.5 example gives response 6629fae4…", () => {
  const ch = parseChallenge(RFC2617_CHALLENGE);
  assert.deepEqual(ch, {
    scheme: "Digest",
    realm: "testrealm@host.com",
    nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
    opaque: "5ccc069c403ebaf9f0171e9517f40e41",
    algorithm: "MD5",
    qop: ["auth", "auth-int"],
    stale: false,
  });
  const value = authorization(
    ch,
    { username: "Mufasa", password: "Circle Of Life" },
    "GET",
    "/dir/index.html",
    "0a4f113b",
    1,
  );
  assert.equal(
    value,
    'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
  );
  const printed = parseAuthorization(RFC2617_AUTHORIZATION);
  assert.ok(verifyAuthorization(printed, "Circle Of Life", "GET"));
  assert.ok(!verifyAuthorization(printed, "Circle of Life", "GET"));
  assert.ok(!verifyAuthorization(printed, "Circle Of Life", "POST"));
});

test("SHA-256 golden vector: the RFC 7616 §3.9.1 example gives response 753927fa… (and 8ca523f5… with MD5)", () => {
  const cred = { username: "Mufasa", password: "Circle of Life" };
  const sha = parseChallenge(rfc7616("SHA-256"));
  assert.equal(sha.algorithm, "SHA-256");
  const shaValue = authorization(sha, cred, "GET", "/dir/index.html", RFC7616_CNONCE, 1);
  assert.equal(responseOf(shaValue), "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  assert.match(shaValue, /, algorithm=SHA-256, qop=auth, nc=00000001, cnonce="f2\/wE4q/);
  const md5Value = authorization(parseChallenge(rfc7616("MD5")), cred, "GET", "/dir/index.html", RFC7616_CNONCE, 1);
  assert.equal(responseOf(md5Value), "8ca523f5e9506fed4657c9700eebdbec");
});

test("authorization → parseAuthorization → verifyAuthorization round-trips for both algorithms", () => {
  for (const algorithm of ["MD5", "SHA-256"] as const) {
    const ch: DigestChallenge = {
      scheme: "Digest",
      realm: "pbx.example.com",
      nonce: "n1",
      algorithm,
      qop: ["auth"],
      stale: false,
    };
    const value = authorization(
      ch,
      { username: 'al"ice', password: "pw" },
      "REGISTER",
      "sip:pbx.example.com",
      "c0ffee",
      258,
    );
    const a = parseAuthorization(value);
    assert.equal(a.username, 'al"ice');
    assert.equal(a.nc, "00000102");
    assert.equal(a.algorithm, algorithm);
    assert.ok(verifyAuthorization(a, "pw", "REGISTER"));
    assert.ok(!verifyAuthorization(a, "pw", "INVITE"));
    assert.ok(!verifyAuthorization({ ...a, nc: "00000103" }, "pw", "REGISTER"));
    assert.ok(!verifyAuthorization({ ...a, response: a.response.slice(1) }, "pw", "REGISTER"));
    assert.ok(verifyAuthorization({ ...a, response: a.response.toUpperCase() }, "pw", "REGISTER"));
  }
});

test("without qop in the challenge the RFC 2069 form is used (RFC 2617 §3.2.2.1)", () => {
  const ch: DigestChallenge = { scheme: "Digest", realm: "r", nonce: "n", algorithm: "MD5", qop: [], stale: false };
  const value = authorization(ch, { username: "u", password: "p" }, "REGISTER", "sip:r", "c", 1);
  assert.doesNotMatch(value, /qop|nc=|cnonce/);
  const a = parseAuthorization(value);
  assert.ok(verifyAuthorization(a, "p", "REGISTER"));
  // auth-int alone cannot be answered with qop (no body here): also the RFC 2069 form.
  assert.doesNotMatch(
    authorization({ ...ch, qop: ["auth-int"] }, { username: "u", password: "p" }, "REGISTER", "sip:r", "c", 1),
    /qop/,
  );
  assert.ok(!verifyAuthorization({ ...a, qop: "auth-int", nc: "00000001", cnonce: "c" }, "p", "REGISTER"));
});

test("pickChallenge prefers SHA-256 over MD5 and skips what does not parse (RFC 8760 §2.4)", () => {
  const md5 = 'Digest realm="r", nonce="a", algorithm=MD5';
  const sha = 'Digest realm="r", nonce="b", algorithm=SHA-256';
  assert.equal(pickChallenge([md5, sha])?.nonce, "b");
  assert.equal(pickChallenge([sha, md5])?.nonce, "b");
  assert.equal(pickChallenge(['Basic realm="r"', "Digest garbage", md5])?.nonce, "a");
  assert.equal(pickChallenge(['Digest realm="r", nonce="c", algorithm=MD5-sess']), undefined);
  assert.equal(pickChallenge([]), undefined);
});

test("challenges: stale, unquoted values, case of names; formatChallenge round-trips", () => {
  const ch = parseChallenge('digest REALM="r",nonce=abc/def=,Stale=TRUE , algorithm=sha-256');
  assert.equal(ch.nonce, "abc/def=");
  assert.equal(ch.stale, true);
  assert.equal(ch.algorithm, "SHA-256");
  assert.deepEqual(ch.qop, []);
  const full: DigestChallenge = {
    scheme: "Digest",
    realm: 'a "b"',
    nonce: "n",
    opaque: "o",
    algorithm: "MD5",
    qop: ["auth"],
    stale: true,
  };
  assert.equal(
    formatChallenge(full),
    'Digest realm="a \\"b\\"", nonce="n", opaque="o", algorithm=MD5, qop="auth", stale=true',
  );
  assert.deepEqual(parseChallenge(formatChallenge(full)), full);
});

test("bad challenges are rejected: missing realm or nonce, unknown algorithm, other scheme, broken syntax", () => {
  bad(() => parseChallenge('Digest nonce="n"'), "without realm");
  bad(() => parseChallenge('Digest realm="r"'), "without nonce");
  bad(() => parseChallenge('Digest realm="r", nonce="n", algorithm=MD5-sess'), "unsupported algorithm");
  bad(() => parseChallenge('Digest realm="r", nonce="n", algorithm=SHA-512-256'), "unsupported algorithm");
  bad(() => parseChallenge('Basic realm="r"'), "is not Digest");
  bad(() => parseChallenge('Digest realm="r, nonce="n"'), 'expected ","');
  bad(() => parseChallenge('Digest realm="r", nonce="n'), "unterminated");
  bad(() => parseChallenge('Digest realm="r" nonce="n"'), 'expected ","');
  bad(() => parseChallenge('Digest realm="r", realm="s", nonce="n"'), "appears twice");
  bad(() => parseChallenge('Digest realm=, nonce="n"'), "without a value");
  bad(() => parseChallenge("Digest"), "not a scheme followed by parameters");
});

test("bad credentials are rejected: missing fields, qop without nc and cnonce, nc not 8 hex digits", () => {
  bad(() => parseAuthorization('Digest username="u", realm="r", nonce="n", uri="sip:r"'), "without response");
  bad(
    () => parseAuthorization('Digest username="u", realm="r", nonce="n", uri="sip:r", response="0", qop=auth'),
    "qop without nc",
  );
  bad(
    () =>
      parseAuthorization(
        'Digest username="u", realm="r", nonce="n", uri="sip:r", response="0", qop=auth, nc=1, cnonce="c"',
      ),
    "8 hex digits",
  );
});
