/**
 * MIB views (sorted arrays, merged views) and the answers the agent builds from them (RFC 3416 §4.2), without a
 * socket: Get, GetNext, GetBulk, Set, and SNMPv1's noSuchName (RFC 3584 §4.2.2.1).
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import { answer, MAX_BULK_VARBINDS, tooBig, type Answer, type AnswerVarbind } from "../../src/snmp/answer.js";
import {
  AGENT_MAX_MESSAGE_SIZE,
  fittingPrefix,
  responseLimit,
  SNMP_MIN_MESSAGE_SIZE,
} from "../../src/snmp/messageSize.js";
import { compareOid, type MibView, type Oid, type Varbind } from "../../src/snmp/mibView.js";
import { newSnmpCounters, snmpGroupView, SYSTEM_GROUP, systemView } from "../../src/snmp/systemGroup.js";
import { MAX_RADIO_NUMBER, rfpiOf } from "../../src/pari/rfpiPlan.js";
import { radioNumber } from "../../src/snmp/instances.js";
import { mergeViews, parseOid, sortedView } from "../../src/snmp/views.js";

const int = (oid: Oid, value: number): Varbind => ({ oid, value: { type: "Integer", value } });
const SYSTEM = systemView({ descr: "IPBS ipdect 0.1.0", upTimeCs: () => 4200, name: "n", contact: "c", location: "l" });

/** The varbinds of an answer that carries its own (not the request's echoed). */
function varbinds(r: Answer): readonly AnswerVarbind[] {
  assert.notEqual(r.varbinds, "echo");
  return r.varbinds as readonly AnswerVarbind[];
}

/** Every varbind of a view in GetNext order, from the start. */
function walk(view: MibView): Oid[] {
  const out: Oid[] = [];
  for (let v = view.next([]); v !== undefined; v = view.next(v.oid)) out.push(v.oid);
  return out;
}

test("a sorted view answers Get exactly and GetNext with the lexicographic successor (RFC 2578 §7.7)", () => {
  const view = sortedView([int([1, 3, 2], 2), int([1, 3, 10], 10), int([1, 3, 2, 1], 21)]);
  assert.equal(view.get([1, 3, 2])?.value.type, "Integer");
  assert.equal(view.get([1, 3]), undefined);
  assert.deepEqual(view.next([1, 3])?.oid, [1, 3, 2]);
  assert.deepEqual(view.next([1, 3, 2])?.oid, [1, 3, 2, 1]);
  assert.deepEqual(view.next([1, 3, 2, 0, 9])?.oid, [1, 3, 2, 1]);
  assert.deepEqual(view.next([1, 3, 3])?.oid, [1, 3, 10]);
  assert.equal(view.next([1, 3, 10]), undefined);
});

test("merged views walk in one OID order however they interleave", () => {
  const a = sortedView([int([1, 1], 0), int([1, 5], 0)]);
  const b = sortedView([int([1, 3], 0), int([1, 7], 0)]);
  assert.deepEqual(walk(mergeViews(a, b)), [
    [1, 1],
    [1, 3],
    [1, 5],
    [1, 7],
  ]);
  const all = walk(mergeViews(SYSTEM, snmpGroupView(newSnmpCounters(), true)));
  assert.equal(all.length, 7 + 14);
  for (let i = 1; i < all.length; i++) assert.ok(compareOid(all[i - 1]!, all[i]!) < 0);
});

test("the system group: sysDescr, sysObjectID under the ipdect arc, sysUpTime in hundredths (RFC 3418)", () => {
  assert.deepEqual(SYSTEM.get([...SYSTEM_GROUP, 1, 0])?.value, { type: "OctetString", value: "IPBS ipdect 0.1.0" });
  assert.deepEqual(SYSTEM.get([...SYSTEM_GROUP, 2, 0])?.value, {
    type: "ObjectIdentifier",
    value: parseOid("1.3.6.1.4.1.99999.1"),
  });
  assert.deepEqual(SYSTEM.get([...SYSTEM_GROUP, 3, 0])?.value, { type: "TimeTicks", value: 4200 });
});

test("Get of an unknown OID: noSuchObject in v2c, noSuchName at its index in v1 with the varbinds echoed", () => {
  const oids = [parseOid("1.3.6.1.2.1.1.5.0"), parseOid("1.3.6.1.2.1.1.99.0")];
  const v2 = answer(SYSTEM, { kind: "get", version: 2, oids });
  assert.equal(v2.errorStatus, "noError");
  assert.equal(varbinds(v2)[1]!.value, "noSuchObject");
  const v1 = answer(SYSTEM, { kind: "get", version: 1, oids });
  assert.deepEqual([v1.errorStatus, v1.errorIndex, v1.varbinds], ["noSuchName", 2, "echo"]);
});

test("Get under an object type the view serves but of no instance: noSuchInstance (RFC 3416 §4.2.1)", () => {
  const table = sortedView(
    [int([1, 3, 9, 1, 2, 7], 7)],
    [
      [1, 3, 9, 1, 2],
      [1, 3, 9, 1, 3],
      [1, 3, 9, 2],
    ],
  );
  const view = mergeViews(SYSTEM, table);
  const value = (oid: string) => varbinds(answer(view, { kind: "get", version: 2, oids: [parseOid(oid)] }))[0]!.value;
  assert.equal(value("1.3.6.1.2.1.1.5.1"), "noSuchInstance", "sysName.1: sysName exists, the instance does not");
  assert.equal(value("1.3.6.1.2.1.1.5"), "noSuchInstance", "sysName without its .0");
  assert.equal(value("1.3.6.1.2.1.1.99.0"), "noSuchObject", "no object type 99 in the system group");
  assert.equal(value("1.3.6.1.2.1.1"), "noSuchObject", "the group is not an object type");
  assert.equal(value("1.3.9.1.2.8"), "noSuchInstance", "a row the column does not have");
  assert.equal(value("1.3.9.1.3.7"), "noSuchInstance", "a column with no rows at all");
  assert.equal(value("1.3.9.1.4.7"), "noSuchObject", "a column the table does not define");
  assert.equal(value("1.3.9.2.0"), "noSuchInstance");
  assert.deepEqual(value("1.3.9.1.2.7"), { type: "Integer", value: 7 }, "the row that exists");
});

test("a Set is refused on its first varbind: notWritable, noSuchName in v1 (RFC 3416 §4.2.5, RFC 3584 §4.4)", () => {
  const oids = [parseOid("1.3.6.1.2.1.1.5.0")];
  const r = answer(SYSTEM, { kind: "set", version: 2, oids });
  assert.deepEqual([r.errorStatus, r.errorIndex, r.varbinds], ["notWritable", 1, "echo"]);
  const v1 = answer(SYSTEM, { kind: "set", version: 1, oids });
  assert.deepEqual([v1.errorStatus, v1.errorIndex, v1.varbinds], ["noSuchName", 1, "echo"]);
});

test("tooBig: error-index 0 and no varbinds; SNMPv1 echoes the request (RFC 3416 §4.2.1, RFC 1157 §4.1.2)", () => {
  const oids = [parseOid("1.3.6.1.2.1.1.1.0")];
  assert.deepEqual(tooBig({ kind: "get", version: 2, oids }), { errorStatus: "tooBig", errorIndex: 0, varbinds: [] });
  assert.deepEqual(tooBig({ kind: "getNext", version: 3, oids }).varbinds, []);
  assert.deepEqual(tooBig({ kind: "get", version: 1, oids }).varbinds, "echo");
});

test("GetBulk: non-repeaters once, repeaters M times, endOfMibView at the end (RFC 3416 §4.2.3)", () => {
  const r = answer(SYSTEM, {
    kind: "getBulk",
    version: 2,
    oids: [parseOid("1.3.6.1.2.1.1.1.0"), parseOid("1.3.6.1.2.1.1.4")],
    nonRepeaters: 1,
    maxRepetitions: 10,
  });
  assert.deepEqual(
    varbinds(r).map((v) => (typeof v.value === "string" ? v.value : v.oid.join("."))),
    [
      "1.3.6.1.2.1.1.2.0",
      "1.3.6.1.2.1.1.4.0",
      "1.3.6.1.2.1.1.5.0",
      "1.3.6.1.2.1.1.6.0",
      "1.3.6.1.2.1.1.7.0",
      "endOfMibView",
    ],
  );
});

test(`GetBulk of a 10 000-row table stops at ${MAX_BULK_VARBINDS} varbinds and a walk is fast (binary search)`, () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => int([1, 3, 6, 1, 4, 1, 99999, 2, 1, i + 1], i));
  const view = sortedView(rows);
  const r = answer(view, { kind: "getBulk", version: 2, oids: [[1, 3]], nonRepeaters: 0, maxRepetitions: 100_000 });
  assert.equal(varbinds(r).length, MAX_BULK_VARBINDS);
  const started = performance.now();
  let at: Oid = [1, 3];
  let seen = 0;
  for (;;) {
    const page = answer(view, { kind: "getBulk", version: 2, oids: [at], nonRepeaters: 0, maxRepetitions: 50 });
    const got = varbinds(page).filter((v) => typeof v.value !== "string");
    seen += got.length;
    if (got.length < varbinds(page).length || got.length === 0) break;
    at = got[got.length - 1]!.oid;
  }
  assert.equal(seen, 10_000);
  assert.ok(
    performance.now() - started < 2000,
    "a 10 000-row walk takes well under the 16 s measured on net-snmp's Mib",
  );
});

test("GetNext is right when walks interleave: the successor of the last answer is only tried first", () => {
  const view = sortedView(Array.from({ length: 100 }, (_, i) => int([1, 3, i + 1], i)));
  const a: Oid[] = [];
  const b: Oid[] = [];
  let x = view.next([1, 3]);
  let y = view.next([1, 3, 50]);
  while (x !== undefined || y !== undefined) {
    if (x !== undefined) a.push(x.oid);
    if (y !== undefined) b.push(y.oid);
    x = x && view.next(x.oid);
    y = y && view.next(y.oid);
  }
  assert.equal(a.length, 100);
  assert.equal(b.length, 50);
  assert.deepEqual(view.next([1, 3, 7, 5])?.oid, [1, 3, 8]);
  assert.deepEqual(view.next([1, 3, 7])?.oid, [1, 3, 8]);
});

test("a radio's number is FPS·256 + RPN of its class B RFPI, for every number the RFPI plan gives (1..4095)", () => {
  for (const systemId of [1, 293, 296])
    for (let n = 1; n <= MAX_RADIO_NUMBER; n++) assert.equal(radioNumber(rfpiOf(systemId, n).toString()), n);
  // Class A (ARC 000) and text that is no RFPI have no radio number.
  assert.equal(radioNumber("0012340001"), undefined);
  assert.equal(radioNumber("1A5E12400"), undefined);
  assert.equal(radioNumber("1A5E12400G"), undefined);
});

test("message sizes: SNMPv3 msgMaxSize below 484 is no message, the agent's own maximum caps it (RFC 3412 §6)", () => {
  assert.equal(responseLimit(undefined), AGENT_MAX_MESSAGE_SIZE);
  assert.equal(responseLimit(SNMP_MIN_MESSAGE_SIZE), 484);
  assert.equal(responseLimit(483), undefined);
  assert.equal(responseLimit(2 ** 31), undefined);
  assert.equal(responseLimit(2 ** 31 - 1), AGENT_MAX_MESSAGE_SIZE);
});

test("a GetBulk response too large keeps the longest prefix of varbinds that fits (RFC 3416 §4.2.3)", () => {
  const size = (k: number) => 100 + 30 * k;
  assert.equal(fittingPrefix(50, 10_000, size), 50);
  assert.equal(fittingPrefix(50, 484, size), 12);
  assert.equal(fittingPrefix(50, 100, size), 0);
  assert.equal(fittingPrefix(50, 99, size), undefined);
});
