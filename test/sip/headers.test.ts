import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addressOfRecord,
  formatNameAddr,
  formatUri,
  formatVia,
  hasParam,
  normalUri,
  paramValue,
  parseContacts,
  parseCSeq,
  parseNameAddr,
  parseUri,
  parseVia,
} from "../../src/sip/headers.js";
import { SipParseError, parseSip } from "../../src/sip/message.js";
import { OK_TWO_CONTACTS, REGISTER } from "./golden.js";

const bad = (f: () => unknown, why: string) =>
  assert.throws(f, (e: unknown) => e instanceof SipParseError && e.reason.includes(why));

test("SIP URIs with IPv4, host names and [IPv6] parse and format back (RFC 3261 §19.1.1)", () => {
  const cases = [
    "sip:alice@atlanta.com",
    "sip:1001@192.0.2.10:5060;transport=udp",
    "sips:1001@[2001:db8::10]:5061;transport=tls",
    "sip:[::ffff:192.0.2.1]",
    "sip:pbx.example.com;lr",
    "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
    "sip:+4930123456;phone-context=example.com@gw.example.com;user=phone",
  ];
  for (const s of cases) assert.equal(formatUri(parseUri(s)), s);
  const u = parseUri("sips:1001@[2001:db8::10]:5061;transport=tls;lr");
  assert.deepEqual(
    { ...u, params: [...u.params] },
    {
      scheme: "sips",
      user: "1001",
      host: "[2001:db8::10]",
      port: 5061,
      params: [
        ["transport", "tls"],
        ["lr", undefined],
      ],
    },
  );
  assert.equal(parseUri("SIP:a@B.example").scheme, "sip");
});

test("the user part is unescaped and may hold ; ? and other user-unreserved characters (RFC 3261 §19.1.2)", () => {
  assert.equal(parseUri("sip:alice%20smith@example.com").user, "alice smith");
  assert.equal(formatUri(parseUri("sip:alice%20smith@example.com")), "sip:alice%20smith@example.com");
  assert.equal(parseUri("sip:alice;day=tuesday@atlanta.com").user, "alice;day=tuesday");
  assert.equal(formatUri(parseUri("sip:%61lice@atlanta.com")), "sip:alice@atlanta.com");
  assert.equal(formatUri({ scheme: "sip", user: "a@b", host: "c.example", params: new Map() }), "sip:a%40b@c.example");
});

test("a password in the user part is not supported (RFC 3261 §19.1.1: NOT RECOMMENDED)", () => {
  bad(() => parseUri("sip:+1-212-555-1212:1234@gateway.com;user=phone"), "password");
});

test("malformed URIs are rejected with a reason", () => {
  bad(() => parseUri("tel:+4930123456"), "not a sip: or sips: URI");
  bad(() => parseUri("sip:alice@"), "bad host");
  bad(() => parseUri("sip:a@b.example:0"), "bad port");
  bad(() => parseUri("sip:a@b.example:65536"), "bad port");
  bad(() => parseUri("sip:a@1.2.3"), "bad host");
  bad(() => parseUri("sip:a@-x.example"), "bad host");
  bad(() => parseUri("sip:a@[2001:db8::1"), "bad host");
  bad(() => parseUri("sip:a@[1:2:3:4:5:6:7:8:9]"), "bad host");
  bad(() => parseUri("sip:a b@c.example"), "bad user part");
  bad(() => parseUri("sip:%C3@c.example"), "bad escape");
  bad(() => parseUri("sip:a@c.example;;lr"), "bad parameter name");
  bad(() => parseUri("sip:a@c.example;lr;LR"), "appears twice");
  bad(() => parseUri("sip:a@b@c.example"), "bad host");
});

test("the address-of-record drops port and parameters and lower-cases the host (RFC 3261 §10.3 step 5)", () => {
  assert.equal(addressOfRecord(parseUri("sip:1001@PBX.Example.com:5060;transport=tcp")), "sip:1001@pbx.example.com");
  assert.equal(
    normalUri(parseUri("sip:1001@PBX.example.com:5062;Transport=tcp?x=y")),
    "sip:1001@pbx.example.com:5062;transport=tcp",
  );
});

test("name-addr: quoted display names, plain display names, parameters after > (RFC 3261 §20.10)", () => {
  const quoted = parseNameAddr('"Smith, \\"J\\"" <sip:j@h.example;transport=tcp>;tag=12;expires=60');
  assert.equal(quoted.display, 'Smith, "J"');
  assert.equal(quoted.uri, "sip:j@h.example;transport=tcp");
  assert.deepEqual(
    [...quoted.params],
    [
      ["tag", "12"],
      ["expires", "60"],
    ],
  );
  assert.equal(formatNameAddr(quoted), '"Smith, \\"J\\"" <sip:j@h.example;transport=tcp>;tag=12;expires=60');
  const plain = parseNameAddr("Alice Smith <sip:alice@a.example>");
  assert.equal(plain.display, "Alice Smith");
  assert.equal(formatNameAddr(plain), "Alice Smith <sip:alice@a.example>");
  assert.equal(parseNameAddr("<sip:a@b.example>").display, undefined);
  const instance = parseNameAddr('<sip:1001@192.0.2.10>;+sip.instance="<urn:uuid:1>";reg-id=1');
  assert.equal(paramValue(instance.params, "+SIP.Instance"), "<urn:uuid:1>");
});

test("without angle brackets the ;parameters belong to the header, not to the URI (RFC 3261 §20.10)", () => {
  const n = parseNameAddr("sip:1001@192.0.2.10;expires=60;tag=x");
  assert.equal(n.uri, "sip:1001@192.0.2.10");
  assert.deepEqual([...n.params.keys()], ["expires", "tag"]);
  assert.equal(formatNameAddr(n), "<sip:1001@192.0.2.10>;expires=60;tag=x");
  bad(() => parseNameAddr("sip:a@b.example?subject=x"), "must be in <>");
});

test("malformed name-addr values are rejected", () => {
  bad(() => parseNameAddr('"Alice <sip:a@b.example>'), "unterminated display name");
  bad(() => parseNameAddr('"Alice" sip:a@b.example'), "followed by <URI>");
  bad(() => parseNameAddr("<sip:a@b.example"), "missing >");
  bad(() => parseNameAddr("<sip:a@b.example> junk"), "after the URI");
  bad(() => parseNameAddr("<>"), "bad URI");
  bad(() => parseNameAddr("<sip:a@b.example>;tag=1;tag=2"), "appears twice");
  bad(() => parseNameAddr("<sip:a@b.example>;ta g=1"), "bad parameter name");
});

test("Contact: every value of a message; * only alone (RFC 3261 §10.2.2)", () => {
  const contacts = parseContacts(parseSip(OK_TWO_CONTACTS));
  assert.ok(contacts !== "*");
  assert.deepEqual(
    contacts.map((c) => paramValue(c.params, "expires")),
    ["120", "3417"],
  );
  const star = parseSip(REGISTER.replace(/Contact: .*\r\n/, "Contact: *\r\n"));
  assert.equal(parseContacts(star), "*");
  const mixed = parseSip(REGISTER.replace(/Contact: .*\r\n/, "Contact: *, <sip:a@b.example>\r\n"));
  bad(() => parseContacts(mixed), "only Contact");
  assert.deepEqual(parseContacts(parseSip(REGISTER.replace(/Contact: .*\r\n/, ""))), []);
});

test("Via: transport, sent-by and params; rport may be valueless (RFC 3261 §20.42, RFC 3581 §3)", () => {
  const v = parseVia("SIP/2.0/udp 192.0.2.10:5060;branch=z9hG4bK776;rport");
  assert.equal(v.transport, "UDP");
  assert.equal(v.host, "192.0.2.10");
  assert.equal(v.port, 5060);
  assert.equal(paramValue(v.params, "branch"), "z9hG4bK776");
  assert.ok(hasParam(v.params, "rport"));
  assert.equal(paramValue(v.params, "rport"), undefined);
  assert.equal(formatVia(v), "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776;rport");
  const v6 = parseVia("SIP / 2.0 / TLS [2001:db8::1];received=2001:db8::2;branch=z9hG4bK1");
  assert.equal(v6.host, "[2001:db8::1]");
  assert.equal(v6.port, undefined);
  assert.equal(paramValue(v6.params, "received"), "2001:db8::2");
  bad(() => parseVia("SIP/3.0/UDP a.example"), "is not SIP/2.0");
  bad(() => parseVia("SIP/2.0/UDP"), "is not SIP/2.0");
  bad(() => parseVia("SIP/2.0/UDP a.example:x"), "bad port");
});

test("CSeq: a number below 2**31 and a method (RFC 3261 §8.1.1.5)", () => {
  assert.deepEqual(parseCSeq("4711 INVITE"), { seq: 4711, method: "INVITE" });
  assert.deepEqual(parseCSeq(" 2147483647\tREGISTER "), { seq: 2 ** 31 - 1, method: "REGISTER" });
  bad(() => parseCSeq("2147483648 REGISTER"), "2**31");
  bad(() => parseCSeq("1"), "not a number and a method");
  bad(() => parseCSeq("x REGISTER"), "not a number and a method");
  bad(() => parseCSeq("1 REG{STER"), "not a number and a method");
});

test("paramValue compares names case-insensitively and strips quotes", () => {
  const p = new Map<string, string | undefined>([
    ["Expires", "60"],
    ["q", '"0.5"'],
    ["lr", undefined],
  ]);
  assert.equal(paramValue(p, "expires"), "60");
  assert.equal(paramValue(p, "Q"), "0.5");
  assert.equal(paramValue(p, "lr"), undefined);
  assert.ok(hasParam(p, "LR"));
  assert.equal(paramValue(p, "tag"), undefined);
  assert.ok(!hasParam(p, "tag"));
});
