/** Timing of the PARI function and its clients. Documented in docs/user-guide.md ("PARI Master and radios"). */
export const PARI_TIMING = {
  /** A radio repeats its PariRegister this often while connected (keep-alive), and while connecting. */
  keepaliveMs: 2000,
  /** A PARI Master counts a radio as no longer connected (a static registration) after this long without one. */
  lostMs: 7000,
  /** A radio gives up a PARI Master that has not answered for this long and tries the other one. */
  answerLostMs: 7000,
  /** An unconfigured radio announces itself this often (plug and play, §3.11). */
  announceMs: 2000,
  /** An uninitialized registration disappears after this long without an announcement. */
  announceForgetMs: 10_000,
  /** A refused radio asks again after this long (the administrator may have fixed the cause meanwhile). */
  refusedRetryMs: 10_000,
  /** The PARI Master re-sends its full table to its peer this often even without changes (anti-entropy). */
  replicaRefreshMs: 30_000,
  /** A radio scans the air for other systems with the same System ID this often (0x000e0008). */
  airScanMs: 5000,
} as const;
