import type { Mac } from "../identity/Mac.js";

/** Device kinds (manual 003 §1, App. J). */
export const DEVICE_KINDS = ["IPBS", "IPBL", "IPVM"] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Master modes (manual 003 §4.6.19). Deployment is for coverage tests and cannot be selected on an IPVM. */
export const MASTER_MODES = ["off", "active", "standby", "mirror", "deployment"] as const;
export type MasterMode = (typeof MASTER_MODES)[number];

/** Master Id range. The manual only asks for uniqueness per multi-master system (§4.6.20); we allow 1..254. */
export const MASTER_ID_MIN = 1;
export const MASTER_ID_MAX = 254;

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
  radio: Pick<RadioSettings, "masterLostMs" | "heartbeatMs">,
  master: Pick<MasterSettings, "radioLostMs" | "masterLostMs">,
): number {
  return Math.max(master.masterLostMs, radio.masterLostMs + master.radioLostMs + LEASE_MARGIN_MS) + radio.heartbeatMs;
}

/** failoverBudgetMs with every default: 5000 ms. */
export const DEFAULT_FAILOVER_BUDGET_MS = failoverBudgetMs(
  { masterLostMs: REDUNDANCY_DEFAULTS.radioMasterLostMs, heartbeatMs: REDUNDANCY_DEFAULTS.heartbeatMs },
  { radioLostMs: REDUNDANCY_DEFAULTS.radioLostMs, masterLostMs: REDUNDANCY_DEFAULTS.masterLostMs },
);

export interface MasterSettings {
  readonly mode: MasterMode;
  /** §4.6.20: unique per Master in a multi-master system; a Standby has the same id as its Master. */
  readonly id: number;
  /** Standby only: the primary Master's IPv4 address (§4.6.19 step 3). */
  readonly primary?: string;
  /** Mirror only: the other Mirror Master's IPv4 address (§4.6.19 step 4). */
  readonly mirrorPeer?: string;
  readonly probeIntervalMs: number;
  readonly masterLostMs: number;
  readonly radioLostMs: number;
}

export interface RadioSettings {
  /** §4.6.31 Enable/Disable the Radio. */
  readonly enabled: boolean;
  /** The Master this radio registers to (IPv4). */
  readonly master?: string;
  /** The alternate Master: the Standby or the other Mirror. */
  readonly alternateMaster?: string;
  readonly heartbeatMs: number;
  readonly masterLostMs: number;
}

/** DECT system name and password (§4.6.1); the same on every Master and radio of one system. */
export interface DectSystem {
  readonly name: string;
  readonly password: string;
}

export interface Position {
  readonly x: number;
  readonly y: number;
  readonly floor: number;
}

/**
 * One device's configuration: the single typed model behind both faces (native text form and YAML/JSON).
 * A role is held when its section is present; absence means the role is off.
 */
export interface DeviceConfig {
  /** Device name (§4.1.1); also the name in event logs. */
  readonly name: string;
  readonly kind: DeviceKind;
  readonly mac: Mac;
  /** Static IPv4 address (§4.2.3); in this project always in 127.0.0.0/8 for real nodes. */
  readonly ip: string;
  /** Subnet mask of ETH0, dotted (`config add IP0 ETH0 /mask`, App. J.2.1). Absent: not configured. */
  readonly mask?: string;
  /** Default gateway, IPv4 (`config add IP0 RT0 /gateway`, App. J.2.1). Absent: not configured. */
  readonly gateway?: string;
  /** DNS server, IPv4 (`config add IP0 ETH0 /dns`, App. J.2.1). Absent: not configured. */
  readonly dns?: string;
  /** Alternate DNS server, IPv4 (`config add IP0 ETH0 /dns2`, App. J.2.1). Absent: not configured. */
  readonly dns2?: string;
  readonly system: DectSystem;
  readonly master?: MasterSettings;
  readonly radio?: RadioSettings;
  readonly position?: Position;
  /**
   * Native text lines of modules this version does not model (e.g. `UP1`, `LLDP0`, `FLASHDIR0`, `vars create`),
   * kept verbatim and in order so a device's configuration survives a round trip through this software.
   */
  readonly extra: readonly string[];
}

export const DEFAULT_SYSTEM: DectSystem = { name: "ipdect", password: "ip-dect" };
