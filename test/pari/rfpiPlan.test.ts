import assert from "node:assert/strict";
import { test } from "node:test";
import { capacityOf, pariOf, rfpiOf, staticRadioLimit, systemIdOfRfpi } from "../../src/pari/rfpiPlan.js";

test("capacity per System ID range and device kind exactly as §4.6.34", () => {
  const cases: [number, "IPBS" | "IPBL" | "IPVM", number, number][] = [
    [1, "IPBS", 1023, 240],
    [36, "IPBL", 1023, 240],
    [37, "IPBS", 127, 127],
    [292, "IPBS", 127, 127],
    [293, "IPBS", 2047, 240],
    [296, "IPBL", 2047, 240],
    [1, "IPVM", 3968, 240],
    [100, "IPVM", 3968, 240],
    [296, "IPVM", 3968, 240],
  ];
  for (const [id, kind, ipbs, ipbl] of cases)
    assert.deepEqual(capacityOf(id, kind), { IPBS: ipbs, IPBL: ipbl }, `${id} ${kind}`);
  assert.equal(staticRadioLimit("IPBS"), 2100);
  assert.equal(staticRadioLimit("IPBL"), 2100);
  assert.equal(staticRadioLimit("IPVM"), 4000);
});

test("every System ID owns its own RFPIs: no two (System ID, radio number) pairs share an RFPI", () => {
  const seen = new Map<string, string>();
  for (let id = 1; id <= 296; id += id < 250 ? 13 : 1)
    for (const n of [1, 2, 255, 256, 1023, 2047, 4095]) {
      const r = rfpiOf(id, n).toString();
      assert.equal(seen.get(r), undefined, `${r} for ${id}/${n} and ${seen.get(r)}`);
      seen.set(r, `${id}/${n}`);
      assert.equal(systemIdOfRfpi(rfpiOf(id, n)), id);
    }
  assert.equal(pariOf(1).toString(), "B-0A5E-00-0");
  assert.equal(pariOf(257).toString(), "B-0A5F-00-0");
  assert.equal(rfpiOf(12, 0x123).pari.toString(), "B-0A5E-0B-1", "a radio's PARI carries the high bits of its number");
});
