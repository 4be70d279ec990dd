/**
 * The syslog facilities of RFC 5424 §6.2.1 Table 1, by the names syslogd and rsyslog use: the §4.9.2 "Class" a device
 * sends its entries with. Index = the facility's number.
 */
export const FACILITIES = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "ntp",
  "audit",
  "alert",
  "clock",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
] as const;

export type Facility = (typeof FACILITIES)[number];

/** The Class a device sends with when none is set: local0, the first facility left to local use (RFC 5424 Table 1). */
export const DEFAULT_FACILITY: Facility = "local0";

/** RFC 5424 §6.2.1 Table 2: the severities, 0 (emergency) to 7 (debug). */
export const Severity = {
  Emergency: 0,
  Alert: 1,
  Critical: 2,
  Error: 3,
  Warning: 4,
  Notice: 5,
  Informational: 6,
  Debug: 7,
} as const;

export type SyslogSeverity = (typeof Severity)[keyof typeof Severity];

/**
 * A §6.2 alarm severity as a syslog severity, by RFC 5674 §3 Table 1 (ITU perceived severity → syslog): Critical →
 * alert (1), Major → crit (2), Indeterminate → notice (5); a cleared alarm is notice (5) too (`Severity.Notice`).
 */
export function alarmSeverity(severity: string): SyslogSeverity {
  switch (severity.toLowerCase()) {
    case "critical":
      return Severity.Alert;
    case "major":
      return Severity.Critical;
    default:
      return Severity.Notice;
  }
}
