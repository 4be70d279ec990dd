import { parseAlarmCode } from "../core/alarms/index.js";
import { KIND, MASTER_MODE, scalar, SEVERITY, SYNC_STATE } from "./instances.js";
import type { MibView, Varbind } from "./mibView.js";
import type { MibSource } from "./mibSource.js";
import { IPDECT_READABLE } from "./ipdectOids.js";
import { bits, counter, dateAndTime, gauge, integer, ip, mac, text, truth, unsigned } from "./smiValues.js";
import { ipdectTables } from "./ipdectTables.js";
import { table, tableView } from "./tableView.js";
import { mergeViews, sortedView } from "./views.js";
import { replicatorColumns } from "../replication/columns.js";

/** The bits of ipdectDeviceRoles. */
const ROLE_BITS = { master: 0, radio: 1, pariMaster: 2, gatekeeper: 3, ldapServer: 4, replicator: 5 } as const;

/**
 * The IPDECT-MIB view of a device, from its status (mibs/IPDECT-MIB.txt; docs/user-guide.md "IPDECT-MIB"): what an
 * agent serves and `ipdect sim --snmp-walk` prints. The scalars are varbinds sorted once; each table keeps its rows
 * and makes a cell when asked (tableView), so building the view of 2047 radios makes no 14 000 varbinds.
 */
export function ipdectMibView(src: MibSource): MibView & { readonly varbinds: readonly Varbind[] } {
  // The scalars' view also knows every object type of the MIB, columns included (noSuchInstance, RFC 3416 §4.2.1).
  const scalars = sortedView(
    [...deviceGroup(src), ...ldapGroup(src), ...alarmGroup(src), ...performanceGroup(src)],
    IPDECT_READABLE,
  );
  const view = mergeViews(scalars, ...ipdectTables(src), alarmTable(src));
  return {
    get: (oid) => view.get(oid),
    next: (oid) => view.next(oid),
    hasObject: (oid) => view.hasObject(oid),
    /** Every varbind, in GetNext order. */
    get varbinds(): Varbind[] {
      const all: Varbind[] = [];
      for (let v = view.next([]); v !== undefined; v = view.next(v.oid)) all.push(v);
      return all;
    },
  };
}

function deviceGroup({ status: s, ldap, replicator }: MibSource): Varbind[] {
  const roles: number[] = [];
  if (s.master !== undefined) roles.push(ROLE_BITS.master);
  if (s.radio !== undefined) roles.push(ROLE_BITS.radio);
  if (s.pari !== undefined) roles.push(ROLE_BITS.pariMaster);
  if (s.gatekeeper !== undefined) roles.push(ROLE_BITS.gatekeeper);
  if (ldap !== undefined) roles.push(ROLE_BITS.ldapServer);
  if (replicator !== undefined) roles.push(ROLE_BITS.replicator);
  const out = [
    scalar("ipdectDeviceMac", mac(s.mac)),
    scalar("ipdectDeviceName", text(s.name)),
    scalar("ipdectDeviceIp", ip(s.ip)),
    scalar("ipdectDeviceRoles", bits(roles)),
    scalar("ipdectDeviceMasterMode", integer(MASTER_MODE[s.master?.mode ?? "off"] ?? 1)),
    scalar("ipdectDeviceMasterServing", truth(s.master?.serving ?? false)),
  ];
  const kind = KIND[s.kind];
  if (kind !== undefined) out.push(scalar("ipdectDeviceKind", integer(kind)));
  const local = s.radio?.sync;
  if (local !== undefined) out.push(...localSync(local));
  const users = s.gatekeeper?.users;
  if (users !== undefined)
    out.push(
      scalar("ipdectUsersTotal", gauge(users.total)),
      scalar("ipdectUsersRegistered", gauge(users.registered)),
      scalar("ipdectUsersRegistering", gauge(users.registering)),
      scalar("ipdectUsersWaiting", gauge(users.waiting)),
      scalar("ipdectUsersFailed", gauge(users.failed)),
    );
  return out;
}

/** DECT Sync → Status of this radio (§4.12.3); the bearer's columns only while it follows one. */
function localSync(l: NonNullable<NonNullable<MibSource["status"]["radio"]>["sync"]>): Varbind[] {
  const out = [
    scalar("ipdectSyncLocalState", integer(SYNC_STATE[l.state] ?? 1)),
    scalar("ipdectSyncLocalOffset", integer(l.offsetPpm)),
    scalar("ipdectSyncLocalDrift", integer(l.driftUs)),
    scalar("ipdectSyncLocalSyncLost", counter(l.syncLost)),
    scalar("ipdectSyncLocalRfpi", text(l.source ?? "")),
  ];
  if (l.carrier !== undefined) out.push(scalar("ipdectSyncLocalCarrier", unsigned(l.carrier)));
  if (l.slot !== undefined) out.push(scalar("ipdectSyncLocalSlot", unsigned(l.slot)));
  if (l.rssi !== undefined) out.push(scalar("ipdectSyncLocalRssi", integer(l.rssi)));
  if (l.fer !== undefined) out.push(scalar("ipdectSyncLocalFer", gauge(l.fer)));
  return out;
}

function ldapGroup({ ldap, replicator: r }: MibSource): Varbind[] {
  const out: Varbind[] = [];
  if (ldap !== undefined)
    out.push(
      scalar("ipdectLdapConnections", gauge(ldap.connections)),
      scalar("ipdectLdapWriteConnections", gauge(ldap.writeConnections)),
      scalar("ipdectLdapRxSearch", counter(ldap.rxSearch)),
      scalar("ipdectLdapRxModify", counter(ldap.rxModify)),
      scalar("ipdectLdapRxAdd", counter(ldap.rxAdd)),
      scalar("ipdectLdapRxDel", counter(ldap.rxDel)),
      scalar("ipdectLdapRxAbandon", counter(ldap.rxAbandon)),
      scalar("ipdectLdapTxNotify", counter(ldap.txNotify)),
      scalar("ipdectLdapTxError", counter(ldap.txError)),
      scalar("ipdectLdapTxError49", counter(ldap.txError49)),
      scalar("ipdectLdapTxError50", counter(ldap.txError50)),
      scalar("ipdectLdapRefused", counter(ldap.refused)),
      scalar("ipdectLdapIdleClosed", counter(ldap.idleClosed)),
    );
  if (r === undefined) return out;
  const state = { stopped: 1, starting: 2, up: 3, down: 4 }[r.state];
  const copy = { stopped: 1, active: 2, completed: 3 };
  const { remote, local } = replicatorColumns(r);
  out.push(
    scalar("ipdectReplType", integer(r.type === "ad" ? 2 : 1)),
    scalar("ipdectReplServer", text(r.server)),
    scalar("ipdectReplState", integer(state)),
    scalar("ipdectReplRemoteState", integer(copy[remote.state])),
    scalar("ipdectReplRemoteNotify", counter(remote.notify)),
    scalar("ipdectReplRemotePaged", counter(remote.paged)),
    scalar("ipdectReplRemoteNoMatch", counter(remote.noMatch)),
    scalar("ipdectReplRemoteDiscarded", counter(remote.discarded)),
    scalar("ipdectReplLocalState", integer(copy[local.state])),
    scalar("ipdectReplLocalNotify", counter(local.notify)),
    scalar("ipdectReplLocalAdd", counter(local.add)),
    scalar("ipdectReplLocalDel", counter(local.del)),
    scalar("ipdectReplLocalModify", counter(local.modify)),
    scalar("ipdectReplLocalPending", gauge(local.pending)),
  );
  return out;
}

/** Diagnostics → Alarms (§4.23.3): how many are active. */
function alarmGroup({ status: s }: MibSource): Varbind[] {
  return [scalar("ipdectAlarmActiveCount", gauge(s.alarms.length))];
}

type AlarmRow = MibSource["status"]["alarms"][number] & { readonly remote: string; readonly source: string };

/** ipdectAlarmActiveTable (§4.23.3 columns), after RFC 3877's alarmActiveTable. */
const ALARMS = table<AlarmRow>("ipdectAlarmActiveEntry", [
  ["ipdectAlarmActiveTime", (a) => dateAndTime(a.since)],
  ["ipdectAlarmActiveCode", (a) => unsigned(parseAlarmCode(a.code))],
  ["ipdectAlarmActiveSeverity", (a) => integer(SEVERITY[a.severity] ?? SEVERITY.indeterminate!)],
  ["ipdectAlarmActiveRemote", (a) => ip(a.remote)],
  ["ipdectAlarmActiveSource", (a) => text(a.source)],
  ["ipdectAlarmActiveDescription", (a) => text(a.text)],
]);

/** The active alarms indexed by position when ordered by time, code, remote and source. */
function alarmTable({ status: s }: MibSource): MibView {
  const rows = s.alarms
    .map((a): AlarmRow => ({ ...a, remote: a.remote ?? s.ip, source: a.source ?? "" }))
    .sort(
      (a, b) =>
        a.since - b.since ||
        a.code.localeCompare(b.code) ||
        a.remote.localeCompare(b.remote) ||
        a.source.localeCompare(b.source),
    );
  return tableView(
    ALARMS,
    rows.map((row, i) => ({ index: [i + 1], row })),
  );
}

/** Diagnostics → Performance (§4.23.5): frames always, CPU, MEM and calls where the host measures them. */
function performanceGroup({ status: s, performance: p }: MibSource): Varbind[] {
  const out = [
    scalar("ipdectPerfFramesIn", counter(s.counters.framesIn)),
    scalar("ipdectPerfFramesOut", counter(s.counters.framesOut)),
    scalar("ipdectPerfFramesDropped", counter(s.counters.framesDropped)),
  ];
  if (p?.cpuPct !== undefined) out.push(scalar("ipdectPerfCpu", gauge(p.cpuPct)));
  if (p?.memoryPct !== undefined) out.push(scalar("ipdectPerfMemory", gauge(p.memoryPct)));
  if (p?.calls !== undefined) out.push(scalar("ipdectPerfCalls", gauge(p.calls)));
  return out;
}
