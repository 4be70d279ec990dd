/**
 * Tables that keep rows, not cells (src/snmp/tableView.ts): every Get and GetNext answers exactly what the sorted list
 * of all the table's cells would (RFC 2578 §7.7 order, RFC 3416 §4.2.1/§4.2.2), from anywhere before, inside or after
 * the table, with sparse columns and rows given in any order.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { IPDECT_OIDS } from "../../src/snmp/ipdectOids.js";
import { compareOid, type MibView, type Oid, type Varbind } from "../../src/snmp/mibView.js";
import { table, tableView, type IndexedRow } from "../../src/snmp/tableView.js";
import { mergeViews, sortedView } from "../../src/snmp/views.js";

interface R {
  readonly name: string;
  readonly ip?: string;
  readonly region: number;
}

const RADIOS = table<R>("ipdectRadioEntry", [
  ["ipdectRadioRegion", (r) => ({ type: "Unsigned32", value: r.region })],
  ["ipdectRadioName", (r) => ({ type: "OctetString", value: r.name })],
  ["ipdectRadioIp", (r) => (r.ip === undefined ? undefined : { type: "IpAddress", value: r.ip })],
]);
const ENTRY = IPDECT_OIDS.ipdectRadioEntry;
/** Another table, empty, after the radio table. */
const RADIOS_AGAIN_EMPTY = table<R>("ipdectRegEntry", [
  ["ipdectRegNumber", (r) => ({ type: "OctetString", value: r.name })],
]);

/** Rows 1..n in a shuffled order; every third has an IP (a sparse column). */
function rows(n: number): IndexedRow<R>[] {
  return Array.from({ length: n }, (_, k) => (k * 7) % n)
    .map((k) => k + 1)
    .map((i) => ({ index: [i], row: { name: `r${i}`, region: i % 4, ...(i % 3 === 0 ? { ip: `10.0.0.${i}` } : {}) } }));
}

/** The same table as every cell, made and sorted: the reference answer. */
function cells(rs: readonly IndexedRow<R>[]): Varbind[] {
  return RADIOS.columns.flatMap((c) =>
    rs.flatMap((r) => {
      const value = c.value(r.row);
      return value === undefined ? [] : [{ oid: [...ENTRY, c.arc, ...r.index], value }];
    }),
  );
}

/** OIDs before, at, inside, between and after every cell. */
function probes(all: readonly Varbind[]): Oid[] {
  const out: Oid[] = [[], [1, 3, 6], ENTRY.slice(0, -1), ENTRY, [...ENTRY, 0], [...ENTRY, 1], [...ENTRY, 99]];
  out.push([...ENTRY.slice(0, -1), ENTRY.at(-1)! + 1], [2]);
  for (const v of all) out.push(v.oid, [...v.oid, 0], v.oid.slice(0, -1), [...v.oid.slice(0, -1), v.oid.at(-1)! + 1]);
  return out;
}

function same(got: Varbind | undefined, want: Varbind | undefined, what: string): void {
  assert.deepEqual(got && { oid: got.oid, value: got.value }, want && { oid: want.oid, value: want.value }, what);
}

test("Get and GetNext of a table view answer as the sorted list of its cells, from any OID", () => {
  const rs = rows(40);
  const view: MibView = tableView(RADIOS, rs);
  const reference = sortedView(cells(rs));
  for (const oid of probes(reference.varbinds)) {
    same(view.next(oid), reference.next(oid), `next(${oid.join(".")})`);
    same(view.get(oid), reference.get(oid), `get(${oid.join(".")})`);
  }
});

test("a walk of a table view goes column by column, rows in index order, skipping cells a row does not have", () => {
  const view = tableView(RADIOS, rows(9));
  const walked: Oid[] = [];
  for (let v = view.next(ENTRY); v !== undefined; v = view.next(v.oid)) walked.push(v.oid.slice(ENTRY.length));
  const ips = walked.filter((o) => o[0] === IPDECT_OIDS.ipdectRadioIp.at(-1));
  assert.deepEqual(
    ips,
    [3, 6, 9].map((i) => [IPDECT_OIDS.ipdectRadioIp.at(-1)!, i]),
  );
  assert.equal(walked.length, 9 + 9 + 3);
  for (let i = 1; i < walked.length; i++) assert.ok(compareOid(walked[i - 1]!, walked[i]!) < 0);
});

test("an empty table answers nothing and lets a merged walk pass", () => {
  const view = tableView(RADIOS, []);
  assert.equal(view.next([]), undefined);
  assert.equal(view.get([...IPDECT_OIDS.ipdectRadioName, 1]), undefined);
});

test("a table view serves its columns' object types, with rows or without: a Get there is noSuchInstance (RFC 3416 §4.2.1)", () => {
  for (const view of [tableView(RADIOS, rows(3)), tableView(RADIOS, [])]) {
    assert.ok(view.hasObject([...IPDECT_OIDS.ipdectRadioIp, 1]), "a row without that cell");
    assert.ok(view.hasObject([...IPDECT_OIDS.ipdectRadioName, 99]), "a row the table does not have");
    assert.ok(view.hasObject(IPDECT_OIDS.ipdectRadioRegion), "the column itself");
    assert.ok(!view.hasObject([...IPDECT_OIDS.ipdectRadioMac, 1]), "a column this table does not declare");
    assert.ok(!view.hasObject(ENTRY), "the entry is no object type");
    assert.ok(!view.hasObject([...IPDECT_OIDS.ipdectSyncRadioRegion, 1]), "another table");
  }
});

test("a column that is not a child of the table's entry is refused when the table is declared", () => {
  assert.throws(() => table<R>("ipdectRadioEntry", [["ipdectSyncRadioRegion", () => undefined]]), /not a column/);
});

test("merged with the scalars around it, a table view still answers as the sorted list of everything", () => {
  const rs = rows(12);
  const scalars: Varbind[] = [
    { oid: [...IPDECT_OIDS.ipdectDeviceName, 0], value: { type: "OctetString", value: "pm" } },
    { oid: [...IPDECT_OIDS.ipdectSyncLocalState, 0], value: { type: "Integer", value: 4 } },
    { oid: [...IPDECT_OIDS.ipdectPerfFramesIn, 0], value: { type: "Counter32", value: 9 } },
  ];
  const merged = mergeViews(sortedView(scalars), tableView(RADIOS, rs), tableView(RADIOS_AGAIN_EMPTY, []));
  const reference = sortedView([...scalars, ...cells(rs)]);
  for (const oid of [...probes(reference.varbinds), ...scalars.map((s) => s.oid)]) {
    same(merged.next(oid), reference.next(oid), `next(${oid.join(".")})`);
    same(merged.get(oid), reference.get(oid), `get(${oid.join(".")})`);
  }
});
