import { masked } from "../core/config/secrets.js";
import { SNMP_SECRETS, type SnmpSettings } from "./settings.js";
import type { SnmpCounters } from "./systemGroup.js";

/** The agent of this boot as the operator interface sees it (device/snmpService.ts RunningSnmp). */
export interface SnmpAgentState {
  readonly counters: Readonly<SnmpCounters>;
  /** Where it answers on UDP; absent: it only serves views (the sim) or could not have its port (a warning event). */
  readonly listening?: { readonly ip: string; readonly port: number };
}

/** Services → SNMP (§4.9.5) with the agent's state: what `GET /api/snmp` answers. Secrets are masked (SNMP_SECRETS). */
export interface SnmpReport {
  /** The settings in force; null: no `snmp` section (SNMP is disabled by default). */
  readonly running: SnmpSettings | null;
  /** Present while a configuration waits for a reset (§4.18.1): its `snmp` section, null when it has none. */
  readonly pending?: SnmpSettings | null;
  /** The agent's snmpEngineID in hex (RFC 3411 §5), fixed per device: a manager's SNMPv3 entry is made once. */
  readonly engineId: string;
  /** The agent of this boot; null: SNMP is disabled. */
  readonly agent: {
    readonly listening: { readonly ip: string; readonly port: number } | null;
    /** RFC 3418 snmp group, by object name. */
    readonly snmp: Readonly<Record<string, number>>;
    /** RFC 3414 usmStats, by object name. */
    readonly usmStats: Readonly<Record<string, number>>;
  } | null;
}

/**
 * The counters of the snmp group (RFC 3418 §2, with RFC 1213's snmpOutTooBigs) and of usmStats (RFC 3414 §5) under
 * their object names.
 */
export const SNMP_GROUP_NAMES: Readonly<Partial<Record<keyof SnmpCounters, string>>> = {
  inPkts: "snmpInPkts",
  inBadVersions: "snmpInBadVersions",
  inBadCommunityNames: "snmpInBadCommunityNames",
  inBadCommunityUses: "snmpInBadCommunityUses",
  inASNParseErrs: "snmpInASNParseErrs",
  outTooBigs: "snmpOutTooBigs",
  silentDrops: "snmpSilentDrops",
};
export const USM_STATS_NAMES: Readonly<Partial<Record<keyof SnmpCounters, string>>> = {
  usmNotInTimeWindows: "usmStatsNotInTimeWindows",
  usmUnknownUserNames: "usmStatsUnknownUserNames",
  usmUnknownEngineIDs: "usmStatsUnknownEngineIDs",
  usmWrongDigests: "usmStatsWrongDigests",
  usmDecryptionErrors: "usmStatsDecryptionErrors",
};

const named = (c: Readonly<SnmpCounters>, names: Readonly<Partial<Record<keyof SnmpCounters, string>>>) =>
  Object.fromEntries(Object.entries(names).map(([key, name]) => [name, c[key as keyof SnmpCounters]]));

export interface SnmpReportInput {
  readonly running: SnmpSettings | undefined;
  /** undefined: nothing waits for a reset; null: the pending configuration has no `snmp` section. */
  readonly pending: SnmpSettings | null | undefined;
  readonly engineId: string;
  readonly agent: SnmpAgentState | undefined;
}

/** The report of `GET /api/snmp`, every secret masked. */
export function snmpReport(i: SnmpReportInput): SnmpReport {
  const a = i.agent;
  return {
    running: i.running === undefined ? null : masked(i.running, SNMP_SECRETS),
    ...(i.pending === undefined ? {} : { pending: i.pending === null ? null : masked(i.pending, SNMP_SECRETS) }),
    engineId: i.engineId,
    agent:
      a === undefined
        ? null
        : {
            listening: a.listening ?? null,
            snmp: named(a.counters, SNMP_GROUP_NAMES),
            usmStats: named(a.counters, USM_STATS_NAMES),
          },
  };
}
