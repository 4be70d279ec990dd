import { parseAlarmCode } from "../core/alarms/index.js";
import type { AlarmFields } from "../role/EventLog.js";
import type { SnmpNotification } from "./agentPort.js";
import { IPDECT_OIDS, type IpdectName } from "./ipdectOids.js";
import { SEVERITY } from "./instances.js";
import { integer, ip, text, unsigned } from "./smiValues.js";

/** The event kinds that raise or clear an entry of the alarm table (§4.23.4 Alarm, Alarm cleared, Alarm timeout). */
export type AlarmEventKind = "alarm" | "alarm-cleared" | "alarm-timeout";

/**
 * The IPDECT-MIB notification for one raise or clear (mibs/IPDECT-MIB.txt ipdectAlarmRaised / ipdectAlarmCleared,
 * after RFC 3877's alarmActiveState / alarmClearState): code, severity, remote, source and text, in the MIB's OBJECTS
 * order. A timeout is a clear (§4.23.3). Remote is the reporting device's address: the radio's for a forwarded
 * system alarm, the device's own otherwise, as in ipdectAlarmActiveTable.
 */
export function alarmNotification(kind: AlarmEventKind, a: AlarmFields, deviceIp: string): SnmpNotification {
  const object = (name: IpdectName) => [...IPDECT_OIDS[name], 0];
  return {
    trapOid: IPDECT_OIDS[kind === "alarm" ? "ipdectAlarmRaised" : "ipdectAlarmCleared"],
    varbinds: [
      { oid: object("ipdectAlarmCode"), value: unsigned(parseAlarmCode(a.code)) },
      { oid: object("ipdectAlarmSeverity"), value: integer(SEVERITY[a.severity] ?? SEVERITY.indeterminate!) },
      { oid: object("ipdectAlarmRemote"), value: ip(a.remote ?? deviceIp) },
      { oid: object("ipdectAlarmSource"), value: text(a.source ?? "") },
      { oid: object("ipdectAlarmText"), value: text(a.text) },
    ],
  };
}
