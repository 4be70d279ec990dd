import type { Logger } from "../core/Logger.js";
import type { MibView, Oid, Varbind } from "./mibView.js";
import type { SnmpSettings } from "./settings.js";
import type { EngineTime } from "./snmpEngine.js";
import type { SnmpCounters } from "./systemGroup.js";

/** RFC 3418 snmpTraps: the generic notifications (coldStart .1 … authenticationFailure .5). */
export const SNMP_TRAPS: Oid = [1, 3, 6, 1, 6, 3, 1, 1, 5];
export const COLD_START: Oid = [...SNMP_TRAPS, 1];
export const AUTHENTICATION_FAILURE: Oid = [...SNMP_TRAPS, 5];

/**
 * How SNMPv1 names a notification (RFC 3584 §3.1): the generic traps (coldStart … authenticationFailure) by their
 * generic-trap number, any other by its OID in dotted form.
 */
export function v1TrapType(oid: Oid): number | string {
  const generic = oid.length === SNMP_TRAPS.length + 1 && SNMP_TRAPS.every((arc, i) => oid[i] === arc);
  return generic ? oid[SNMP_TRAPS.length]! - 1 : oid.join(".");
}

/** One notification: its snmpTrapOID and the varbinds after sysUpTime.0 and snmpTrapOID.0 (RFC 3416 §4.2.6). */
export interface SnmpNotification {
  readonly trapOid: Oid;
  readonly varbinds: readonly Varbind[];
}

/** What the world needs to run a device's agent. */
export interface SnmpAgentOptions {
  readonly ip: string;
  readonly port: number;
  readonly settings: SnmpSettings;
  /** snmpEngineID in hex (RFC 3411 §5), stable per device: `engineIdOf(mac)`. */
  readonly engineId: string;
  /**
   * snmpEngineBoots and snmpEngineTime now (RFC 3414 §2.2, snmp/snmpEngine.ts): every report and response carries
   * them, and an authenticated request must be within their Time Window (§3.2 step 7a).
   */
  readonly engineTime: () => EngineTime;
  /** A fresh snapshot of everything served; asked once per request. */
  readonly view: () => MibView;
  /** sysUpTime in hundredths of a second (the device's clock), for notifications. */
  readonly upTimeCs: () => number;
  /** The snmp group counters; the agent adds to them. */
  readonly counters: SnmpCounters;
  /**
   * Called for each request refused for its community, user or digest (RFC 3418 snmpInBadCommunityNames, RFC 3414
   * usmStats): the device sends authenticationFailure when `authTrap` is on (§4.9.5).
   */
  readonly authenticationFailed: () => void;
  readonly log: Logger;
}

/** A running agent. */
export interface SnmpAgent {
  readonly ip: string;
  readonly port: number;
  /** Sends a notification to every trap destination (§4.9.5 step 8). */
  notify(n: SnmpNotification): void;
  close(): Promise<void>;
}

/** How a world runs an SNMP agent (DeviceEnv.snmpAgent): UDP on real nodes (platform/node/SnmpAgent.ts); the sim has none. */
export type SnmpListen = (options: SnmpAgentOptions) => Promise<SnmpAgent>;
