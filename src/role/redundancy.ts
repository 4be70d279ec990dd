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
  masterLostMs: 3000,
  /** A Master drops a radio's registration (its lease on the radio) after this long without a heartbeat. */
  radioLostMs: 1500,
  /** A radio sends a heartbeat to its Master this often. */
  heartbeatMs: 500,
  /** A radio gives up its Master after this long without an answer and tries the other one. */
  radioMasterLostMs: 2000,
} as const;

/**
 * A radio that gave up its Master stays silent for the Master's lease plus this margin before it registers anywhere
 * else, so the old Master has dropped it first: no radio is ever registered to two Masters. The margin must exceed
 * the worst one-way network delay plus the Master's lease sweep (250 ms). Not a setting: see docs/design.md.
 */
export const LEASE_MARGIN_MS = 1000;

/**
 * The documented failover time with default settings: a radio notices its Master is gone after `radioMasterLostMs`,
 * waits out the Master's lease plus LEASE_MARGIN_MS, and registers to the other Master within one heartbeat.
 * The Standby itself becomes active after `masterLostMs` (3 s), which is inside this budget.
 */
export function failoverBudgetMs(
  radio: { readonly masterLostMs: number; readonly heartbeatMs: number },
  master: { readonly radioLostMs: number; readonly masterLostMs: number },
): number {
  return Math.max(master.masterLostMs, radio.masterLostMs + master.radioLostMs + LEASE_MARGIN_MS) + radio.heartbeatMs;
}

/** failoverBudgetMs with every default: 5000 ms. */
export const DEFAULT_FAILOVER_BUDGET_MS = failoverBudgetMs(
  { masterLostMs: REDUNDANCY_DEFAULTS.radioMasterLostMs, heartbeatMs: REDUNDANCY_DEFAULTS.heartbeatMs },
  { radioLostMs: REDUNDANCY_DEFAULTS.radioLostMs, masterLostMs: REDUNDANCY_DEFAULTS.masterLostMs },
);
