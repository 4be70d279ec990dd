/** Tables and key/value blocks for people (`ipdect ctl`, `ipdect sim`): plain text, aligned with spaces. */

/** Columns padded to their widest cell; trailing blanks trimmed. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** A list as a table under its header, or the line `empty` when it has no rows; ends with a newline. */
export function listText(header: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  return rows.length === 0 ? `${empty}\n` : `${formatTable([header, ...rows])}\n`;
}

/** One label and its value. */
export type Field = readonly [label: string, value: string | number];

/** A key/value block: one row per field, the labels padded to one column (no newline at the end). */
export function formatFields(rows: readonly Field[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`.trimEnd()).join("\n");
}

/** Every line of `text` indented by `by`. */
export const indent = (text: string, by: string): string =>
  text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
