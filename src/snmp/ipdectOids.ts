import type { Oid } from "./mibView.js";

/**
 * Every named node of mibs/IPDECT-MIB.txt as `[parent, arc]`, the same `::= { parent arc }` as the MIB text: the one
 * place the code takes IPDECT-MIB OIDs from. test/snmp/mibOids.test.ts checks each against `snmptranslate -On` on the
 * MIB file, so the two cannot drift. Conformance groups are left out: nothing is served under them.
 *
 * 1.3.6.1.4.1.99999 is not registered with IANA: a placeholder enterprise number (docs/design.md "IPDECT-MIB").
 */
const TREE = {
  ipdect: ["enterprises", 99999],
  ipdectMib: ["ipdect", 2],
  ipdectBaseStation: ["ipdect", 1],
  ipdectNotifications: ["ipdectMib", 0],
  ipdectObjects: ["ipdectMib", 1],
  ipdectDevice: ["ipdectObjects", 1],
  ipdectDeviceKind: ["ipdectDevice", 1],
  ipdectDeviceMac: ["ipdectDevice", 2],
  ipdectDeviceName: ["ipdectDevice", 3],
  ipdectDeviceIp: ["ipdectDevice", 4],
  ipdectDeviceRoles: ["ipdectDevice", 5],
  ipdectDeviceMasterMode: ["ipdectDevice", 6],
  ipdectDeviceMasterServing: ["ipdectDevice", 7],
  ipdectRadios: ["ipdectObjects", 2],
  ipdectRadioTable: ["ipdectRadios", 1],
  ipdectRadioEntry: ["ipdectRadioTable", 1],
  ipdectRadioNumber: ["ipdectRadioEntry", 1],
  ipdectRadioName: ["ipdectRadioEntry", 2],
  ipdectRadioRfpi: ["ipdectRadioEntry", 3],
  ipdectRadioIp: ["ipdectRadioEntry", 4],
  ipdectRadioSync: ["ipdectRadioEntry", 5],
  ipdectRadioRegion: ["ipdectRadioEntry", 6],
  ipdectRadioDeviceName: ["ipdectRadioEntry", 7],
  ipdectRadioVersion: ["ipdectRadioEntry", 8],
  ipdectRadioConnectedTime: ["ipdectRadioEntry", 9],
  ipdectRadioMac: ["ipdectRadioEntry", 10],
  ipdectRadioKind: ["ipdectRadioEntry", 11],
  ipdectRadioConnected: ["ipdectRadioEntry", 12],
  ipdectSync: ["ipdectObjects", 3],
  ipdectSyncRegionTable: ["ipdectSync", 1],
  ipdectSyncRegionEntry: ["ipdectSyncRegionTable", 1],
  ipdectSyncRegion: ["ipdectSyncRegionEntry", 1],
  ipdectSyncRegionActiveMaster: ["ipdectSyncRegionEntry", 2],
  ipdectSyncRegionReference: ["ipdectSyncRegionEntry", 3],
  ipdectSyncRegionRefLocked: ["ipdectSyncRegionEntry", 4],
  ipdectSyncRegionCalculations: ["ipdectSyncRegionEntry", 5],
  ipdectSyncRegionConfigurations: ["ipdectSyncRegionEntry", 6],
  ipdectSyncRegionSyncLost: ["ipdectSyncRegionEntry", 7],
  ipdectSyncRegionRadios: ["ipdectSyncRegionEntry", 8],
  ipdectSyncRegionSynchronized: ["ipdectSyncRegionEntry", 9],
  ipdectSyncRadioTable: ["ipdectSync", 2],
  ipdectSyncRadioEntry: ["ipdectSyncRadioTable", 1],
  ipdectSyncRadioRegion: ["ipdectSyncRadioEntry", 1],
  ipdectSyncRadioState: ["ipdectSyncRadioEntry", 2],
  ipdectSyncRadioRole: ["ipdectSyncRadioEntry", 3],
  ipdectSyncRadioLevel: ["ipdectSyncRadioEntry", 4],
  ipdectSyncRadioSource: ["ipdectSyncRadioEntry", 5],
  ipdectSyncRadioRssi: ["ipdectSyncRadioEntry", 6],
  ipdectSyncRadioFer: ["ipdectSyncRadioEntry", 7],
  ipdectSyncRadioSyncLost: ["ipdectSyncRadioEntry", 8],
  ipdectSyncLocal: ["ipdectSync", 3],
  ipdectSyncLocalState: ["ipdectSyncLocal", 1],
  ipdectSyncLocalOffset: ["ipdectSyncLocal", 2],
  ipdectSyncLocalDrift: ["ipdectSyncLocal", 3],
  ipdectSyncLocalSyncLost: ["ipdectSyncLocal", 4],
  ipdectSyncLocalRfpi: ["ipdectSyncLocal", 5],
  ipdectSyncLocalCarrier: ["ipdectSyncLocal", 6],
  ipdectSyncLocalSlot: ["ipdectSyncLocal", 7],
  ipdectSyncLocalRssi: ["ipdectSyncLocal", 8],
  ipdectSyncLocalFer: ["ipdectSyncLocal", 9],
  ipdectUsers: ["ipdectObjects", 4],
  ipdectUsersTotal: ["ipdectUsers", 1],
  ipdectUsersRegistered: ["ipdectUsers", 2],
  ipdectUsersRegistering: ["ipdectUsers", 3],
  ipdectUsersWaiting: ["ipdectUsers", 4],
  ipdectUsersFailed: ["ipdectUsers", 5],
  ipdectRegTable: ["ipdectUsers", 6],
  ipdectRegEntry: ["ipdectRegTable", 1],
  ipdectRegIndex: ["ipdectRegEntry", 1],
  ipdectRegNumber: ["ipdectRegEntry", 2],
  ipdectRegState: ["ipdectRegEntry", 3],
  ipdectRegExpires: ["ipdectRegEntry", 4],
  ipdectRegLastStatus: ["ipdectRegEntry", 5],
  ipdectLdapServer: ["ipdectObjects", 5],
  ipdectLdapConnections: ["ipdectLdapServer", 1],
  ipdectLdapWriteConnections: ["ipdectLdapServer", 2],
  ipdectLdapRxSearch: ["ipdectLdapServer", 3],
  ipdectLdapRxModify: ["ipdectLdapServer", 4],
  ipdectLdapRxAdd: ["ipdectLdapServer", 5],
  ipdectLdapRxDel: ["ipdectLdapServer", 6],
  ipdectLdapRxAbandon: ["ipdectLdapServer", 7],
  ipdectLdapTxNotify: ["ipdectLdapServer", 8],
  ipdectLdapTxError: ["ipdectLdapServer", 9],
  ipdectLdapTxError49: ["ipdectLdapServer", 10],
  ipdectLdapTxError50: ["ipdectLdapServer", 11],
  ipdectLdapRefused: ["ipdectLdapServer", 12],
  ipdectLdapIdleClosed: ["ipdectLdapServer", 13],
  ipdectLdapReplicator: ["ipdectObjects", 6],
  ipdectReplType: ["ipdectLdapReplicator", 1],
  ipdectReplServer: ["ipdectLdapReplicator", 2],
  ipdectReplState: ["ipdectLdapReplicator", 3],
  ipdectReplRemoteState: ["ipdectLdapReplicator", 4],
  ipdectReplRemoteNotify: ["ipdectLdapReplicator", 5],
  ipdectReplRemotePaged: ["ipdectLdapReplicator", 6],
  ipdectReplRemoteNoMatch: ["ipdectLdapReplicator", 7],
  ipdectReplRemoteDiscarded: ["ipdectLdapReplicator", 8],
  ipdectReplLocalState: ["ipdectLdapReplicator", 9],
  ipdectReplLocalNotify: ["ipdectLdapReplicator", 10],
  ipdectReplLocalAdd: ["ipdectLdapReplicator", 11],
  ipdectReplLocalDel: ["ipdectLdapReplicator", 12],
  ipdectReplLocalModify: ["ipdectLdapReplicator", 13],
  ipdectReplLocalPending: ["ipdectLdapReplicator", 14],
  ipdectAlarms: ["ipdectObjects", 7],
  ipdectAlarmActiveCount: ["ipdectAlarms", 1],
  ipdectAlarmActiveTable: ["ipdectAlarms", 2],
  ipdectAlarmActiveEntry: ["ipdectAlarmActiveTable", 1],
  ipdectAlarmActiveIndex: ["ipdectAlarmActiveEntry", 1],
  ipdectAlarmActiveTime: ["ipdectAlarmActiveEntry", 2],
  ipdectAlarmActiveCode: ["ipdectAlarmActiveEntry", 3],
  ipdectAlarmActiveSeverity: ["ipdectAlarmActiveEntry", 4],
  ipdectAlarmActiveRemote: ["ipdectAlarmActiveEntry", 5],
  ipdectAlarmActiveSource: ["ipdectAlarmActiveEntry", 6],
  ipdectAlarmActiveDescription: ["ipdectAlarmActiveEntry", 7],
  ipdectAlarmNotify: ["ipdectAlarms", 3],
  ipdectAlarmCode: ["ipdectAlarmNotify", 1],
  ipdectAlarmSeverity: ["ipdectAlarmNotify", 2],
  ipdectAlarmRemote: ["ipdectAlarmNotify", 3],
  ipdectAlarmSource: ["ipdectAlarmNotify", 4],
  ipdectAlarmText: ["ipdectAlarmNotify", 5],
  ipdectPerformance: ["ipdectObjects", 8],
  ipdectPerfCpu: ["ipdectPerformance", 1],
  ipdectPerfMemory: ["ipdectPerformance", 2],
  ipdectPerfCalls: ["ipdectPerformance", 3],
  ipdectPerfFramesIn: ["ipdectPerformance", 4],
  ipdectPerfFramesOut: ["ipdectPerformance", 5],
  ipdectPerfFramesDropped: ["ipdectPerformance", 6],
  ipdectAlarmRaised: ["ipdectNotifications", 1],
  ipdectAlarmCleared: ["ipdectNotifications", 2],
} as const;

export type IpdectName = keyof typeof TREE;

/** SNMPv2-SMI enterprises (RFC 2578 §2). */
const ENTERPRISES: Oid = [1, 3, 6, 1, 4, 1];

function resolve(name: IpdectName | "enterprises"): Oid {
  if (name === "enterprises") return ENTERPRISES;
  const [parent, arc] = TREE[name];
  return [...resolve(parent), arc];
}

/** The OID of each IPDECT-MIB name. */
export const IPDECT_OIDS: Readonly<Record<IpdectName, Oid>> = Object.fromEntries(
  (Object.keys(TREE) as IpdectName[]).map((n) => [n, resolve(n)]),
) as Record<IpdectName, Oid>;

/** The product's sysObjectID (SNMPv2-MIB), served by the agent's system group. */
export const SYS_OBJECT_ID: Oid = IPDECT_OIDS.ipdectBaseStation;

/**
 * The IPDECT-MIB's object types that a Get cannot read: the table indexes (MAX-ACCESS not-accessible) and the
 * notification objects (accessible-for-notify). test/snmp/mib.test.ts checks the list against the MIB file.
 */
export const IPDECT_UNREADABLE: readonly IpdectName[] = [
  "ipdectRadioNumber",
  "ipdectSyncRegion",
  "ipdectRegIndex",
  "ipdectAlarmActiveIndex",
  "ipdectAlarmCode",
  "ipdectAlarmSeverity",
  "ipdectAlarmRemote",
  "ipdectAlarmSource",
  "ipdectAlarmText",
];

/**
 * The read-only object types of the IPDECT-MIB (every scalar and column under ipdectObjects that nothing hangs
 * below): where a Get of a missing instance is noSuchInstance rather than noSuchObject (RFC 3416 §4.2.1).
 */
export const IPDECT_READABLE: readonly Oid[] = (() => {
  const parents = new Set<string>(Object.values(TREE).map(([parent]) => parent));
  const under = IPDECT_OIDS.ipdectObjects;
  return (Object.keys(TREE) as IpdectName[])
    .filter((n) => !parents.has(n) && !IPDECT_UNREADABLE.includes(n))
    .map((n) => IPDECT_OIDS[n])
    .filter((oid) => oid.length > under.length && under.every((arc, i) => arc === oid[i]));
})();
