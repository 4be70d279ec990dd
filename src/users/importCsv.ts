import { IpdectError } from "../core/errors.js";
import type { Directory } from "./Directory.js";
import { parseAnonymousCsv, parseUsersCsv, rejectedFile, type RejectedRow } from "./csv.js";
import { ipeiText, validateUser, type User } from "./User.js";

/**
 * §3.14.3 import: only new users; every row is checked (fields, and Long Name / Number / IPEI unique against the
 * directory and the rest of the file) and every refused row reported with its line; one refused row refuses the file,
 * and then nothing changes. The Auth. Code of each imported user is generated.
 */
export async function importUsersCsv(dir: Directory, bytes: Uint8Array): Promise<readonly User[]> {
  const rows = parseUsersCsv(bytes);
  const rejected: RejectedRow[] = [];
  // Where each value is already used: 0 for the directory, else the row of the file.
  const seen = {
    longName: new Map<string, number>(dir.users.map((u) => [u.longName, 0])),
    number: new Map<string, number>(dir.users.map((u) => [u.number, 0])),
    ipei: new Map<string, number>(dir.users.flatMap((u) => (u.ipei === undefined ? [] : [[u.ipei, 0] as const]))),
  };
  for (const { row, user } of rows) {
    let checked: User;
    try {
      checked = validateUser({ ...user, authCode: "0" });
    } catch (e) {
      rejected.push({ row, reason: (e as IpdectError).message });
      continue;
    }
    for (const key of ["longName", "number", "ipei"] as const) {
      const v = checked[key];
      if (v === undefined) continue;
      const at = seen[key].get(v);
      if (at !== undefined) {
        const label = key === "longName" ? "Long Name" : key === "number" ? "Number" : "IPEI";
        rejected.push({ row, reason: `${label} ${v} ${at === 0 ? "is already used" : `is also on row ${at}`}` });
      } else seen[key].set(v, row);
    }
  }
  if (rejected.length > 0) throw rejectedFile(rejected);
  return (await dir.addUsers(rows.map((r) => r.user))).map((e) => e.user);
}

/** §4.10.9 import of anonymous IPEIs: only new ones; any refused row refuses the file. */
export async function importAnonymousCsv(dir: Directory, bytes: Uint8Array): Promise<readonly string[]> {
  const rows = parseAnonymousCsv(bytes);
  const rejected: RejectedRow[] = [];
  const known = new Map<string, number>([
    ...dir.anonymous.map((i) => [i, 0] as const),
    ...dir.users.flatMap((u) => (u.ipei === undefined ? [] : [[u.ipei, 0] as const])),
  ]);
  const ipeis: string[] = [];
  for (const { row, ipei } of rows) {
    let t: string;
    try {
      t = ipeiText(ipei);
    } catch (e) {
      rejected.push({ row, reason: (e as IpdectError).message });
      continue;
    }
    const at = known.get(t);
    if (at !== undefined)
      rejected.push({ row, reason: `IPEI ${t} ${at === 0 ? "is already known" : `is also on row ${at}`}` });
    else known.set(t, row);
    ipeis.push(t);
  }
  if (rejected.length > 0) throw rejectedFile(rejected);
  return dir.addAnonymous(ipeis);
}
