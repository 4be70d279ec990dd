import assert from "node:assert/strict";
import { test } from "node:test";
import { PariTable, type AssignResult } from "../../src/pari/PariTable.js";

const mac = (n: number) => `00:90:33:00:00:${n.toString(16).padStart(2, "0")}`;
const ipbs = (n: number) => ({ mac: mac(n), name: `r${n}`, kind: "IPBS" as const, rfps: 1, region: 0 });
const CAP = { IPBS: 3, IPBL: 1 };

/** The numbers an assignment gave, failing the test when it was refused. */
function numbersOf(r: AssignResult): readonly number[] {
  assert.ok(r.ok, "assigned");
  return r.entry.numbers;
}

test("assignment: lowest free numbers, the same ones again for the same MAC, refusal beyond capacity", () => {
  const t = new PariTable();
  for (const n of [1, 2, 3]) assert.deepEqual(numbersOf(t.assign(ipbs(n), CAP)), [n]);
  const again = t.assign(ipbs(2), CAP);
  assert.ok(again.ok && !again.changed && again.entry.numbers[0] === 2);
  const refused = t.assign(ipbs(4), CAP);
  assert.deepEqual(refused, { ok: false, reason: "capacity reached: this PARI Master holds 3 IPBS already (§4.6.34)" });
  const ipbl = t.assign({ mac: mac(9), name: "l", kind: "IPBL", rfps: 16, region: 0 }, CAP);
  assert.ok(ipbl.ok);
  assert.deepEqual(
    ipbl.entry.numbers,
    Array.from({ length: 16 }, (_, i) => 4 + i),
    "IPBL capacity is counted apart",
  );
  assert.equal(t.assign({ mac: mac(10), name: "l2", kind: "IPBL", rfps: 1, region: 0 }, CAP).ok, false);
});

test("Delete releases the numbers; Move hands them to the replacement and releases the replacement's own", () => {
  const t = new PariTable();
  for (const n of [1, 2, 3]) t.assign(ipbs(n), CAP);
  t.delete(mac(2));
  assert.equal(t.get(mac(2)), undefined);
  assert.deepEqual(numbersOf(t.assign(ipbs(4), CAP)), [2]);
  const moved = t.move(mac(1), mac(3));
  assert.deepEqual(moved?.numbers, [1]);
  assert.equal(t.get(mac(1)), undefined);
  assert.deepEqual(numbersOf(t.assign(ipbs(5), CAP)), [3]);
});

test("merge: the newer revision of an entry wins, tombstones keep deleted radios deleted, clashes are collisions", () => {
  const a = new PariTable();
  const b = new PariTable();
  a.assign(ipbs(1), CAP);
  b.merge(a.all());
  assert.deepEqual(b.get(mac(1))?.numbers, [1]);
  a.delete(mac(1));
  b.merge(a.all());
  assert.equal(b.get(mac(1)), undefined, "a delete replicates");
  b.merge([{ ...a.all()[0]!, deleted: false, numbers: [1], rev: 1 }]);
  assert.equal(b.get(mac(1)), undefined, "an older live version does not revive it");
  // Two sides give number 1 to different radios while apart.
  const x = new PariTable();
  const y = new PariTable();
  x.assign(ipbs(7), CAP);
  y.assign(ipbs(8), CAP);
  x.merge(y.all());
  assert.deepEqual(x.collisions(), [{ number: 1, macs: [mac(7), mac(8)] }]);
});
