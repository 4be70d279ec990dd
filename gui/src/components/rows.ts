import { ApiError } from "../api.js";
import type { FieldSpec, Values } from "./form.js";

/** One field of a list's row: the key of the row object and how the form shows it. */
export interface RowField {
  readonly field: string;
  /** Added to the row's name: "Port" → "Authentication Server 1 Port"; "" for a row of one field. */
  readonly label: string;
  readonly kind: FieldSpec["kind"];
  readonly options?: FieldSpec["options"];
  /** What is wrong with a value of a filled row, given the row's values by field. */
  readonly check?: (value: string, row: Values) => string | undefined;
  readonly hint?: string;
  /** Shown only when this holds of the row (an inform's Timeout, §4.9.5). */
  readonly shown?: (row: Values) => boolean;
  /** What a new row starts with (a select's first choice); default empty. */
  readonly initial?: string | boolean;
}

/**
 * A list setting edited as numbered rows of a settings form, the way the manual's pages have a row per entry with a new
 * empty one below (§4.9.3 Allowed stations, §4.9.5 Trap Destinations, §4.1.8.3 Authentication Servers). The first
 * field makes the row: while it is empty the row is no entry and its other fields are hidden; emptying it removes the
 * entry. A filled row shows the next one.
 */
export interface RowList {
  /** The form keys are `<key>.<n>.<field>`. */
  readonly key: string;
  /** The list as the device names it in its errors: `allowedStations`, `kerberos.client.servers`. */
  readonly server: string;
  /** One row's name, numbered from 1: "Allowed Station" → "Allowed Station 1". */
  readonly label: string;
  readonly fields: readonly [RowField, ...RowField[]];
  /** The device's limit of entries; without one, the rows there are and ROOM more. */
  readonly max?: number;
  /** The entries are plain values (a list of addresses), not objects: the row has its first field only. */
  readonly plain?: boolean;
}

/** Empty rows offered beyond the entries there are, when the list has no limit. */
const ROOM = 8;

const formKey = (list: RowList, i: number, field: string) => `${list.key}.${i}.${field}`;

/** The row `i` of the form's values, by field. */
function rowAt(list: RowList, all: Values, i: number): Values {
  return Object.fromEntries(list.fields.map((f) => [f.field, all[formKey(list, i, f.field)] ?? f.initial ?? ""]));
}

const filled = (list: RowList, all: Values, i: number): boolean =>
  String(all[formKey(list, i, list.fields[0].field)] ?? "").trim() !== "";

/** How many rows the form has for `entries` entries. */
export const rowCount = (list: RowList, entries: number): number => Math.min(list.max ?? Infinity, entries + ROOM);

/** The fields of `count` rows. */
export function rowSpecs(list: RowList, count: number): FieldSpec[] {
  return Array.from({ length: count }, (_, i) =>
    list.fields.map((f, n): FieldSpec => {
      const first = n === 0;
      const name = f.label === "" ? `${list.label} ${i + 1}` : `${list.label} ${i + 1} ${f.label}`;
      const check = f.check;
      return {
        key: formKey(list, i, f.field),
        label: name,
        kind: f.kind,
        ...(f.options === undefined ? {} : { options: f.options }),
        ...(f.hint === undefined || i > 0 ? {} : { hint: f.hint }),
        server: list.plain === true ? `${list.server}[${i}]` : `${list.server}[${i}].${f.field}`,
        shown: (all) =>
          (i === 0 || filled(list, all, i - 1) || filled(list, all, i)) &&
          (first || filled(list, all, i)) &&
          (f.shown?.(rowAt(list, all, i)) ?? true),
        ...(check === undefined
          ? {}
          : {
              check: (v: string, all: Values) =>
                first && v.trim() === "" ? undefined : check(v.trim(), rowAt(list, all, i)),
            }),
      };
    }),
  ).flat();
}

/** The form's values of `count` rows holding `entries` (objects with the fields as keys, or plain values). */
export function rowValues(list: RowList, entries: readonly unknown[], count: number): Values {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) =>
      list.fields.map((f) => {
        const entry = entries[i];
        const v = list.plain === true ? entry : (entry as Record<string, unknown> | undefined)?.[f.field];
        return [
          formKey(list, i, f.field),
          typeof v === "boolean" ? v : v === undefined ? (f.initial ?? "") : String(v),
        ];
      }),
    ).flat(),
  );
}

/** The filled rows of the form in order, each by field (texts trimmed), and the form row each came from. */
export interface FilledRows {
  readonly rows: readonly Values[];
  readonly at: readonly number[];
}

export function filledRows(list: RowList, all: Values, count: number): FilledRows {
  const at = Array.from({ length: count }, (_, i) => i).filter((i) => filled(list, all, i));
  const rows = at.map((i) => {
    const row = rowAt(list, all, i);
    return Object.fromEntries(
      list.fields
        .filter((f) => f.shown?.(row) ?? true)
        .map((f) => [f.field, typeof row[f.field] === "string" ? String(row[f.field]).trim() : row[f.field]!]),
    );
  });
  return { rows, at };
}

/**
 * An error of the device about entry `k` of the list (`allowedStations[k].network`) made to name the form's row it
 * came from, which differs when an emptied row was left out; any other error as it is.
 */
export function renumbered(list: RowList, filledAt: readonly number[], e: unknown): unknown {
  if (!(e instanceof ApiError) || e.field === undefined) return e;
  const m = new RegExp(`^${list.server.replace(/[.[\]]/g, "\\$&")}\\[(\\d+)\\]`).exec(e.field);
  const row = m === null ? undefined : filledAt[Number(m[1])];
  if (m === null || row === undefined) return e;
  const field = `${list.server}[${row}]${e.field.slice(m[0].length)}`;
  return new ApiError(e.status, e.code, e.message.replace(e.field, field), field, e.rejected, e.retryAfter);
}

/** `specs` shown only while `when` holds of the form: the rows and fields of a part that is switched off are hidden. */
export const onlyWhen = (specs: readonly FieldSpec[], when: (all: Values) => boolean): FieldSpec[] =>
  specs.map((s) => ({ ...s, shown: (all: Values) => when(all) && (s.shown?.(all) ?? true) }));
