import { api, type NodeProcesses, waitFor } from "./nodes.js";

export interface Digest {
  epoch: string;
  usn: number;
  users: number;
  entries: { key: string; usn: number; digest: string }[];
}

/** `GET /api/directory` (with one digest per entry, or only the usn), undefined while the node does not answer. */
export async function digest(ip: string, entries = true): Promise<Digest | undefined> {
  try {
    const r = await api(ip, "GET", `/api/directory${entries ? "" : "?entries=0"}`);
    return r.status === 200 ? (r.json as Digest) : undefined;
  } catch {
    return undefined;
  }
}

/** CSV lines for users from..from+n-1 (§3.14.3 column order). */
export const usersCsv = (from: number, n: number): string =>
  Array.from({ length: n }, (_, i) => `User ${from + i};u${from + i};${from + i};;;;;;`).join("\n") + "\n";

export const quantile = (xs: readonly number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * q) - 1]!;

export interface ReplicationRun {
  /** From starting the Standby process until its copy has the Master's usn. */
  readonly copyMs: number;
  /** Per change: from sending PATCH to the Master until the Standby's usn has reached the Master's. */
  readonly changeMs: number[];
}

/**
 * Full replication on real nodes (§4.5.3.1): `users` users imported into a running Master (CSV, 1000 per file), then
 * the Standby process is started and timed until its copy is complete, then `changes` user changes are timed one by
 * one until each is visible on the Standby. Users are numbered from 10000.
 */
export async function measureReplication(
  nodes: NodeProcesses,
  master: { ip: string; name: string; yaml: string },
  standby: { ip: string; name: string; yaml: string },
  users: number,
  changes: number,
): Promise<ReplicationRun> {
  await nodes.start(master.name, master.yaml);
  for (let i = 0; i < users; i += 1000) {
    const r = await api(master.ip, "POST", "/api/users/import", usersCsv(10000 + i, Math.min(1000, users - i)));
    if (r.status !== 200) throw new Error(`import failed: ${JSON.stringify(r.json)}`);
  }
  const want = (await digest(master.ip, false))!;
  const started = Date.now();
  await nodes.start(standby.name, standby.yaml);
  await waitFor(async () => (await digest(standby.ip, false))?.usn === want.usn, 10_000, "the Standby's copy");
  const copyMs = Date.now() - started;
  const changeMs: number[] = [];
  for (let i = 0; i < changes; i++) {
    const t0 = performance.now();
    const r = await api(master.ip, "PATCH", `/api/users/${10000 + (i % users)}`, JSON.stringify({ name: `n${i}` }));
    if (r.status !== 200) throw new Error(`change failed: ${JSON.stringify(r.json)}`);
    const usn = (await digest(master.ip, false))!.usn;
    while (((await digest(standby.ip, false))?.usn ?? 0) < usn) await new Promise((res) => setTimeout(res, 2));
    changeMs.push(performance.now() - t0);
  }
  return { copyMs, changeMs };
}
