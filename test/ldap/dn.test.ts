import assert from "node:assert/strict";
import { test } from "node:test";
import { dnKey, dnOf, escapeDnValue, formatDn } from "../../src/ldap/dn.js";

test('RFC 4514 §2.4: " + , ; < > \\ escaped anywhere, # and space at the start, space at the end, NUL as \\00', () => {
  assert.equal(escapeDnValue('Smith, John "JJ" + <x>; a\\b'), 'Smith\\, John \\"JJ\\" \\+ \\<x\\>\\; a\\\\b');
  assert.equal(escapeDnValue("#1 lead"), "\\#1 lead");
  assert.equal(escapeDnValue(" both "), "\\ both\\ ");
  assert.equal(escapeDnValue("in # the middle"), "in # the middle");
  assert.equal(escapeDnValue("nul\0"), "nul\\00");
  // UTF-8 stays as it is (RFC 4514 allows it; clients show it as written).
  assert.equal(escapeDnValue("Zoë Ørsted 山田"), "Zoë Ørsted 山田");
});

test("formatDn joins RDNs with commas and AVAs of a multi-valued RDN with +", () => {
  assert.equal(formatDn(dnOf(["cn", "Smith, John"], ["cn", "PBX0"])), "cn=Smith\\, John,cn=PBX0");
  assert.equal(
    formatDn([
      [
        { type: "cn", value: "a" },
        { type: "sn", value: "b" },
      ],
    ]),
    "cn=a+sn=b",
  );
  assert.equal(formatDn([]), "");
});

test("dnKey: the same entry whatever the case of types and values and the order of AVAs", () => {
  assert.equal(dnKey(dnOf(["CN", "Alice"], ["cn", "pbx0"])), dnKey(dnOf(["cn", "alice"], ["Cn", "PBX0"])));
  assert.equal(
    dnKey([
      [
        { type: "cn", value: "a" },
        { type: "sn", value: "b" },
      ],
    ]),
    dnKey([
      [
        { type: "sn", value: "B" },
        { type: "cn", value: "A" },
      ],
    ]),
  );
  assert.notEqual(dnKey(dnOf(["cn", "a,cn=b"])), dnKey(dnOf(["cn", "a"], ["cn", "b"])));
});
