import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { Pari, Park, Sari } from "../../../src/core/identity/index.js";
import { ariFields, assertRejects } from "./helpers.js";

/*
 * EN 300 175-6 §6.1: a PARK{y} has y significant leading ARI bits (PLI = y); the rest are "don't care".
 * Class B: ARC 3 + EIC 16 + FPN 8 + FPS 4 = 31 bits, so PLI 27 leaves the FPS open.
 * Our text form: PARK{y} <ARI>.
 */
const PARI_B = Pari.parse("B-A2B3-C4-D");
const PARI_A = Pari.parse("A-1234-1ABCD");

test("a PARK without PLI keeps every ARI bit: PARK{31} for class B, PARK{36} for class A", () => {
  const b = Park.create(PARI_B);
  assert.equal(b.toString(), "PARK{31} B-A2B3-C4-D");
  assert.equal(b.pli, 31);
  assert.equal(b.arc, "B");
  assert.ok(b.covers(PARI_B));
  assert.ok(!b.covers(Pari.parse("B-A2B3-C4-C")));
  assert.equal(Park.create(PARI_A).toString(), "PARK{36} A-1234-1ABCD");
  assert.ok(Park.parse("PARK{36} A-1234-1ABCD").equals(Park.create(PARI_A)));
});

test("§6.1: PARK{27} on class B leaves the 4 FPS bits open and covers all 16 sub-numbers", () => {
  // ARC 001 | EIC A2B3 | FPN C4 → 27 bits kept; FPS 1101 → cleared to 0000
  const park = Park.create(PARI_B, 27);
  assert.equal(park.toString(), "PARK{27} B-A2B3-C4-0");
  assert.deepEqual(park.fields, { arc: "B", eic: 0xa2b3, fpn: 0xc4, fps: 0 });
  for (let fps = 0; fps < 16; fps++) {
    assert.ok(park.covers(new Pari({ arc: "B", eic: 0xa2b3, fpn: 0xc4, fps })));
  }
  assert.ok(!park.covers(Pari.parse("B-A2B3-C5-0")));
  assert.ok(!park.covers(Pari.parse("B-A2B2-C4-D")));
  assert.ok(park.equals(Park.parse("PARK{27} B-A2B3-C4-F")), "don't-care bits do not make keys differ");
});

test("a PARK covers SARIs too: the handset's key must match the system's SARI (manual §4.10.3)", () => {
  const sari = Sari.parse("B-0102-03-4");
  const park = Park.create(sari, 23);
  assert.equal(park.toString(), "PARK{23} B-0102-00-0");
  assert.ok(park.covers(sari));
  assert.ok(park.covers(Pari.parse("B-0102-0F-F")));
  assert.ok(!park.covers(Pari.parse("B-0102-10-0")));
});

test("boundaries: PLI 3 (ARC only) up to the class length; 2 and length + 1 are rejected", () => {
  const arcOnly = Park.create(PARI_B, 3);
  assert.equal(arcOnly.toString(), "PARK{3} B-0000-00-0");
  assert.ok(arcOnly.covers(Pari.parse("B-FFFF-FF-F")));
  assert.ok(!arcOnly.covers(PARI_A), "a class B key never covers a class A ARI");
  assert.ok(!Park.create(PARI_A, 3).covers(PARI_B));

  assertRejects(() => Park.create(PARI_B, 2), "PARK_PLI_RANGE", /PLI 2.*3\.\.31/);
  assertRejects(() => Park.create(PARI_B, 32), "PARK_PLI_RANGE", /PLI 32.*class B.*3\.\.31/);
  assert.equal(Park.create(PARI_A, 36).pli, 36);
  assertRejects(() => Park.create(PARI_A, 37), "PARK_PLI_RANGE", /3\.\.36/);
  assertRejects(() => Park.create(PARI_A, 30.5), "PARK_PLI_RANGE");
  assertRejects(() => Park.parse("PARK{40} B-A2B3-C4-D"), "PARK_PLI_RANGE");
});

test("parse accepts any case and spaces around {y}; other shapes are PARK_SYNTAX, a bad ARI its ARI code", () => {
  const park = Park.create(PARI_B, 27);
  for (const text of [
    "PARK{27} B-A2B3-C4-0",
    "park{27}b-a2b3-c4-0",
    " PARK {27} B-A2B3-C4-0 ",
    "PARK{ 27 } B-A2B3-C4-D",
  ]) {
    assert.ok(Park.parse(text).equals(park), text);
  }
  for (const text of [
    "",
    "PARK",
    "PARK{27}",
    "PARK B-A2B3-C4-D",
    "PARK{} B-A2B3-C4-D",
    "PARK{x} B-A2B3-C4-D",
    "PARI{27} B-A2B3-C4-D",
    "PARK{27} B-A2B3 C4-D",
  ]) {
    assertRejects(() => Park.parse(text), "PARK_SYNTAX");
  }
  assertRejects(() => Park.parse("PARK{31} C-0000-00-0"), "ARI_CLASS", /class C/);
  assertRejects(() => Park.parse("PARK{31} B-A2B3-C4"), "ARI_SYNTAX");
});

test("keys differ by PLI even when the kept bits are the same", () => {
  const zeros = Pari.parse("B-A2B3-C4-0");
  assert.ok(!Park.create(zeros, 27).equals(Park.create(zeros, 31)));
});

test("property: create(ari, pli) → toString → parse gives an equal PARK that covers the ARI", () => {
  fc.assert(
    fc.property(ariFields, fc.integer({ min: 3, max: 36 }), (fields, wanted) => {
      const ari = new Pari(fields);
      const park = Park.create(ari, Math.min(wanted, ari.bitLength));
      assert.ok(Park.parse(park.toString()).equals(park));
      assert.ok(park.covers(ari));
    }),
  );
});
