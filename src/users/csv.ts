import { DecodeError } from "../core/errors.js";
import { CsvError, type RejectedRow, UsersCode } from "./errors.js";
import { CSV_MAX_BYTES, CSV_MAX_ROWS } from "./limits.js";
import { FIELD_LABEL, type User, type UserInput } from "./User.js";
import type { UserField } from "./limits.js";

export { CsvError, type RejectedRow } from "./errors.js";

/** §3.14.3: "Long Name;Name;Number;Display Name;Auth Name (SIP);Idle Display;IPEI/IPDI;Password;" */
export const CSV_COLUMNS = [
  "longName",
  "name",
  "number",
  "displayName",
  "authName",
  "idleDisplay",
  "ipei",
  "password",
] as const satisfies readonly UserField[];

export interface CsvRows {
  /** Non-empty lines (header excluded) with their line numbers. */
  readonly rows: readonly { readonly row: number; readonly cells: readonly string[] }[];
}

/**
 * Splits a §3.14.3/§4.10.9 CSV file into rows: UTF-8 (a BOM is skipped), `;` or TAB as separator, at most 128 KiB and
 * 1000 rows. A file that is too large, has too many rows, or uses another separator is refused as a whole.
 */
export function readCsv(bytes: Uint8Array, columns: number): CsvRows {
  if (bytes.length > CSV_MAX_BYTES)
    throw new CsvError(UsersCode.CsvTooLarge, `the file has ${bytes.length} bytes; at most ${CSV_MAX_BYTES} (128 KB)`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch (cause) {
    throw new DecodeError(UsersCode.CsvEncoding, "the file is not UTF-8 text", { cause });
  }
  const lines = text.split(/\r?\n/).map((l, i) => ({ row: i + 1, line: l }));
  const data = lines.filter((l) => l.line.trim() !== "");
  const separator = data.some((l) => l.line.includes("\t")) ? "\t" : ";";
  if (columns > 1 && data.length > 0 && !data.some((l) => l.line.includes(separator)))
    throw new CsvError(
      UsersCode.CsvSeparator,
      "no ; or TAB separator found: use semicolon or TAB between the columns (§3.14.3)",
    );
  const rows = data.map((l) => ({ row: l.row, cells: splitRow(l.line, separator) }));
  const body = rows.length > 0 && isHeader(rows[0]!.cells) ? rows.slice(1) : rows;
  if (body.length > CSV_MAX_ROWS)
    throw new CsvError(UsersCode.CsvTooManyRows, `the file has ${body.length} rows; at most ${CSV_MAX_ROWS} (§3.14.3)`);
  return { rows: body };
}

function splitRow(line: string, separator: string): string[] {
  const cells = line.split(separator).map((c) => c.trim());
  // The manual's format ends each row with a separator.
  if (cells.length > 1 && cells[cells.length - 1] === "") cells.pop();
  return cells;
}

const HEADERS = new Set(["long name", "ipei", "ipei/ipdi"]);
const isHeader = (cells: readonly string[]) => HEADERS.has((cells[0] ?? "").toLowerCase());

/** The users of a users CSV file (§3.14.3); rows with too many columns or an Auth. Code column are refused. */
export function parseUsersCsv(bytes: Uint8Array): { row: number; user: UserInput }[] {
  const { rows } = readCsv(bytes, CSV_COLUMNS.length);
  const rejected: RejectedRow[] = [];
  const users = rows.flatMap(({ row, cells }) => {
    if (cells.length > CSV_COLUMNS.length) {
      rejected.push({
        row,
        reason: `${cells.length} columns; the format has ${CSV_COLUMNS.length} (${CSV_COLUMNS.map((c) => FIELD_LABEL[c]).join(";")}), and an Auth. Code is never imported`,
      });
      return [];
    }
    const user: Record<string, string> = {};
    cells.forEach((c, i) => {
      if (c !== "") user[CSV_COLUMNS[i]!] = c;
    });
    return [{ row, user: user as UserInput }];
  });
  if (rejected.length > 0) throw rejectedFile(rejected);
  return users;
}

export const rejectedFile = (rejected: readonly RejectedRow[]) =>
  new CsvError(
    UsersCode.CsvRejected,
    `${rejected.length} row(s) refused, nothing imported: ${rejected
      .slice(0, 5)
      .map((r) => `row ${r.row}: ${r.reason}`)
      .join("; ")}${rejected.length > 5 ? "; …" : ""}`,
    rejected,
  );

/** §4.10.6: the users as CSV, without Auth. Code and Password ("for safety reasons"), header first. */
export function usersToCsv(users: readonly User[]): string {
  const columns = CSV_COLUMNS.filter((c) => c !== "password");
  const line = (cells: readonly string[]) => cells.join(";") + ";\r\n";
  return line(columns.map((c) => FIELD_LABEL[c])) + users.map((u) => line(columns.map((c) => u[c] ?? ""))).join("");
}

/** §4.10.9: one IPEI per line. */
export function parseAnonymousCsv(bytes: Uint8Array): { row: number; ipei: string }[] {
  return readCsv(bytes, 1).rows.map(({ row, cells }) => ({ row, ipei: cells[0] ?? "" }));
}

/** §4.10.10. */
export function anonymousToCsv(ipeis: readonly string[]): string {
  return ipeis.map((i) => `${i}\r\n`).join("");
}
