import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { Ipei } from "../../../src/core/identity/index.js";
import { assertRejects } from "./helpers.js";

/*
 * Check digit (EN 300 175-6 Annex C): Σ digit_i × i over the 12 EMC+PSN digits, i = 1..12, mod 11; 10 is "*".
 * Public vectors:
 *  - "57005 0782068 7" (UCware wiki, "IPEI und IPUI"):
 *      5·1 + 7·2 + 0·3 + 0·4 + 5·5 + 0·6 + 7·7 + 8·8 + 2·9 + 0·10 + 6·11 + 8·12 = 337; 337 mod 11 = 7
 *  - "00019 0592015 3" (Aastra DeTeWe OpenMobility manual, glossary example):
 *      0 + 0 + 0 + 1·4 + 9·5 + 0·6 + 5·7 + 9·8 + 2·9 + 0·10 + 1·11 + 5·12 = 245; 245 mod 11 = 3
 */

test("Annex C: check digit is Σ digit × position (1..12) mod 11 — public vector 57005 0782068 7", () => {
  const ipei = Ipei.parse("57005 0782068 7");
  assert.equal(ipei.emc, 57005);
  assert.equal(ipei.psn, 782068);
  assert.equal(ipei.checkDigit, "7");
  assert.equal(ipei.toString(), "5700507820687");
  assert.ok(Ipei.create(57005, 782068).equals(ipei));
});

test("Annex C: public vector 00019 0592015 3 (leading zeros kept: EMC 5 digits, PSN 7 digits)", () => {
  const ipei = Ipei.create(19, 592015);
  assert.equal(ipei.checkDigit, "3");
  assert.equal(ipei.toString(), "0001905920153");
  assert.ok(Ipei.parse("00019 0592015 3").equals(ipei));
});

test("input is accepted with or without spaces; toString is 13 characters without spaces (§3.14: IPEI field 13)", () => {
  // 0·1 + 0·2 + 0·3 + 7·4 + 7·5 + 0·6 + 0·7 + 1·8 + 2·9 + 3·10 + 4·11 + 5·12 = 223; 223 mod 11 = 3
  for (const text of ["00077 0012345 3", "0007700123453", "00077 00123453", " 00077\t0012345 3 "]) {
    const ipei = Ipei.parse(text);
    assert.equal(ipei.emc, 77);
    assert.equal(ipei.psn, 12345);
    assert.equal(ipei.toString(), "0007700123453");
    assert.equal(ipei.toString().length, 13);
  }
});

test("a wrong check digit is rejected and the message gives the right one (00077 0012345 6 → 3)", () => {
  assertRejects(() => Ipei.parse("00077 0012345 6"), "IPEI_CHECK_DIGIT", /check digit 6.*gives 3/);
  assertRejects(() => Ipei.parse("5700507820688"), "IPEI_CHECK_DIGIT");
  assertRejects(() => Ipei.parse("000770012345*"), "IPEI_CHECK_DIGIT");
});

test("Annex C: a check value of 10 is written * (00077 0000002 *)", () => {
  // 7·4 + 7·5 + 2·12 = 28 + 35 + 24 = 87; 87 mod 11 = 10 → "*"
  const ipei = Ipei.create(77, 2);
  assert.equal(ipei.checkDigit, "*");
  assert.equal(ipei.toString(), "000770000002*");
  assert.ok(Ipei.parse("00077 0000002 *").equals(ipei));
  assertRejects(() => Ipei.parse("0007700000020"), "IPEI_CHECK_DIGIT", /gives \*/);
});

test("boundaries: EMC 65535 (16 bits) and PSN 1048575 (20 bits) are the largest; one more is rejected", () => {
  // 6·1 + 5·2 + 5·3 + 3·4 + 5·5 + 1·6 + 0·7 + 4·8 + 8·9 + 5·10 + 7·11 + 5·12 = 365; 365 mod 11 = 2
  const max = Ipei.create(65535, 1048575);
  assert.equal(max.toString(), "6553510485752");
  assert.ok(Ipei.parse("65535 1048575 2").equals(max));
  assert.equal(Ipei.create(0, 0).toString(), "0000000000000");

  assertRejects(() => Ipei.create(65536, 0), "IPEI_EMC_RANGE", /65536.*0\.\.65535/);
  assertRejects(() => Ipei.create(0, 1048576), "IPEI_PSN_RANGE", /1048576.*0\.\.1048575/);
  assertRejects(() => Ipei.create(-1, 0), "IPEI_EMC_RANGE");
  assertRejects(() => Ipei.create(1.5, 0), "IPEI_EMC_RANGE");
  assertRejects(() => Ipei.create(0, Number.NaN), "IPEI_PSN_RANGE");
  // Five decimal digits reach 99999 and seven reach 9999999: the range check comes before the check digit.
  assertRejects(() => Ipei.parse("65536 0000000 0"), "IPEI_EMC_RANGE");
  assertRejects(() => Ipei.parse("00000 1048576 0"), "IPEI_PSN_RANGE");
});

test("anything but 12 digits and a check digit (0-9 or *) is rejected as syntax", () => {
  for (const text of [
    "",
    "000190592015",
    "00019059201533",
    "0001905920X53",
    "00019 0592015 X",
    "0001*05920153",
    "00019-0592015-3",
    "0x0001905920153",
  ]) {
    assertRejects(() => Ipei.parse(text), "IPEI_SYNTAX");
  }
});

test("§6.2: hex form is IPUI type N — PUT 0000 + EMC 16 bits + PSN 20 bits (0DEADBEEF4 = 57005 0782068 7)", () => {
  // 0x0DEADBEEF4 = 0000 | 1101 1110 1010 1101 | 1011 1110 1110 1111 0100
  //               PUT 0 | EMC 0xDEAD = 57005   | PSN 0xBEEF4 = 782068
  const ipei = Ipei.fromHex("0DEADBEEF4");
  assert.equal(ipei.emc, 57005);
  assert.equal(ipei.psn, 782068);
  assert.equal(ipei.toString(), "5700507820687");
  assert.equal(Ipei.parse("57005 0782068 7").toHex(), "0DEADBEEF4");
  assert.ok(Ipei.fromHex("0deadbeef4").equals(ipei));
  assert.equal(Ipei.create(65535, 1048575).toHex(), "0FFFFFFFFF");
  assert.equal(Ipei.create(0, 0).toHex(), "0000000000");
});

test("hex form: wrong length or non-hex is IPEI_HEX_SYNTAX, a PUT other than N is IPEI_PUT", () => {
  for (const text of ["", "DEADBEEF4", "00DEADBEEF4", "0DEADBEEFG", "0DEAD-EEF4"]) {
    assertRejects(() => Ipei.fromHex(text), "IPEI_HEX_SYNTAX");
  }
  assertRejects(() => Ipei.fromHex("1DEADBEEF4"), "IPEI_PUT", /PUT 1/);
  assertRejects(() => Ipei.fromHex("FFFFFFFFFF"), "IPEI_PUT", /PUT 15/);
});

test("property: create → toString → parse (and toHex → fromHex) gives an equal IPEI", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 1048575 }), (emc, psn) => {
      const ipei = Ipei.create(emc, psn);
      const text = ipei.toString();
      assert.match(text, /^\d{12}[\d*]$/);
      assert.ok(Ipei.parse(text).equals(ipei));
      assert.ok(Ipei.fromHex(ipei.toHex()).equals(ipei));
    }),
  );
});
