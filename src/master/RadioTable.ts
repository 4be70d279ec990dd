import type { Endpoint } from "../wire/Transport.js";

export type Standing = "registered" | "pending";

export interface RadioRecord {
  readonly mac: string;
  name: string;
  kind: string;
  /** Where the radio's stream comes from; answers and pushes go there. */
  from: Endpoint;
  attempt: number;
  /**
   * When the Master's lease on the radio ends (its clock): a register grants `lease` from its arrival, a heartbeat
   * `lease` from the answer it echoes (docs/design.md "Registrations are leases"). Only ever moves later.
   */
  until: number;
  standing: Standing;
  since: number;
}

/**
 * The radios a Master holds. A radio is *registered* while the Master is active and *pending* while it is not (the
 * Master holds it until it becomes active or redirects it). Each record is a lease that lapses at its `until`, and
 * radios never move on before that (RadioCore.leaseWaitMs), so a radio has one holder at a time.
 */
export class RadioTable {
  readonly #records = new Map<string, RadioRecord>();
  /**
   * Radios this Master sent elsewhere (REDIRECT), by MAC: the attempt it released and when. A message of that attempt
   * still in flight must not create a new hold, because the radio has already moved on without waiting.
   */
  readonly #released = new Map<string, { attempt: number; at: number }>();
  readonly leaseMs: number;

  constructor(leaseMs: number) {
    this.leaseMs = leaseMs;
  }

  get(mac: string): RadioRecord | undefined {
    return this.#records.get(mac);
  }

  upsert(r: Omit<RadioRecord, "since">, now: number): { record: RadioRecord; changed: boolean } {
    const old = this.#records.get(r.mac);
    if (old === undefined) {
      const record = { ...r, since: now };
      this.#records.set(r.mac, record);
      return { record, changed: true };
    }
    const changed = old.standing !== r.standing;
    Object.assign(old, r);
    if (changed) old.since = now;
    return { record: old, changed };
  }

  remove(mac: string): RadioRecord | undefined {
    const r = this.#records.get(mac);
    this.#records.delete(mac);
    return r;
  }

  /** Marks the radio's current attempt as released (and drops its record). */
  release(mac: string, attempt: number, now: number): void {
    this.#records.delete(mac);
    this.#released.set(mac, { attempt, at: now });
  }

  /** True for a message of an attempt this Master released. A new attempt (or a rebooted radio) is not released. */
  isReleased(mac: string, attempt: number): boolean {
    return this.#released.get(mac)?.attempt === attempt;
  }

  /**
   * Renews a radio's lease from `from` (the time of the answer its frame echoes, or the frame's arrival): the lease
   * then runs to `from + leaseMs`, unless it already runs longer.
   */
  renew(r: RadioRecord, from: number): void {
    r.until = Math.max(r.until, from + this.leaseMs);
  }

  /** Removes and returns the records whose lease has run out by `now`. */
  expire(now: number): RadioRecord[] {
    const gone: RadioRecord[] = [];
    for (const r of this.#records.values()) if (now >= r.until) gone.push(r);
    for (const r of gone) this.#records.delete(r.mac);
    return gone;
  }

  /**
   * When the next lease ends (Infinity with none). It only moves later while records are held: a new lease runs
   * `leaseMs` from now, after every other, and a renewal only lengthens one; so a lazily re-read deadline is exact.
   */
  nextExpiry(): number {
    let next = Infinity;
    for (const r of this.#records.values()) if (r.until < next) next = r.until;
    return next;
  }

  /** Forgets releases older than `forgetMs`. */
  forgetReleases(now: number, forgetMs: number): void {
    for (const [mac, r] of this.#released) if (now >= r.at + forgetMs) this.#released.delete(mac);
  }

  all(): RadioRecord[] {
    return [...this.#records.values()];
  }

  count(standing?: Standing): number {
    if (standing === undefined) return this.#records.size;
    let n = 0;
    for (const r of this.#records.values()) if (r.standing === standing) n++;
    return n;
  }

  /**
   * The time until which this Master holds leases on a majority of `voters` (radio MACs). With an empty voter set
   * there is no majority to hold: -Infinity.
   */
  majorityLeaseUntil(voters: ReadonlySet<string>): number {
    if (voters.size === 0) return -Infinity;
    const need = Math.floor(voters.size / 2) + 1;
    const ends: number[] = [];
    for (const mac of voters) {
      const r = this.#records.get(mac);
      if (r !== undefined) ends.push(r.until);
    }
    if (ends.length < need) return -Infinity;
    ends.sort((a, b) => b - a);
    return ends[need - 1]!;
  }
}
