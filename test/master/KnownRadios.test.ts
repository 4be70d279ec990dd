import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { EMPTY_SET, KnownRadios, newer, type KnownSet } from "../../src/master/KnownRadios.js";
import { RadioTable } from "../../src/master/RadioTable.js";

const set = (term: number, version: number, ...macs: string[]): KnownSet => ({ term, version, macs: new Set(macs) });
/** The required list as "(term,version){macs}" strings, for readable assertions. */
const stamps = (k: KnownRadios): string[] =>
  k.required.map((s) => `(${s.term},${s.version}){${[...s.macs].sort().join(",")}}`);

// ---- construction ----------------------------------------------------------------------------------------------

test("a new KnownRadios requires only the empty set (term 0, version 0) and is empty", () => {
  const k = new KnownRadios();
  assert.deepEqual(stamps(k), ["(0,0){}"]);
  assert.equal(k.current, EMPTY_SET);
  assert.equal(k.empty, true);
});

test("constructed from an empty list it still requires the empty set (current always exists)", () => {
  assert.deepEqual(stamps(new KnownRadios([])), ["(0,0){}"]);
});

test("constructed from a stored list it keeps that list, oldest first, and does not share the caller's array", () => {
  const stored = [set(1, 1, "a"), set(1, 2, "a", "b")];
  const k = new KnownRadios(stored);
  stored.pop();
  assert.deepEqual(stamps(k), ["(1,1){a}", "(1,2){a,b}"]);
  assert.deepEqual(stamps(new KnownRadios([set(1, 2, "a", "b")])), ["(1,2){a,b}"]);
});

// ---- stamps ----------------------------------------------------------------------------------------------------

test("stamps order by term first, then by version within a term", () => {
  assert.equal(newer({ term: 2, version: 1 }, { term: 1, version: 9 }), true);
  assert.equal(newer({ term: 1, version: 9 }, { term: 2, version: 1 }), false);
  assert.equal(newer({ term: 1, version: 3 }, { term: 1, version: 2 }), true);
  assert.equal(newer({ term: 1, version: 2 }, { term: 1, version: 2 }), false, "a stamp is not newer than itself");
  assert.equal(newer({ term: 1, version: 1 }, EMPTY_SET), true);
});

// ---- learn (active side) ---------------------------------------------------------------------------------------

test("learn: a newly registered radio joins the set as a new version stamped with the term (version + 1 in the same term)", () => {
  const k = new KnownRadios();
  assert.equal(k.learn("a", 1), true);
  assert.equal(k.learn("b", 1), true);
  assert.deepEqual(stamps(k), ["(0,0){}", "(1,1){a}", "(1,2){a,b}"]);
  assert.equal(k.empty, false);
});

test("learn in a new term starts that term at version 1", () => {
  const k = new KnownRadios([set(1, 5, "a")]);
  k.learn("b", 3);
  assert.deepEqual(stamps(k), ["(1,5){a}", "(3,1){a,b}"]);
});

test("learn of a radio already in the current set changes nothing and returns false", () => {
  const k = new KnownRadios();
  k.learn("a", 1);
  const before = stamps(k);
  assert.equal(k.learn("a", 1), false);
  assert.equal(k.learn("a", 2), false);
  assert.deepEqual(stamps(k), before);
});

test("learn never changes an existing set (a set, once sent, keeps its content)", () => {
  const k = new KnownRadios();
  k.learn("a", 1);
  const first = k.current;
  k.learn("b", 1);
  assert.deepEqual([...first.macs], ["a"]);
});

// ---- adopt (inactive side) -------------------------------------------------------------------------------------

test("adopt: a newer set from the active peer replaces every required set (it is now agreed)", () => {
  const k = new KnownRadios([set(1, 1, "a"), set(1, 2, "a", "b")]);
  assert.equal(k.adopt(set(2, 1, "a", "b", "c")), true);
  assert.deepEqual(stamps(k), ["(2,1){a,b,c}"]);
});

test("adopt refuses a set that is not newer (same stamp or older) and changes nothing", () => {
  const k = new KnownRadios([set(1, 1, "a"), set(1, 2, "a", "b")]);
  assert.equal(k.adopt(set(1, 2, "x")), false);
  assert.equal(k.adopt(set(1, 1, "a")), false);
  assert.equal(k.adopt(EMPTY_SET), false);
  assert.deepEqual(stamps(k), ["(1,1){a}", "(1,2){a,b}"]);
});

// ---- acked (active side) ---------------------------------------------------------------------------------------

test("acked: once the peer holds a stamp, the sets older than it are no longer required", () => {
  const k = new KnownRadios();
  k.learn("a", 1);
  k.learn("b", 1);
  k.learn("c", 1);
  k.acked(1, 2);
  assert.deepEqual(stamps(k), ["(1,2){a,b}", "(1,3){a,b,c}"]);
  k.acked(1, 3);
  assert.deepEqual(stamps(k), ["(1,3){a,b,c}"]);
});

test("acked with a stamp this side does not hold (stale, or the peer's own) changes nothing", () => {
  const k = new KnownRadios();
  k.learn("a", 1);
  k.learn("b", 1);
  k.acked(7, 1);
  k.acked(0, 5);
  assert.deepEqual(stamps(k), ["(0,0){}", "(1,1){a}", "(1,2){a,b}"]);
  k.acked(0, 0); // the oldest: nothing older to drop
  assert.deepEqual(stamps(k), ["(0,0){}", "(1,1){a}", "(1,2){a,b}"]);
});

test("a late ack of an older stamp after a newer one does not bring dropped sets back", () => {
  const k = new KnownRadios();
  k.learn("a", 1);
  k.learn("b", 1);
  k.acked(1, 2);
  k.acked(1, 1);
  assert.deepEqual(stamps(k), ["(1,2){a,b}"]);
});

// ---- empty / minOver -------------------------------------------------------------------------------------------

test("empty is true only when no required set has any radio", () => {
  assert.equal(new KnownRadios([EMPTY_SET, set(1, 1)]).empty, true);
  assert.equal(new KnownRadios([EMPTY_SET, set(1, 1, "a")]).empty, false);
  assert.equal(new KnownRadios([set(1, 1, "a"), set(2, 1)]).empty, false, "an older non-empty set counts too");
});

test("minOver skips empty sets: the earliest `until` over the non-empty required sets", () => {
  const k = new KnownRadios([EMPTY_SET, set(1, 1, "a"), set(1, 2, "a", "b")]);
  const seen: string[][] = [];
  const t = k.minOver((macs) => {
    seen.push([...macs]);
    return macs.size === 1 ? 500 : 300;
  });
  assert.equal(t, 300);
  assert.deepEqual(seen, [["a"], ["a", "b"]], "the empty set is never asked");
});

test("minOver is Infinity when every required set is empty", () => {
  assert.equal(
    new KnownRadios().minOver(() => assert.fail("no set to ask")),
    Infinity,
  );
});

// ---- mutual exclusion ------------------------------------------------------------------------------------------

const MACS = ["r0", "r1", "r2", "r3", "r4"];
const LEASE = 1000;
const NOW = 0;

/**
 * Whether a Mirror with this known-radio list and leases on `held` may be active without the peer's promise: it holds
 * a majority of every non-empty required set (minOver of majorityLeaseUntil, as MasterCore does). A side whose list
 * is all-empty never counts: "then the peer can never take over by itself" (KnownRadios.empty; MasterCore.mayTakeOver).
 */
function holdsQuorum(k: KnownRadios, held: readonly string[]): boolean {
  if (k.empty) return false;
  const table = new RadioTable(LEASE);
  for (const mac of held)
    table.upsert(
      {
        mac,
        name: mac,
        kind: "IPBS",
        from: { ip: "10.0.0.1", port: 49152 },
        attempt: 1,
        until: NOW + LEASE,
        standing: "registered",
      },
      NOW,
    );
  return k.minOver((macs) => table.majorityLeaseUntil(macs)) > NOW;
}

/** Every way to lease the radios to A, to B, or to neither (each radio to at most one side): 3^5 splits. */
function* splits(): Generator<[string[], string[]]> {
  for (let code = 0; code < 3 ** MACS.length; code++) {
    const a: string[] = [];
    const b: string[] = [];
    let c = code;
    for (const mac of MACS) {
      if (c % 3 === 1) a.push(mac);
      else if (c % 3 === 2) b.push(mac);
      c = Math.floor(c / 3);
    }
    yield [a, b];
  }
}

type Op =
  | { readonly k: "learn"; readonly mac: string }
  | { readonly k: "newTerm" }
  | { readonly k: "sendSet" }
  | { readonly k: "deliverSet"; readonly i: number; readonly duplicate: boolean }
  | { readonly k: "loseSet"; readonly i: number }
  | { readonly k: "sendAck" }
  | { readonly k: "deliverAck"; readonly i: number; readonly duplicate: boolean }
  | { readonly k: "loseAck"; readonly i: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant("learn" as const), mac: fc.constantFrom(...MACS) }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant("newTerm" as const) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("sendSet" as const) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("deliverSet" as const), i: fc.nat(), duplicate: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("loseSet" as const), i: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant("sendAck" as const) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("deliverAck" as const), i: fc.nat(), duplicate: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant("loseAck" as const), i: fc.nat() }), weight: 1 },
);

/**
 * A is the active Mirror, B the inactive one. A learns radios (in its term; `newTerm` = A became active again in a
 * newer term), and sends its current set (probe with known_radios); B adopts what arrives and acknowledges its
 * current stamp (probe reply). Both kinds of message may be lost, duplicated, or delivered in any order.
 */
function play(ops: readonly Op[]): { a: KnownRadios; b: KnownRadios } {
  const a = new KnownRadios();
  const b = new KnownRadios();
  let term = 1;
  const sets: KnownSet[] = [];
  const acks: { term: number; version: number }[] = [];
  for (const o of ops) {
    switch (o.k) {
      case "learn":
        a.learn(o.mac, term);
        break;
      case "newTerm":
        term++;
        break;
      case "sendSet": {
        const c = a.current;
        sets.push({ term: c.term, version: c.version, macs: new Set(c.macs) }); // a copy, as on the wire
        break;
      }
      case "deliverSet":
        if (sets.length > 0) {
          const i = o.i % sets.length;
          b.adopt(sets[i]!);
          if (!o.duplicate) sets.splice(i, 1);
        }
        break;
      case "loseSet":
        if (sets.length > 0) sets.splice(o.i % sets.length, 1);
        break;
      case "sendAck":
        acks.push({ term: b.current.term, version: b.current.version });
        break;
      case "deliverAck":
        if (acks.length > 0) {
          const i = o.i % acks.length;
          a.acked(acks[i]!.term, acks[i]!.version);
          if (!o.duplicate) acks.splice(i, 1);
        }
        break;
      case "loseAck":
        if (acks.length > 0) acks.splice(o.i % acks.length, 1);
        break;
    }
  }
  return { a, b };
}

/** Long runs, so sets get learned, sent, adopted and acked several times over. */
const OPS = fc.array(op, { minLength: 10, maxLength: 80, size: "max" });
const RUNS = { seed: 20240611, numRuns: 400 };

test("property: the two sides' required lists always have a set in common (same stamp, same radios)", () => {
  fc.assert(
    fc.property(OPS, (ops) => {
      const { a, b } = play(ops);
      const common = a.required.filter((x) => b.required.some((y) => x.term === y.term && x.version === y.version));
      assert.ok(common.length > 0, `A ${stamps(a)} / B ${stamps(b)}`);
      for (const x of common) {
        const y = b.required.find((s) => s.term === x.term && s.version === x.version)!;
        assert.deepEqual([...y.macs].sort(), [...x.macs].sort());
      }
    }),
    RUNS,
  );
});

test("property: the two Mirrors can never both hold majorities of every required set (KnownRadios mutual exclusion)", () => {
  fc.assert(
    fc.property(OPS, (ops) => {
      const { a, b } = play(ops);
      for (const [heldA, heldB] of splits())
        assert.ok(
          !(holdsQuorum(a, heldA) && holdsQuorum(b, heldB)),
          `both hold a quorum: A ${stamps(a)} leases [${heldA}], B ${stamps(b)} leases [${heldB}]`,
        );
    }),
    RUNS,
  );
});

test("the mutual-exclusion check can fail: two lists with no common non-empty set both hold quorums", () => {
  // Guards the property above against a holdsQuorum that is never true.
  const a = new KnownRadios([set(1, 1, "r0")]);
  const b = new KnownRadios([set(2, 1, "r1")]);
  assert.ok(holdsQuorum(a, ["r0"]) && holdsQuorum(b, ["r1"]));
  assert.ok(!holdsQuorum(a, ["r1"]) && !holdsQuorum(new KnownRadios(), MACS));
});

test("after a hand-over to a peer that never saw the old active's set, the lists still share a non-empty set (the claimant merges the yielder's list)", () => {
  const a = new KnownRadios(); // Mirror A
  const b = new KnownRadios(); // Mirror B
  a.learn("r0", 1); // A active in term 1: r0 registers; A's probe with {r0} is lost
  // "activate mirror" on B: A yields (term 2) and its yield reply carries A's whole list, which B merges:
  b.merge(a.required);
  b.consolidate(2);
  // B's MirrorData carries B's current set, now (2,1){r0}; A adopts it only if it arrives:
  assert.equal(b.current.macs.has("r0"), true);
  b.learn("r1", 2); // B active in term 2: r1 registers; then the Mirror link breaks before A adopts
  // A = [(0,0){}, (1,1){r0}], B = [(0,0){}, (2,1){r1}]; A holds r0 (it came back), B holds r1.
  assert.ok(!(holdsQuorum(a, ["r0"]) && holdsQuorum(b, ["r1"])), `A ${stamps(a)} / B ${stamps(b)}: both hold quorums`);
});
