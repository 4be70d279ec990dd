/**
 * The redundancy protocol between Masters and radios (§4.6.19, §4.6.20): the Master modes and the timing both sides
 * share. The Master role (src/master) and the radio role (src/radio) each own their settings; these are the rules
 * that bind the two together. Roles that run only on a Master (ldap, sip) read the mode.
 */

/** Master modes (manual 003 §4.6.19). Deployment is for coverage tests and cannot be selected on an IPVM. */
export const MASTER_MODES = ["off", "active", "standby", "mirror", "deployment"] as const;
export type MasterMode = (typeof MASTER_MODES)[number];

/** Defaults for redundancy timing. Documented in docs/user-guide.md ("Failover timing"). */
export const REDUNDANCY_DEFAULTS = {
  /** A Standby/Mirror asks its peer "are you there" this often. */
  probeIntervalMs: 500,
  /** A Standby takes over after this long without an answer from the Master (the detection time). */
  masterLostMs: 2500,
  /**
   * A Master's lease on a radio: it drops the radio this long after the answer the radio's newest heartbeat echoes
   * (after a register's arrival), so a radio that stays silent is dropped 1.5–2 s after its last heartbeat.
   */
  radioLostMs: 2000,
  /** A radio sends a heartbeat to its Master this often. */
  heartbeatMs: 500,
  /** A radio gives up its Master after this long without an answer and tries the other one. */
  radioMasterLostMs: 2000,
} as const;

/**
 * How far a device's clock may run fast or slow against real time: 1000 ppm. A quartz oscillator is within ±100 ppm,
 * and NTP slews a clock by at most 500 ppm; clock *steps* (setting the time) are outside the lease argument
 * (docs/design.md "Registrations are leases").
 */
export const MAX_CLOCK_DRIFT = 0.001;

/** A clock reads whole milliseconds: a time taken on one device may be up to this much later than it reads. */
export const CLOCK_READ_MS = 1;

/**
 * How long a radio waits, on its own clock, for a lease of `leaseMs` on the Master's clock to have surely run out:
 * the Master's clock may run slow and the radio's fast by MAX_CLOCK_DRIFT each, and either reading may be a whole
 * millisecond short. 2000 ms → 2007 ms.
 */
export function leaseOutlastMs(leaseMs: number): number {
  return Math.ceil((leaseMs * (1 + MAX_CLOCK_DRIFT)) / (1 - MAX_CLOCK_DRIFT)) + 2 * CLOCK_READ_MS;
}

/**
 * A radio that gave up its Master without the Master's answer to a heartbeat of this attempt (so it cannot bound the
 * lease by an echoed grant), and a radio that boots, stay silent for the lease plus this margin after the abort (or
 * the boot) before they register anywhere else, so the old Master has dropped them first. The margin must exceed the
 * worst one-way network delay of a frame already on the wire. Not a setting: see docs/design.md.
 */
export const LEASE_MARGIN_MS = 1000;

/**
 * The documented failover time with default settings. The Standby becomes active `masterLostMs` after it last heard
 * the Master; a radio gives the Master up `radio.masterLostMs` after its last answer and may register elsewhere
 * `leaseOutlastMs(radioLostMs)` after that answer (the echoed grant bounds the old lease), whichever is later; both
 * last heard the Master at or before its failure. A radio's registration (a link hello and the register, one round
 * trip each) and the Standby's taking over of its pending radios fit within one heartbeat.
 */
export function failoverBudgetMs(
  radio: { readonly masterLostMs: number; readonly heartbeatMs: number },
  master: { readonly radioLostMs: number; readonly masterLostMs: number },
): number {
  return Math.max(master.masterLostMs, radio.masterLostMs, leaseOutlastMs(master.radioLostMs)) + radio.heartbeatMs;
}

/** failoverBudgetMs with every default: 3000 ms. */
export const DEFAULT_FAILOVER_BUDGET_MS = failoverBudgetMs(
  { masterLostMs: REDUNDANCY_DEFAULTS.radioMasterLostMs, heartbeatMs: REDUNDANCY_DEFAULTS.heartbeatMs },
  { radioLostMs: REDUNDANCY_DEFAULTS.radioLostMs, masterLostMs: REDUNDANCY_DEFAULTS.masterLostMs },
);
