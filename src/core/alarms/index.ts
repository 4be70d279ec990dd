/** The fault code catalog of manual 003 §6.2 and the names other modules raise them by. */
export { ALARM_CATALOG, type AlarmArea, type AlarmEntry, type AlarmKind } from "./catalog.js";
export { findAlarm, formatAlarmCode, lookupAlarm, parseAlarmCode } from "./AlarmCode.js";
export { ALARM_CODE_MAX } from "./alarmCodeText.js";
export { UnknownAlarmCodeError } from "../coreErrors.js";
export type { Severity } from "./severity.js";
export { ALARM, alarmName, type AlarmCodeValue, type AlarmName } from "./codes.js";
