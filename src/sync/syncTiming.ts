/** Timing and limits of air synchronisation. Documented in docs/user-guide.md ("Air synchronisation"). */
export const SYNC_TIMING = {
  /** §4.6.36: a newly active sync master listens this long for radios of its region before leading. */
  listenMs: 30_000,
  /**
   * A newly active sync master whose reference is a radio of ours still synchronising keeps listening for it up to
   * this long, so a cold start of the whole system needs no resynchronisation later.
   */
  referenceWaitMs: 180_000,
  /** §4.11.5: no sync source for this long counts as a sync loss. */
  noSourceMs: 9 * 60_000,
  /** A radio's crystal is within ± this many ppm of nominal (seeded per radio). */
  crystalPpm: 5,
  /** In holdover a disciplined clock stays within ± this many ppm of its last source (seeded per radio). */
  holdoverPpm: 0.1,
  /** Default maximum depth of a sync tree, hops from the sync master (other vendors: 5 to 15). */
  defaultMaxDepth: 10,
  /** A radio keeps its source unless another at the same depth is more than this much stronger (dB). */
  hysteresisDb: 6,
} as const;
