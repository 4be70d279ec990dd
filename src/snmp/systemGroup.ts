import type { MibView, Oid, Varbind } from "./mibView.js";
import { liveView, mergeViews, type LiveScalar } from "./views.js";

/**
 * The "ipdect" enterprise arc under iso.org.dod.internet.private.enterprises. 99999 is a placeholder: it is NOT
 * registered with IANA, and a deployment that needs a unique arc replaces it (mibs/IPDECT-MIB.txt uses the same one).
 */
export const IPDECT_ENTERPRISE: Oid = [1, 3, 6, 1, 4, 1, 99999];
/** sysObjectID of every ipdect device: ipdect.1 ("ipdectDevice"); the device kind is in the IPDECT-MIB. */
export const IPDECT_OBJECT_ID: Oid = [...IPDECT_ENTERPRISE, 1];
/**
 * The agent's snmpEngineID (RFC 3411 §5 SnmpEngineID): the enterprise number with its top bit set, format 3 (a MAC
 * address) and the device's MAC, so it stays the same across restarts and a manager's v3 user entry keeps working.
 */
export function engineIdOf(mac: Uint8Array): string {
  const enterprise = (0x80000000 | IPDECT_ENTERPRISE[IPDECT_ENTERPRISE.length - 1]!) >>> 0;
  return (
    enterprise.toString(16).padStart(8, "0") + "03" + Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")
  );
}
/** RFC 3418 system group, mib-2.1. */
export const SYSTEM_GROUP: Oid = [1, 3, 6, 1, 2, 1, 1];
/** RFC 3418 snmp group, mib-2.11. */
export const SNMP_GROUP: Oid = [1, 3, 6, 1, 2, 1, 11];
/** RFC 3414 §5 usmStats, counted beside the snmp group. */
export const USM_STATS: Oid = [1, 3, 6, 1, 6, 3, 15, 1, 1];
/**
 * RFC 3418 sysServices: 72 = applications (layer 7, 2^6) + end-to-end (layer 4, 2^3), what a host offering
 * services (SIP, LDAP, HTTP) says, as net-snmp's snmpd does by default.
 */
export const SYS_SERVICES = 72;

/** What the system group shows (§4.9.5 steps 4 to 6 and the device's version). */
export interface SystemInfo {
  /** sysDescr: the device kind and software version (§4.11.1 "Version"). */
  readonly descr: string;
  /** sysUpTime in hundredths of a second since the agent started, from the device's own clock, as of now. */
  upTimeCs(): number;
  readonly name: string;
  readonly contact: string;
  readonly location: string;
}

/** The instance `group.arc.0` of a scalar object, read at each request. */
export const scalar = (group: Oid, arc: number, read: () => Varbind["value"]): LiveScalar => ({
  oid: [...group, arc, 0],
  read,
});

/** RFC 3418 system group (sysDescr … sysServices) as a view, sysUpTime read at each request. */
export function systemView(info: SystemInfo): MibView {
  return liveView([
    scalar(SYSTEM_GROUP, 1, () => ({ type: "OctetString", value: info.descr })),
    scalar(SYSTEM_GROUP, 2, () => ({ type: "ObjectIdentifier", value: IPDECT_OBJECT_ID })),
    // TimeTicks wrap at 2^32 (RFC 2578 §7.1.8): after 497 days.
    scalar(SYSTEM_GROUP, 3, () => ({ type: "TimeTicks", value: Math.floor(info.upTimeCs()) % 2 ** 32 })),
    scalar(SYSTEM_GROUP, 4, () => ({ type: "OctetString", value: info.contact })),
    scalar(SYSTEM_GROUP, 5, () => ({ type: "OctetString", value: info.name })),
    scalar(SYSTEM_GROUP, 6, () => ({ type: "OctetString", value: info.location })),
    scalar(SYSTEM_GROUP, 7, () => ({ type: "Integer", value: SYS_SERVICES })),
  ]);
}

/** The agent's counters (RFC 3418 snmp group, RFC 3414 usmStats); the agent adds to them, views read them. */
export interface SnmpCounters {
  inPkts: number;
  inBadVersions: number;
  inBadCommunityNames: number;
  inBadCommunityUses: number;
  inASNParseErrs: number;
  /** RFC 1213 snmpOutTooBigs: responses sent with tooBig (obsolete in RFC 3418, still served by Net-SNMP's snmpd). */
  outTooBigs: number;
  /** RFC 3418: requests whose tooBig response would not fit either (RFC 3416 §4.2.1), dropped. */
  silentDrops: number;
  /** RFC 3414 §3.2 step 7a: authenticated requests outside the Time Window (snmp/snmpEngine.ts). */
  usmNotInTimeWindows: number;
  usmUnknownEngineIDs: number;
  usmUnknownUserNames: number;
  usmWrongDigests: number;
  usmDecryptionErrors: number;
}

export function newSnmpCounters(): SnmpCounters {
  return {
    inPkts: 0,
    inBadVersions: 0,
    inBadCommunityNames: 0,
    inBadCommunityUses: 0,
    inASNParseErrs: 0,
    outTooBigs: 0,
    silentDrops: 0,
    usmNotInTimeWindows: 0,
    usmUnknownEngineIDs: 0,
    usmUnknownUserNames: 0,
    usmWrongDigests: 0,
    usmDecryptionErrors: 0,
  };
}

/** RFC 3414 §5 usmStats: the counter of each object, by its arc (2 usmStatsNotInTimeWindows … 6 DecryptionErrors). */
export const USM_STATS_COUNTERS: Readonly<Partial<Record<number, keyof SnmpCounters>>> = {
  2: "usmNotInTimeWindows",
  3: "usmUnknownUserNames",
  4: "usmUnknownEngineIDs",
  5: "usmWrongDigests",
  6: "usmDecryptionErrors",
};

/** Counter32 wraps at 2^32 (RFC 2578 §7.1.6). */
const counter = (n: number): Varbind["value"] => ({ type: "Counter32", value: n % 2 ** 32 });

/**
 * RFC 3418 snmp group (with RFC 1213 snmpOutTooBigs) and RFC 3414 usmStats as a view of the agent's counters as they
 * are at each request; snmpEnableAuthenTraps is 1 (enabled) or 2 (disabled).
 */
export function snmpGroupView(c: Readonly<SnmpCounters>, authTraps: boolean): MibView {
  const snmp = liveView([
    scalar(SNMP_GROUP, 1, () => counter(c.inPkts)),
    scalar(SNMP_GROUP, 3, () => counter(c.inBadVersions)),
    scalar(SNMP_GROUP, 4, () => counter(c.inBadCommunityNames)),
    scalar(SNMP_GROUP, 5, () => counter(c.inBadCommunityUses)),
    scalar(SNMP_GROUP, 6, () => counter(c.inASNParseErrs)),
    scalar(SNMP_GROUP, 20, () => counter(c.outTooBigs)),
    scalar(SNMP_GROUP, 30, () => ({ type: "Integer", value: authTraps ? 1 : 2 })),
    scalar(SNMP_GROUP, 31, () => counter(c.silentDrops)),
    scalar(SNMP_GROUP, 32, () => counter(0)),
  ]);
  // A view of its own: usmStats sorts after the enterprises arc, the snmp group before it.
  const usm = liveView(
    Object.entries(USM_STATS_COUNTERS).map(([arc, key]) => scalar(USM_STATS, Number(arc), () => counter(c[key!]))),
  );
  return mergeViews(snmp, usm);
}
