import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { Pari, Rfpi } from "../../../src/core/identity/index.js";
import { ariFields, assertRejects } from "./helpers.js";

/*
 * EN 300 175-6 §5, 40 bits MSB first, written as 10 hex digits:
 *   class A: E 1 | ARC 000 | EMC 16 | FPN 17 | RPN 3
 *   class B: E 1 | ARC 001 | EIC 16 | FPN 8 | FPS 4 | RPN 8
 */

test("class B RFPI keeps EIC 16 + FPN 8 + FPS 4 + RPN 8 bits (1A2B3C4D50)", () => {
  // 0001 1010 0010 1011 0011 1100 0100 1101 0101 0000
  // E 0 | ARC 001 | EIC 1010 0010 1011 0011 = A2B3 | FPN 1100 0100 = C4 | FPS 1101 = D | RPN 0101 0000 = 80
  const rfpi = Rfpi.parse("1A2B3C4D50");
  assert.equal(rfpi.e, false);
  assert.equal(rfpi.arc, "B");
  assert.equal(rfpi.pari.toString(), "B-A2B3-C4-D");
  assert.equal(rfpi.rpn, 0x50);
  assert.equal(rfpi.toString(), "1A2B3C4D50");
  assert.equal(Rfpi.create(Pari.parse("B-A2B3-C4-D"), 80).toString(), "1A2B3C4D50");
});

test("class A RFPI keeps EMC 16 + FPN 17 + RPN 3 bits (81234D5E6D)", () => {
  // E 1 | ARC 000 | EMC 0001 0010 0011 0100 | FPN 1 1010 1011 1100 1101 | RPN 101
  // = 1000 0001 0010 0011 0100 1101 0101 1110 0110 1101 = 81234D5E6D
  const pari = new Pari({ arc: "A", emc: 0x1234, fpn: 0x1abcd });
  const rfpi = Rfpi.create(pari, 5, true);
  assert.equal(rfpi.toString(), "81234D5E6D");
  const parsed = Rfpi.parse("81234D5E6D");
  assert.equal(parsed.e, true);
  assert.equal(parsed.arc, "A");
  assert.ok(parsed.pari.equals(pari));
  assert.equal(parsed.rpn, 5);
  assert.ok(parsed.equals(rfpi));
});

test("parse accepts lower-case hex and prints upper case", () => {
  assert.equal(Rfpi.parse("1a2b3c4d50").toString(), "1A2B3C4D50");
  assert.equal(Rfpi.parse(" 81234d5e6d ").toString(), "81234D5E6D");
});

test("the E bit is the first bit and stays out of the PARI", () => {
  const pari = Pari.parse("B-A2B3-C4-D");
  const withE = Rfpi.create(pari, 80, true);
  assert.equal(withE.toString(), "9A2B3C4D50");
  assert.ok(withE.pari.equals(pari));
  assert.ok(!withE.equals(Rfpi.create(pari, 80)));
});

test("boundaries: all-ones fields give 8FFFFFFFFF (class A) and 9FFFFFFFFF (class B); all-zero class A is 0000000000", () => {
  // class A: 1 | 000 | 36 ones ; class B: 1 | 001 | 36 ones
  const a = Rfpi.create(new Pari({ arc: "A", emc: 0xffff, fpn: 0x1ffff }), 7, true);
  assert.equal(a.toString(), "8FFFFFFFFF");
  const b = Rfpi.create(new Pari({ arc: "B", eic: 0xffff, fpn: 0xff, fps: 0xf }), 255, true);
  assert.equal(b.toString(), "9FFFFFFFFF");
  assert.ok(Rfpi.parse("8FFFFFFFFF").equals(a));
  assert.ok(Rfpi.parse("9FFFFFFFFF").equals(b));
  assert.equal(Rfpi.parse("0000000000").arc, "A");
  assert.equal(Rfpi.parse("1000000000").arc, "B");
});

test("boundaries: RPN 7 is the largest for class A and 255 for class B; one more is rejected on create", () => {
  const a = new Pari({ arc: "A", emc: 1, fpn: 2 });
  const b = new Pari({ arc: "B", eic: 1, fpn: 2, fps: 3 });
  assert.equal(Rfpi.create(a, 7).rpn, 7);
  assert.equal(Rfpi.create(b, 255).rpn, 255);
  assertRejects(() => Rfpi.create(a, 8), "RFPI_RPN_RANGE", /RPN 8.*class A.*0\.\.7/);
  assertRejects(() => Rfpi.create(b, 256), "RFPI_RPN_RANGE", /RPN 256.*class B.*0\.\.255/);
  assertRejects(() => Rfpi.create(b, -1), "RFPI_RPN_RANGE");
  assertRejects(() => Rfpi.create(b, 1.5), "RFPI_RPN_RANGE");
});

test("an RFPI is exactly 10 hex digits: other lengths are RFPI_LENGTH, other characters RFPI_NOT_HEX", () => {
  for (const text of ["", "1A2B3C4D5", "1A2B3C4D500", "0x1A2B3C4D50"]) {
    assertRejects(() => Rfpi.parse(text), "RFPI_LENGTH", /10 hex digits/);
  }
  for (const text of ["1A2B3C4D5G", "1A2B3C4D-0", "0x1A2B3C4D", "1A2B 3C4D5", "+A2B3C4D50"]) {
    assertRejects(() => Rfpi.parse(text), "RFPI_NOT_HEX");
  }
});

test("ARC classes other than A and B are rejected, naming the class found", () => {
  // first nibble = E bit + ARC
  const cases: [string, RegExp][] = [
    ["2000000000", /ARC 2 \(class C\)/], // 0 010
    ["3000000000", /ARC 3 \(class D\)/], // 0 011
    ["4000000000", /ARC 4 \(class E\)/], // 0 100
    ["AFFFFFFFFF", /ARC 2 \(class C\)/], // 1 010
    ["C123456789", /ARC 4 \(class E\)/], // 1 100
    ["6000000000", /ARC 6 \(reserved\)/], // 0 110
    ["F000000000", /ARC 7 \(reserved\)/], // 1 111
  ];
  for (const [text, message] of cases) {
    assertRejects(() => Rfpi.parse(text), "RFPI_CLASS", message);
  }
});

test("property: create(pari, rpn, e) → toString → parse gives an equal RFPI", () => {
  fc.assert(
    fc.property(ariFields, fc.integer({ min: 0, max: 255 }), fc.boolean(), (fields, anyRpn, e) => {
      const pari = new Pari(fields);
      const rpn = fields.arc === "A" ? anyRpn % 8 : anyRpn;
      const rfpi = Rfpi.create(pari, rpn, e);
      const text = rfpi.toString();
      assert.match(text, /^[0-9A-F]{10}$/);
      const parsed = Rfpi.parse(text);
      assert.ok(parsed.equals(rfpi));
      assert.ok(parsed.pari.equals(pari));
      assert.equal(parsed.rpn, rpn);
      assert.equal(parsed.e, e);
    }),
  );
});
