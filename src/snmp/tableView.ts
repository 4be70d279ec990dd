import { IPDECT_OIDS, type IpdectName } from "./ipdectOids.js";
import { compareOid, type MibView, type Oid, type SnmpValue, type Varbind } from "./mibView.js";
import { lowerBound } from "./views.js";

/** One column of a table: its arc under the entry, and the value a row has there (undefined: the row has none). */
export interface Column<R> {
  readonly arc: number;
  value(row: R): SnmpValue | undefined;
}

/** A row of a table and its index (RFC 2578 §7.7: an instance is the column's OID followed by the index). */
export interface IndexedRow<R> {
  readonly index: Oid;
  readonly row: R;
}

/** A table of IPDECT-MIB: its entry object and its columns, each a column object of that entry. */
export interface Table<R> {
  readonly entry: Oid;
  readonly columns: readonly Column<R>[];
}

/**
 * Declares a table from mibs/IPDECT-MIB.txt by names (checked at load: each column is a child of the entry).
 * @see src/snmp/ipdectOids.ts, the one source of OIDs
 */
export function table<R>(entry: IpdectName, columns: readonly (readonly [IpdectName, Column<R>["value"]])[]): Table<R> {
  const e = IPDECT_OIDS[entry];
  return {
    entry: e,
    columns: columns
      .map(([name, value]) => {
        const oid = IPDECT_OIDS[name];
        if (oid.length !== e.length + 1 || compareOid(oid.slice(0, e.length), e) !== 0)
          throw new Error(`${name} is not a column of ${entry}`);
        return { arc: oid[e.length]!, value };
      })
      .sort((a, b) => a.arc - b.arc),
  };
}

/**
 * A table as a view that keeps its rows, not its cells: Get and GetNext find the column and the row (rows sorted by
 * index once, then binary search) and make the one varbind asked for, in GetNext order, column by column (RFC 2578
 * §7.7). Building the agent's view then costs a sort of the rows, not 14 000 varbinds for 2047 radios (their
 * allocation and garbage collection were half of every build; docs/design.md "SNMP agent").
 */
export function tableView<R>(t: Table<R>, rows: readonly IndexedRow<R>[]): MibView {
  const { entry, columns } = t;
  const n = entry.length;
  const sorted = [...rows].sort((a, b) => compareOid(a.index, b.index));
  const cellAt = (c: number, r: number): Varbind | undefined => {
    const { row, index } = sorted[r]!;
    const value = columns[c]!.value(row);
    return value === undefined ? undefined : { oid: [...entry, columns[c]!.arc, ...index], value };
  };
  /** The cell GetNext answered last and where it is: a walk asks for its successor next. */
  let last: { readonly oid: Oid; readonly c: number; readonly r: number } | undefined;
  /** The first cell at column c, row r or after, in GetNext order. */
  const scan = (c: number, r: number): Varbind | undefined => {
    for (; c < columns.length; c++, r = 0)
      for (; r < sorted.length; r++) {
        const hit = cellAt(c, r);
        if (hit !== undefined) {
          last = { oid: hit.oid, c, r };
          return hit;
        }
      }
    return undefined;
  };
  /** The first row whose index is not before `index` (or after it, when `strict`). */
  const rowFrom = (index: Oid, strict: boolean): number => {
    const r = lowerBound(sorted, index, (x) => x.index);
    return strict && r < sorted.length && compareOid(sorted[r]!.index, index) === 0 ? r + 1 : r;
  };
  /** Where `oid` lies: before the table's cells (< 0; the entry itself too), inside (0), or after them (> 0). */
  const place = (oid: Oid): number => {
    for (let i = 0; i < Math.min(oid.length, n); i++) if (oid[i] !== entry[i]) return oid[i]! - entry[i]!;
    return oid.length > n ? 0 : -1;
  };
  // Asked for by every GetNext before the table (a merged view asks each part), so made once.
  let first: { readonly v: Varbind | undefined } | undefined;
  return {
    subtree: entry,
    get(oid) {
      if (place(oid) !== 0) return undefined;
      const c = columns.findIndex((col) => col.arc === oid[n]);
      const index = oid.slice(n + 1);
      const r = rowFrom(index, false);
      return c < 0 || r >= sorted.length || compareOid(sorted[r]!.index, index) !== 0 ? undefined : cellAt(c, r);
    },
    next(oid) {
      if (last !== undefined && compareOid(oid, last.oid) === 0) return scan(last.c, last.r + 1);
      const p = place(oid);
      if (p < 0) return (first ??= { v: scan(0, 0) }).v;
      if (p > 0) return undefined;
      const c = columns.findIndex((col) => col.arc >= oid[n]!);
      if (c < 0) return undefined;
      return columns[c]!.arc > oid[n]! ? scan(c, 0) : scan(c, rowFrom(oid.slice(n + 1), true));
    },
    // A column's object type is entry.arc: at it or under it, whether the table has rows or not (RFC 3416 §4.2.1).
    hasObject: (oid) => place(oid) === 0 && columns.some((col) => col.arc === oid[n]),
  };
}
