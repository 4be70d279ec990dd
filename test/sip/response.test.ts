import assert from "node:assert/strict";
import { test } from "node:test";
import { paramValue, parseNameAddr, parseVia } from "../../src/sip/headers.js";
import { formatSip, header, headerValues, parseSip, type SipRequest } from "../../src/sip/message.js";
import { withReceived } from "../../src/sip/received.js";
import { responseTo, warning } from "../../src/sip/response.js";
import { REGISTER } from "./golden.js";

const req = parseSip(REGISTER) as SipRequest;
const toTag = (value: string | undefined) => paramValue(parseNameAddr(value ?? "").params, "tag");

test("a response copies Via, From, To, Call-ID and CSeq and nothing else (RFC 3261 §8.2.6.2)", () => {
  const res = responseTo(req, 423, "Interval Too Brief", [{ name: "Min-Expires", value: "60" }]);
  assert.deepEqual(
    res.headers.map((h) => h.name),
    ["via", "from", "to", "call-id", "cseq", "min-expires"],
  );
  for (const name of ["via", "from", "call-id", "cseq"]) assert.equal(header(res, name), header(req, name));
  assert.equal(res.body, "");
  assert.match(formatSip(res), /^SIP\/2\.0 423 Interval Too Brief\r\n/);
});

test("the To gets a tag, the same for the same request and another for another (RFC 3261 §8.2.6.2)", () => {
  const a = toTag(header(responseTo(req, 401, "Unauthorized"), "to"));
  assert.match(a ?? "", /^[0-9a-f]{16}$/);
  assert.equal(toTag(header(responseTo(req, 200, "OK"), "to")), a);
  const next = parseSip(REGISTER.replace("CSeq: 1 REGISTER", "CSeq: 2 REGISTER")) as SipRequest;
  assert.notEqual(toTag(header(responseTo(next, 200, "OK"), "to")), a);
  assert.equal(toTag(header(responseTo(req, 200, "OK", [], "given"), "to")), "given");
});

test("a To that has a tag keeps it, and a 100 Trying adds none", () => {
  const tagged = parseSip(
    REGISTER.replace("To: <sip:1001@pbx.example.com>", "To: <sip:1001@pbx.example.com>;tag=x"),
  ) as SipRequest;
  assert.equal(header(responseTo(tagged, 200, "OK"), "to"), "<sip:1001@pbx.example.com>;tag=x");
  assert.equal(header(responseTo(req, 100, "Trying"), "to"), "<sip:1001@pbx.example.com>");
});

test("Warning explains a 4xx with code 399 and a quoted text (RFC 3261 §20.43)", () => {
  assert.deepEqual(warning('bad "x"\r\n'), { name: "warning", value: '399 ipdect "bad \\"x\\"  "' });
});

test("received and rport are added to the top Via when the client asked or sits behind NAT (RFC 3261 §18.2.1, RFC 3581 §4)", () => {
  const natted = withReceived(req, { ip: "203.0.113.7", port: 40000 });
  const via = parseVia(headerValues(natted, "via")[0]!);
  assert.equal(paramValue(via.params, "received"), "203.0.113.7");
  assert.equal(paramValue(via.params, "rport"), "40000");
  assert.equal(paramValue(via.params, "branch"), "z9hG4bKnashds7");
  // RFC 3581 §4: with rport, received is added even when the address is the sent-by one.
  const direct = parseVia(headerValues(withReceived(req, { ip: "192.0.2.10", port: 5060 }), "via")[0]!);
  assert.equal(paramValue(direct.params, "received"), "192.0.2.10");
  // Without rport and from the sent-by address, nothing changes.
  const plain = parseSip(REGISTER.replace(";rport", "")) as SipRequest;
  assert.equal(withReceived(plain, { ip: "192.0.2.10", port: 5060 }), plain);
  const moved = parseVia(headerValues(withReceived(plain, { ip: "203.0.113.7", port: 5060 }), "via")[0]!);
  assert.equal(paramValue(moved.params, "received"), "203.0.113.7");
  assert.equal(paramValue(moved.params, "rport"), undefined);
});

test("only the first of several Vias in one header is stamped", () => {
  const two = parseSip(
    REGISTER.replace(";rport", ";rport, SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp"),
  ) as SipRequest;
  const vias = headerValues(withReceived(two, { ip: "203.0.113.7", port: 40000 }), "via");
  assert.equal(vias.length, 2);
  assert.equal(vias[1], "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp");
  assert.match(vias[0]!, /;rport=40000;received=203\.0\.113\.7$/);
});
