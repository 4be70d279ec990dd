import type { DeviceEvent, EventKind, StateRole } from "../role/EventLog.js";
import { alarmSeverity, Severity, type SyslogSeverity } from "./facility.js";
import type { SdElement, SyslogEntry } from "./rfc5424.js";

/**
 * What goes out (§4.23.1.1 Diagnostics → Logging, "Select which logs to generate"): the check boxes of the manual this
 * emulator has something to log for, and three of ours for the alarms, events and logins the manual keeps on its
 * Alarms and Events pages (§4.23.3, §4.23.4). The manual's TCP (H.225/H.245), Gateway, H.323, DECT Stack and "Radio is
 * busy for speech" logs have no counterpart here (no H.323, gateway, DECT stack or speech path) and are not offered.
 */
export const LOG_CLASSES = [
  "alarms",
  "events",
  "logins",
  "configChanges",
  "dectMaster",
  "dectRadio",
  "sipRegistrations",
] as const;

export type LogClass = (typeof LOG_CLASSES)[number];

/** What a fresh device sends (ours; the manual gives no defaults): alarms, events, logins and config changes. */
export const DEFAULT_LOG_CLASSES: readonly LogClass[] = ["alarms", "events", "logins", "configChanges"];

/**
 * Our enterprise SD-ID (RFC 5424 §7.2.2: `name@<private enterprise number>`). 99999 is a placeholder, not a number
 * IANA assigned to this project: a receiver must not take it for anyone's registered one.
 */
export const SD_ID = "ipdect@99999";
/** RFC 5424 §6.2.5 APP-NAME of every entry. */
export const APP_NAME = "ipdect";

/** Which class a `state` event's role belongs to. */
function stateClass(role: StateRole): LogClass {
  switch (role) {
    case "master":
      return "dectMaster";
    case "radio":
    case "pari-client":
    case "sync":
      return "dectRadio";
    case "sip":
    case "gatekeeper":
      return "sipRegistrations";
    default:
      return "events";
  }
}

/** The class an event goes out under; undefined: never sent (sim-only faults, dropped frames counted elsewhere). */
export function logClassOf(e: DeviceEvent): LogClass | undefined {
  switch (e.kind) {
    case "alarm":
    case "alarm-cleared":
    case "alarm-timeout":
      return "alarms";
    case "event":
    case "warning":
    case "notification":
      return "events";
    case "login":
      return "logins";
    case "certificate":
    case "command":
    case "update":
    case "rfp-update":
    case "provisioning":
      return "configChanges";
    case "radio-registered":
    case "radio-unregistered":
    case "rfpi-assigned":
    case "handset":
      return "dectMaster";
    case "sync-lost":
      return "dectRadio";
    case "registration":
      return "sipRegistrations";
    case "state":
      return stateClass(e.role);
    case "fault":
    case "message-dropped":
      return undefined;
    default:
      // A new event kind fails the build here until it is given a class.
      return ((kind: never) => kind)(e);
  }
}

const QUIET_LOGINS = new Set(["ok", "logout", "idle-logout", "account-changed"]);

/** RFC 5424 severity of an event: alarms by RFC 5674 (facility.ts), warnings and refused logins 4, the rest 6. */
function severityOf(e: DeviceEvent): SyslogSeverity {
  switch (e.kind) {
    case "alarm":
    case "event":
      return alarmSeverity(e.severity);
    case "alarm-cleared":
    case "alarm-timeout":
      return Severity.Notice;
    case "warning":
      return Severity.Warning;
    case "login":
      return QUIET_LOGINS.has(e.action) ? Severity.Informational : Severity.Warning;
    default:
      return Severity.Informational;
  }
}

/** RFC 5424 §6.2.7 MSGID: the event kind in capitals (`ALARM`, `ALARM-CLEARED`, `EVENT`, `LOGIN`, `STATE` …). */
export function msgIdOf(kind: EventKind): string {
  return kind.toUpperCase();
}

const HEAD_FIELDS = new Set(["t", "device", "kind", "text"]);

/** The event's fields as PARAMs of our SD-ELEMENT, in emission order: scalars as text, lists joined by commas. */
function params(e: DeviceEvent): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (const [name, value] of Object.entries(e)) {
    if (HEAD_FIELDS.has(name)) continue;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      out.push([name, String(value)]);
    else if (Array.isArray(value)) out.push([name, value.map(String).join(",")]);
  }
  return out;
}

/** The MSG: the §6.2 title for alarms and events, else the kind and its headline fields. */
function messageOf(e: DeviceEvent): string {
  if ("text" in e && typeof e.text === "string") return e.text;
  const fields = e as unknown as Readonly<Record<string, unknown>>;
  const head = ["role", "state", "action", "event", "command", "result", "user", "radio", "reason"]
    .map((k) => fields[k])
    .filter((v): v is string => typeof v === "string");
  return [e.kind, ...head].join(" ");
}

/** Where an entry comes from: the device's name (HOSTNAME) and the sender's process (PROCID). */
export interface EntryOrigin {
  readonly facility: number;
  readonly hostname: string;
  readonly procId?: string;
}

/** A device event as a syslog entry (RFC 5424) with our SD-ELEMENT carrying its fields (code, severity, source …). */
export function entryOf(e: DeviceEvent, origin: EntryOrigin): SyslogEntry {
  const data: SdElement[] = [{ id: SD_ID, params: params(e) }];
  return {
    facility: origin.facility,
    severity: severityOf(e),
    time: e.t,
    hostname: origin.hostname,
    appName: APP_NAME,
    ...(origin.procId === undefined ? {} : { procId: origin.procId }),
    msgId: msgIdOf(e.kind),
    data,
    msg: messageOf(e),
  };
}
