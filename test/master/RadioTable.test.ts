import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { RadioTable, type RadioRecord, type Standing } from "../../src/master/RadioTable.js";

const LEASE = 1500;

/** A radio's record as a register arriving at `at` makes it: leased until `at + LEASE`. */
const hello = (mac: string, at: number, standing: Standing = "registered"): Omit<RadioRecord, "since"> => ({
  mac,
  name: `radio-${mac}`,
  kind: "IPBS",
  from: { ip: "10.0.0.9", port: 49152 },
  attempt: 1,
  until: at + LEASE,
  standing,
});

/** A table holding radios that registered at `mac → at`. */
function tableWith(entries: Record<string, number>): RadioTable {
  const t = new RadioTable(LEASE);
  for (const [mac, at] of Object.entries(entries)) t.upsert(hello(mac, at), at);
  return t;
}

// ---- upsert / remove / count -----------------------------------------------------------------------------------

test("upsert of a new radio creates its record, stamped `since` now, and reports a change", () => {
  const t = new RadioTable(LEASE);
  const { record, changed } = t.upsert(hello("a", 100, "pending"), 100);
  assert.equal(changed, true);
  assert.equal(record.since, 100);
  assert.equal(t.get("a"), record);
  assert.equal(t.count(), 1);
});

test("upsert with the same standing updates the record in place; `since` is kept and no change is reported", () => {
  const t = new RadioTable(LEASE);
  const first = t.upsert(hello("a", 100), 100).record;
  const { record, changed } = t.upsert({ ...hello("a", 900), attempt: 2, from: { ip: "10.0.0.9", port: 50000 } }, 900);
  assert.equal(changed, false);
  assert.equal(record, first, "the same record object");
  assert.equal(record.since, 100);
  assert.equal(record.until, 900 + LEASE);
  assert.equal(record.attempt, 2);
  assert.deepEqual(record.from, { ip: "10.0.0.9", port: 50000 });
});

test("upsert with another standing (pending → registered) reports a change and restamps `since`", () => {
  const t = new RadioTable(LEASE);
  t.upsert(hello("a", 100, "pending"), 100);
  const { record, changed } = t.upsert(hello("a", 700, "registered"), 700);
  assert.equal(changed, true);
  assert.equal(record.standing, "registered");
  assert.equal(record.since, 700);
});

test("remove returns the record and forgets it; removing an unknown radio returns undefined", () => {
  const t = tableWith({ a: 0 });
  const r = t.remove("a");
  assert.equal(r?.mac, "a");
  assert.equal(t.get("a"), undefined);
  assert.equal(t.remove("a"), undefined);
  assert.equal(t.count(), 0);
});

test("count() counts all records; count(standing) only those with that standing", () => {
  const t = new RadioTable(LEASE);
  t.upsert(hello("a", 0, "registered"), 0);
  t.upsert(hello("b", 0, "pending"), 0);
  t.upsert(hello("c", 0, "pending"), 0);
  assert.equal(t.count(), 3);
  assert.equal(t.count("registered"), 1);
  assert.equal(t.count("pending"), 2);
  assert.deepEqual(
    t
      .all()
      .map((r) => r.mac)
      .sort(),
    ["a", "b", "c"],
  );
});

// ---- leases ----------------------------------------------------------------------------------------------------

test("a lease lapses at its `until`: expire at exactly that time removes it", () => {
  const t = tableWith({ a: 1000 });
  assert.deepEqual(t.expire(1000 + LEASE - 1), [], "one millisecond before, the lease still holds");
  assert.equal(t.count(), 1);
  const gone = t.expire(1000 + LEASE);
  assert.deepEqual(
    gone.map((r) => r.mac),
    ["a"],
  );
  assert.equal(t.get("a"), undefined);
});

test("expire removes and returns only the lapsed records, pending ones included", () => {
  const t = new RadioTable(LEASE);
  t.upsert(hello("old", 0, "registered"), 0);
  t.upsert(hello("oldPending", 100, "pending"), 100);
  t.upsert(hello("fresh", 500, "registered"), 500);
  const gone = t.expire(100 + LEASE);
  assert.deepEqual(gone.map((r) => r.mac).sort(), ["old", "oldPending"]);
  assert.deepEqual(
    t.all().map((r) => r.mac),
    ["fresh"],
  );
});

test("a radio that registers again extends its lease (upsert with a later until)", () => {
  const t = tableWith({ a: 0 });
  t.upsert(hello("a", 1000), 1000);
  assert.deepEqual(t.expire(LEASE), []);
  assert.equal(t.expire(1000 + LEASE).length, 1);
});

test("renew lengthens a lease to `from + leaseMs` and never shortens it (a late echo of an old answer adds nothing)", () => {
  const t = tableWith({ a: 1000 });
  const r = t.get("a")!;
  t.renew(r, 1800);
  assert.equal(r.until, 1800 + LEASE);
  t.renew(r, 1200);
  assert.equal(r.until, 1800 + LEASE);
});

test("nextExpiry is the earliest lease end, Infinity with none held", () => {
  assert.equal(new RadioTable(LEASE).nextExpiry(), Infinity);
  const t = tableWith({ a: 700, b: 300, c: 900 });
  assert.equal(t.nextExpiry(), 300 + LEASE);
  t.expire(300 + LEASE);
  assert.equal(t.nextExpiry(), 700 + LEASE);
});

test("a released attempt is remembered until forgetReleases passes `forgetMs` after the release", () => {
  const t = tableWith({ a: 0 });
  t.release("a", 1, 100);
  t.forgetReleases(100 + 2500 - 1, 2500);
  assert.equal(t.isReleased("a", 1), true);
  t.forgetReleases(100 + 2500, 2500);
  assert.equal(t.isReleased("a", 1), false);
});

// ---- majorityLeaseUntil ----------------------------------------------------------------------------------------

test("majorityLeaseUntil of an empty voter set is -Infinity (no majority to hold)", () => {
  assert.equal(tableWith({ a: 0 }).majorityLeaseUntil(new Set()), -Infinity);
});

test("majorityLeaseUntil: one voter, held → until its lease ends; not held → -Infinity", () => {
  assert.equal(tableWith({ a: 200 }).majorityLeaseUntil(new Set(["a"])), 200 + LEASE);
  assert.equal(tableWith({ b: 200 }).majorityLeaseUntil(new Set(["a"])), -Infinity);
});

test("exactly half is not a majority: 1 of 2 and 2 of 4 voters give -Infinity", () => {
  assert.equal(tableWith({ a: 0 }).majorityLeaseUntil(new Set(["a", "b"])), -Infinity);
  assert.equal(tableWith({ a: 0, b: 0 }).majorityLeaseUntil(new Set(["a", "b", "c", "d"])), -Infinity);
});

test("more than half is a majority: 2 of 3 and 3 of 4 voters", () => {
  assert.equal(tableWith({ a: 0, b: 0 }).majorityLeaseUntil(new Set(["a", "b", "c"])), LEASE);
  assert.equal(tableWith({ a: 0, b: 0, c: 0 }).majorityLeaseUntil(new Set(["a", "b", "c", "d"])), LEASE);
});

test("the majority lasts until the lease of its weakest needed member: the need-th latest lease end", () => {
  // 5 voters need 3. Lease ends: a 1000+L, b 400+L, c 700+L, d 100+L. The third latest is c's.
  const t = tableWith({ a: 1000, b: 400, c: 700, d: 100 });
  assert.equal(t.majorityLeaseUntil(new Set(["a", "b", "c", "d", "e"])), 400 + LEASE);
  // 3 voters need 2: of a, b, d the second latest is b.
  assert.equal(t.majorityLeaseUntil(new Set(["a", "b", "d"])), 400 + LEASE);
});

test("ties: equal lease ends give that time", () => {
  const t = tableWith({ a: 300, b: 300, c: 300 });
  assert.equal(t.majorityLeaseUntil(new Set(["a", "b", "c"])), 300 + LEASE);
  assert.equal(t.majorityLeaseUntil(new Set(["a", "b", "x"])), 300 + LEASE);
});

test("records of radios that are not voters do not count", () => {
  const t = tableWith({ a: 0, x: 0, y: 0, z: 0 });
  assert.equal(t.majorityLeaseUntil(new Set(["a", "b", "c"])), -Infinity);
});

test("property: majorityLeaseUntil(voters) > now exactly when, after expire(now), a majority of voters is still held", () => {
  const macs = ["a", "b", "c", "d", "e", "f"];
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom(...macs), fc.integer({ min: 0, max: 5000 })),
      fc.subarray(macs),
      fc.integer({ min: 0, max: 8000 }),
      (held, voterList, now) => {
        const t = tableWith(held);
        const voters = new Set(voterList);
        const until = t.majorityLeaseUntil(voters);
        t.expire(now);
        const still = voterList.filter((m) => t.get(m) !== undefined).length;
        assert.equal(
          until > now,
          voters.size > 0 && still > voters.size / 2,
          `until ${until}, now ${now}, held ${still}/${voters.size}`,
        );
      },
    ),
    { seed: 20240611, numRuns: 1000 },
  );
});
