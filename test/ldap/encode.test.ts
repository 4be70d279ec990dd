import assert from "node:assert/strict";
import { test } from "node:test";
import { integer, lengthOctets, octets } from "../../src/ldap/ber.js";
import {
  encodeEntryOp,
  encodeExtended,
  encodeMessage,
  encodeResult,
  noticeOfDisconnection,
  ResponseTag,
} from "../../src/ldap/encode.js";
import { ResultCode } from "../../src/ldap/resultCodes.js";
import { readResponse } from "./responses.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

test("BER: definite lengths in short and long form, minimal non-negative integers (X.690 §8.1.3, §8.3)", () => {
  assert.equal(hex(lengthOctets(0)), "00");
  assert.equal(hex(lengthOctets(127)), "7f");
  assert.equal(hex(lengthOctets(128)), "8180");
  assert.equal(hex(lengthOctets(256)), "820100");
  assert.equal(hex(lengthOctets(70000)), "83011170");
  assert.equal(hex(integer(0)), "020100");
  assert.equal(hex(integer(127)), "02017f");
  assert.equal(hex(integer(128)), "02020080");
  assert.equal(hex(integer(2147483647)), "02047fffffff");
  assert.equal(hex(octets("é")), "0402c3a9");
});

test("golden vectors: bindResponse success, searchResDone with a matchedDN, a SearchResultEntry", () => {
  // 30 0c { 02 01 01, 61 07 { 0a 01 00, 04 00, 04 00 } }
  assert.equal(
    hex(encodeResult(1, ResponseTag.bind, { code: ResultCode.success, message: "" })),
    "300c02010161070a010004000400",
  );
  assert.equal(
    hex(
      encodeResult(2, ResponseTag.searchDone, { code: ResultCode.noSuchObject, message: "no", matchedDn: "cn=PBX0" }),
    ),
    ["3015", "020102", "6510", "0a0120", "0407636e3d50425830", "04026e6f"].join(""),
  );
  assert.equal(
    hex(encodeMessage(3, encodeEntryOp("cn=A", [{ type: "e164", values: ["100"] }], false))),
    ["301c", "020103", "6417", "0404636e3d41", "300f", "300d", "040465313634", "3105", "0403313030"].join(""),
  );
});

test("the encodings read back: results, entries (typesOnly without values), extended with name and value", () => {
  const entry = readResponse(
    encodeMessage(
      7,
      encodeEntryOp(
        "cn=Smith\\, J,cn=PBX0",
        [
          { type: "cn", values: ["Smith, J"] },
          { type: "objectClass", values: ["top", "ipdectUser"] },
        ],
        false,
      ),
    ),
  );
  assert.deepEqual(entry, {
    messageId: 7,
    op: 0x64,
    dn: "cn=Smith\\, J,cn=PBX0",
    attributes: { cn: ["Smith, J"], objectClass: ["top", "ipdectUser"] },
  });
  const types = readResponse(encodeMessage(7, encodeEntryOp("cn=A", [{ type: "cn", values: ["A"] }], true)));
  assert.deepEqual(types.attributes, { cn: [] });
  const big = "x".repeat(300);
  assert.equal(readResponse(encodeResult(70000, ResponseTag.add, { code: 19, message: big })).message, big);
  const who = readResponse(encodeExtended(9, { code: 0, message: "" }, undefined, "dn:cn=ldap-user"));
  assert.deepEqual([who.op, who.code, who.value, who.name], [0x78, 0, "dn:cn=ldap-user", undefined]);
});

test("RFC 4511 §4.4.1: a Notice of Disconnection is messageID 0, protocolError, responseName 1.3.6.1.4.1.1466.20036", () => {
  const n = readResponse(noticeOfDisconnection("bad bytes"));
  assert.deepEqual([n.messageId, n.op, n.code, n.message, n.name], [0, 0x78, 2, "bad bytes", "1.3.6.1.4.1.1466.20036"]);
});
