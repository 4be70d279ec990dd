import type { Rng } from "../core/Rng.js";

/** One DNS SRV answer (RFC 2782). */
export interface SrvRecord {
  /** The target host name. */
  readonly name: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/**
 * The order in which a client tries the targets of one SRV name (RFC 2782 "Usage rules"): lowest priority first;
 * within a priority, a weighted random choice, repeated without the chosen record until none is left. A user's
 * first two targets are its primary and secondary proxy (manual 003 App. D.2.1); the rest follow in the same order,
 * so a lower priority is tried only once every higher one has failed.
 */
export function srvOrder(records: readonly SrvRecord[], rng: Rng): SrvRecord[] {
  const byPriority = new Map<number, SrvRecord[]>();
  for (const r of records) {
    const group = byPriority.get(r.priority);
    if (group === undefined) byPriority.set(r.priority, [r]);
    else group.push(r);
  }
  const out: SrvRecord[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    // RFC 2782: records of weight 0 are placed first so that they have a very small chance of selection.
    const left = byPriority.get(priority)!.sort((a, b) => (a.weight === 0 ? -1 : 0) - (b.weight === 0 ? -1 : 0));
    while (left.length > 0) {
      const total = left.reduce((sum, r) => sum + r.weight, 0);
      const index = total === 0 ? rng.int(left.length) : pickWeighted(left, rng.next() * total);
      out.push(left.splice(index, 1)[0]!);
    }
  }
  return out;
}

/** The first record whose running sum of weights passes `point` (0 ≤ point < total). */
function pickWeighted(records: readonly SrvRecord[], point: number): number {
  let sum = 0;
  for (let i = 0; i < records.length; i++) {
    sum += records[i]!.weight;
    if (sum > point) return i;
  }
  return records.length - 1;
}
