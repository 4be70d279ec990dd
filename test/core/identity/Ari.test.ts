import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { Ari, Pari, Sari, type AriFields } from "../../../src/core/identity/index.js";
import { ariFields, assertRejects } from "./helpers.js";

/*
 * EN 300 175-6 §5, MSB first:
 *   class A: ARC 000 | EMC 16 | FPN 17            = 36 bits
 *   class B: ARC 001 | EIC 16 | FPN 8  | FPS 4    = 31 bits
 * Our text form: A-EEEE-FFFFF and B-EEEE-FF-S (fixed-width upper-case hex).
 */

test("class A ARI keeps ARC 000 + EMC 16 + FPN 17 bits (36 bits)", () => {
  // 000 | 0001 0010 0011 0100 | 1 1010 1011 1100 1101
  // = 0000 0010 0100 0110 1001 1010 1011 1100 1101 = 0x02469ABCD
  const pari = new Pari({ arc: "A", emc: 0x1234, fpn: 0x1abcd });
  assert.equal(pari.toString(), "A-1234-1ABCD");
  assert.equal(pari.bitLength, 36);
  assert.equal(pari.bits, 0x02469abcd);
  assert.deepEqual(pari.fields, { arc: "A", emc: 0x1234, fpn: 0x1abcd });
  assert.ok(Pari.parse("A-1234-1ABCD").equals(pari));
  assert.ok(Pari.fromBits(0x02469abcd, 36).equals(pari));
});

test("class B ARI keeps ARC 001 + EIC 16 + FPN 8 + FPS 4 bits (31 bits)", () => {
  // 001 | 1010 0010 1011 0011 | 1100 0100 | 1101
  // with one leading 0 to 32 bits: 0001 1010 0010 1011 0011 1100 0100 1101 = 0x1A2B3C4D
  const pari = new Pari({ arc: "B", eic: 0xa2b3, fpn: 0xc4, fps: 0xd });
  assert.equal(pari.toString(), "B-A2B3-C4-D");
  assert.equal(pari.bitLength, 31);
  assert.equal(pari.bits, 0x1a2b3c4d);
  assert.deepEqual(pari.fields, { arc: "B", eic: 0xa2b3, fpn: 0xc4, fps: 0xd });
  assert.ok(Pari.parse("b-a2b3-c4-d").equals(pari));
  assert.ok(Pari.fromBits(0x1a2b3c4d, 31).equals(pari));
});

test("Ari.BIT_LENGTH is 36 for class A and 31 for class B (§5)", () => {
  assert.deepEqual(Ari.BIT_LENGTH, { A: 36, B: 31 });
});

test("boundaries: the largest EMC/EIC (65535), FPN (A 131071, B 255) and FPS (15) are kept", () => {
  const a = new Pari({ arc: "A", emc: 0xffff, fpn: 0x1ffff });
  assert.equal(a.toString(), "A-FFFF-1FFFF");
  assert.equal(a.bits, 2 ** 33 - 1); // ARC 000 then 33 ones
  const b = new Sari({ arc: "B", eic: 0xffff, fpn: 0xff, fps: 0xf });
  assert.equal(b.toString(), "B-FFFF-FF-F");
  assert.equal(b.bits, 2 ** 28 + (2 ** 28 - 1)); // ARC 001 then 28 ones
  assert.equal(new Pari({ arc: "A", emc: 0, fpn: 0 }).toString(), "A-0000-00000");
  assert.equal(new Pari({ arc: "B", eic: 0, fpn: 0, fps: 0 }).bits, 2 ** 28);
});

test("boundaries: one past the largest field value is rejected with ARI_RANGE and names the field", () => {
  assertRejects(() => new Pari({ arc: "A", emc: 0x10000, fpn: 0 }), "ARI_RANGE", /EMC 65536.*16 bits/);
  assertRejects(() => new Pari({ arc: "A", emc: 0, fpn: 0x20000 }), "ARI_RANGE", /FPN 131072.*17 bits/);
  assertRejects(() => new Sari({ arc: "B", eic: 0x10000, fpn: 0, fps: 0 }), "ARI_RANGE", /EIC/);
  assertRejects(() => new Sari({ arc: "B", eic: 0, fpn: 0x100, fps: 0 }), "ARI_RANGE", /FPN 256.*8 bits/);
  assertRejects(() => new Sari({ arc: "B", eic: 0, fpn: 0, fps: 0x10 }), "ARI_RANGE", /FPS 16.*4 bits/);
  assertRejects(() => new Pari({ arc: "A", emc: -1, fpn: 0 }), "ARI_RANGE");
  assertRejects(() => new Pari({ arc: "B", eic: 1.5, fpn: 0, fps: 0 }), "ARI_RANGE");
  // Five hex digits reach 0xFFFFF, but a class A FPN has 17 bits.
  assertRejects(() => Pari.parse("A-0000-20000"), "ARI_RANGE", /FPN/);
});

test("only classes A and B are handled; C, D, E and reserved ARC codes are rejected, saying which", () => {
  assertRejects(() => Pari.parse("C-1234-12-1"), "ARI_CLASS", /class C/);
  assertRejects(() => Sari.parse("E-1234-123"), "ARI_CLASS", /class E/);
  assertRejects(() => new Pari({ arc: "D" } as unknown as AriFields), "ARI_CLASS", /"D"/);
  // 31 bits with ARC 010 (class C) and 111 (reserved)
  assertRejects(() => Pari.fromBits(2 * 2 ** 28, 31), "ARI_CLASS", /ARC 2 \(class C\)/);
  assertRejects(() => Pari.fromBits(7 * 2 ** 28, 31), "ARI_CLASS", /ARC 7 \(reserved\)/);
});

test("fromBits needs the bit length of the class its ARC names", () => {
  assertRejects(() => Pari.fromBits(0, 31), "ARI_LENGTH", /36 bits, got 31/);
  // 36 bits starting 001: class B, which has 31
  assertRejects(() => Pari.fromBits(2 ** 33, 36), "ARI_LENGTH", /31 bits, got 36/);
  assertRejects(() => Pari.fromBits(2 ** 36, 36), "ARI_LENGTH", /do not fit in 36 bits/);
});

test("text that is not A-EEEE-FFFFF or B-EEEE-FF-S is rejected as syntax", () => {
  for (const text of [
    "",
    "A",
    "A1234-1ABCD",
    "A-1234-1ABC",
    "A-1234-01ABCD",
    "A-12G4-1ABCD",
    "A-1234-1ABCD-0",
    "B-A2B3-C4",
    "B-A2B3-C4-D-0",
    "B-A2B3-C4-DD",
    "B-A2B3C4D",
    "B A2B3 C4 D",
    "1A2B3C4D50",
  ]) {
    assertRejects(() => Pari.parse(text), "ARI_SYNTAX");
  }
});

test("a PARI and a SARI are different kinds even with the same bits", () => {
  const fields: AriFields = { arc: "B", eic: 1, fpn: 2, fps: 3 };
  const pari = new Pari(fields);
  const sari = Sari.parse(pari.toString());
  assert.equal(pari.kind, "PARI");
  assert.equal(sari.kind, "SARI");
  assert.ok(sari instanceof Sari);
  assert.equal(sari.bits, pari.bits);
  assert.ok(!pari.equals(sari));
  assert.ok(!sari.equals(pari));
  assert.ok(!pari.equals(new Pari({ arc: "B", eic: 1, fpn: 2, fps: 4 })));
});

test("fields are a frozen copy", () => {
  const input = { arc: "A" as const, emc: 1, fpn: 2 };
  const pari = new Pari(input);
  input.emc = 99;
  assert.equal(pari.fields.arc === "A" && pari.fields.emc, 1);
  assert.ok(Object.isFrozen(pari.fields));
});

function assertRoundTrip(
  ari: Ari,
  parse: (text: string) => Ari,
  fromBits: (bits: number, length: number) => Ari,
): void {
  assert.ok(parse(ari.toString()).equals(ari));
  assert.ok(fromBits(ari.bits, ari.bitLength).equals(ari));
}

test("property: new Pari/Sari(fields) → toString → parse (and bits → fromBits) gives an equal ARI", () => {
  fc.assert(
    fc.property(ariFields, (fields) => {
      const pari = new Pari(fields);
      assert.deepEqual(pari.fields, { ...fields });
      assertRoundTrip(
        pari,
        (text) => Pari.parse(text),
        (bits, length) => Pari.fromBits(bits, length),
      );
      assertRoundTrip(
        new Sari(fields),
        (text) => Sari.parse(text),
        (bits, length) => Sari.fromBits(bits, length),
      );
    }),
  );
});
