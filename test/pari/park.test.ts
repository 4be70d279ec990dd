/** The PARK codes of Users → Users (§4.10.3), as src/pari/park.ts makes them from the System ID and the SARI. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Park } from "../../src/core/identity/Park.js";
import { Sari } from "../../src/core/identity/Sari.js";
import { parkCodes } from "../../src/pari/park.js";
import { rfpiOf } from "../../src/pari/rfpiPlan.js";

test('"PARK: ... a PARK that matches the SARI": the key of the primary SARI, all 31 bits of a class B ARI', () => {
  const c = parkCodes(12, ["B-0A5E-0B-1", "B-0A5E-0B-2"]);
  assert.equal(c.park, "PARK{31} B-0A5E-0B-1");
  const park = Park.parse(c.park!);
  assert.ok(park.covers(Sari.parse("B-0A5E-0B-1")));
  assert.ok(!park.covers(Sari.parse("B-0A5E-0B-2")), "a guest SARI is another system's");
  assert.equal(parkCodes(12, []).park, undefined, "no SARI set (§4.6.35): no PARK yet");
});

test('"PARK 3rd pty: Must be used for handsets that do not support a PARK that matches the SARI": every RFPI of the system, no other', () => {
  const third = Park.parse(parkCodes(12, []).park3rdParty);
  assert.equal(third.pli, 27);
  for (const n of [1, 2, 255, 256, 1000, 4095]) assert.ok(third.covers(rfpiOf(12, n).pari), `radio ${n}`);
  for (const other of [11, 13, 268]) assert.ok(!third.covers(rfpiOf(other, 1).pari), `System ID ${other}`);
});
