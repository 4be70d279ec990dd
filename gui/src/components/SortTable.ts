import { useState } from "preact/hooks";
import { html, type View } from "../html.js";

/** One column: its heading and how a row is shown and ordered. */
export interface Column<R> {
  readonly key: string;
  readonly label: string;
  /** What the column sorts by (numbers in order, texts in the browser's collation). */
  readonly value: (row: R) => string | number;
  /** The cell's content, when not the value as text. */
  readonly cell?: (row: R) => View;
}

interface Props<R> {
  readonly caption: string;
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
  readonly rowKey: (row: R) => string;
  /** Show at most this many rows (the rest are counted below the table). */
  readonly limit?: number;
  /** A first column of check boxes: the keys ticked and how they change. */
  readonly selection?: { readonly selected: ReadonlySet<string>; readonly toggle: (key: string) => void };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compare(a: string | number, b: string | number): number {
  return typeof a === "number" && typeof b === "number" ? a - b : collator.compare(String(a), String(b));
}

/**
 * A table whose headings sort it, first ascending then descending ("change the order of the list by clicking on the
 * headings", §4.10.1); the order is announced with aria-sort.
 */
export function SortTable<R>({ caption, columns, rows, rowKey, limit, selection }: Props<R>): View {
  const [sort, setSort] = useState<{ key: string; up: boolean } | undefined>(undefined);
  const column = columns.find((c) => c.key === sort?.key);
  const ordered =
    column === undefined
      ? rows
      : [...rows].sort((a, b) => compare(column.value(a), column.value(b)) * (sort!.up ? 1 : -1));
  const shown = limit === undefined ? ordered : ordered.slice(0, limit);
  const by = (key: string) => () => setSort(sort?.key === key && sort.up ? { key, up: false } : { key, up: true });
  return html`<table class="list">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${selection === undefined ? null : html`<th scope="col"><span class="visually-hidden">Select</span></th>`}
          ${columns.map(
            (c) =>
              html`<th
                scope="col"
                aria-sort=${sort?.key === c.key ? (sort.up ? "ascending" : "descending") : undefined}
              >
                <button type="button" class="sort" onClick=${by(c.key)}>
                  ${c.label}${sort?.key === c.key ? (sort.up ? " ▲" : " ▼") : ""}
                </button>
              </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${shown.map((r) => {
          const key = rowKey(r);
          return html`<tr key=${key}>
            ${
              selection === undefined
                ? null
                : html`<td>
                    <input
                      type="checkbox"
                      aria-label=${`Select ${key}`}
                      checked=${selection.selected.has(key)}
                      onChange=${() => selection.toggle(key)}
                    />
                  </td>`
            }
            ${columns.map((c) => html`<td>${c.cell === undefined ? String(c.value(r)) : c.cell(r)}</td>`)}
          </tr>`;
        })}
      </tbody>
    </table>
    ${
      shown.length < ordered.length
        ? html`<p class="note" role="status">Showing ${shown.length} of ${ordered.length}: narrow the search.</p>`
        : null
    }`;
}
