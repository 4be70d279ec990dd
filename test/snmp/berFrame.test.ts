/**
 * The BER frame check the agent runs before net-snmp parses a datagram (RFC 3417 §8): whole messages pass; every
 * truncation, trailing bytes, the indefinite form and absurd nesting do not; no input makes it throw.
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { isWellFramed } from "../../src/snmp/berFrame.js";
import { communityMessage, pdu, PDU, tlv, v3Message } from "../helpers/snmp.js";

const VALID = [
  communityMessage(0, "public", pdu(PDU.get, 1, [".1.3.6.1.2.1.1.5.0"])),
  communityMessage(1, "public", pdu(PDU.getBulk, 300, [".1.3.6.1.2.1.1.1.0", ".1.3.6.1.2.1.1"], 1, 5)),
  communityMessage(
    1,
    "public",
    pdu(
      PDU.get,
      2,
      Array.from({ length: 400 }, () => ".1.3.6.1.2.1.1.5.0"),
    ),
  ),
  v3Message({ msgMaxSize: 65_507, engineId: Buffer.alloc(0), user: "", body: pdu(PDU.get, 3, []) }),
];

test("whole SNMPv1, v2c and v3 messages are well framed, short and long length forms alike", () => {
  for (const m of VALID) assert.ok(isWellFramed(m), m.toString("hex"));
  assert.ok(VALID[2]!.length > 256, "the long form with two length octets");
});

test("every truncation of a valid message is refused, down to the empty datagram", () => {
  for (const m of VALID) for (let n = 0; n < m.length; n++) assert.equal(isWellFramed(m.subarray(0, n)), false, `${n}`);
});

test("bytes after the message, the indefinite form, five length octets and deep nesting are refused", () => {
  const m = VALID[0]!;
  assert.equal(isWellFramed(Buffer.concat([m, Buffer.from([0])])), false);
  assert.equal(isWellFramed(Buffer.concat([m, m])), false);
  assert.equal(isWellFramed(Buffer.from([0x30, 0x80, 0x02, 0x01, 0x00, 0x00, 0x00])), false);
  assert.equal(isWellFramed(Buffer.from([0x30, 0x85, 0, 0, 0, 0, 3, 2, 1, 0])), false);
  let nested: Buffer = Buffer.from([0x05, 0x00]);
  for (let i = 0; i < 8; i++) nested = tlv(0x30, nested);
  assert.ok(isWellFramed(nested));
  assert.equal(isWellFramed(tlv(0x30, nested)), false);
});

test("a constructed element must be filled exactly by its own elements", () => {
  // A SEQUENCE of 5 octets holding an INTEGER that claims 4: it runs past its parent.
  assert.equal(isWellFramed(Buffer.from([0x30, 0x05, 0x02, 0x04, 0x01, 0x02, 0x03])), false);
  // A primitive element's content is not looked into.
  assert.ok(isWellFramed(Buffer.from([0x30, 0x04, 0x04, 0x02, 0x30, 0x09])));
});

test("100 000 random datagrams never make the check throw", () => {
  let s = 7;
  const rnd = (k: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % k;
  };
  for (let i = 0; i < 100_000; i++) {
    const b = Buffer.from(Array.from({ length: 1 + rnd(64) }, () => rnd(256)));
    if (rnd(2) === 0) b[0] = 0x30;
    assert.equal(typeof isWellFramed(b), "boolean");
  }
});
