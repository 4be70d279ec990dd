import type { DeviceKind } from "../core/identity/DeviceKind.js";
import { DecodeError } from "../core/errors.js";
import { findAlarm } from "../core/alarms/index.js";
import { DeviceKindWire, type Body, type Message } from "../wire/codec.js";
import { macOf } from "../wire/fields.js";
import type { Endpoint } from "../wire/Transport.js";
import { syncReportFromWire, type ReceivedSyncReport } from "../sync/wire.js";
import type { PariEntry, RadioKind } from "./PariTable.js";
import { PariCode } from "./errors.js";
import { WireCode } from "../wire/errors.js";

/** A radio asking the PARI Master for its RFPIs (PariRegister), validated. */
export interface PariRequest {
  readonly mac: string;
  readonly name: string;
  readonly kind: RadioKind;
  readonly version: string;
  readonly rfps: number;
  readonly region: number;
  readonly ip: string;
  /** Present when the radio's sync report changed (§4.6.36). */
  readonly sync?: ReceivedSyncReport;
  readonly from: Endpoint;
}

export interface Announcement {
  readonly mac: string;
  readonly name: string;
  readonly kind: RadioKind;
  readonly ip: string;
  readonly version: string;
  readonly rfps: number;
}

export interface Replica {
  readonly systemId: number;
  readonly entries: PariEntry[];
  readonly saris: string[];
  readonly active: boolean;
  readonly domain: number;
}

/** One forwarded raise or clear (proto AlarmChange), validated: a §6.2 alarm code, its source, when on the radio. */
export interface ForwardedChange {
  readonly code: number;
  readonly source: string;
  readonly raised: boolean;
  readonly time: number;
}

/** A radio's alarms forwarded to its PARI Master (proto AlarmReport, §4.6.33), validated. */
export interface AlarmReport {
  readonly mac: string;
  readonly bootedAt: number;
  /** The changes are the radio's whole active set: what is not in them clears. */
  readonly full: boolean;
  readonly changes: readonly ForwardedChange[];
  readonly from: Endpoint;
}

/** PARI function events (handled by the Master role that holds the PARI function). */
export type PariEvent =
  | { type: "pari.register"; req: PariRequest }
  | { type: "pari.announce"; announcement: Announcement; from: Endpoint }
  | { type: "pari.replica"; replica: Replica; from: Endpoint }
  /** The radio has the Kerberos section of its Add on flash (§4.1.8.6). */
  | { type: "pari.kerberosTaken"; mac: string; from: Endpoint }
  /** A radio's alarms (§4.6.33 alarm forwarding), for the system alarm list (§4.23.3). */
  | { type: "pari.alarms"; report: AlarmReport };

/**
 * The most alarm changes one report may carry. A radio has far fewer alarms than this (one per code and source);
 * the bound keeps a forged or broken report from filling the PARI Master's table.
 */
export const MAX_ALARM_CHANGES = 256;

/** IPBL ports (§4.11.2). */
const MAX_RFPS = 16;
const MAX_TEXT = 64;

const radioKind = (k: number | null | undefined, field: string): RadioKind => {
  if (k === DeviceKindWire.IPBS) return "IPBS";
  if (k === DeviceKindWire.IPBL) return "IPBL";
  throw new DecodeError(PariCode.MsgBadKind, `a radio is an IPBS or an IPBL, got kind ${String(k)}`, { field });
};

export const kindOf = (k: number | null | undefined): DeviceKind | undefined =>
  k === DeviceKindWire.IPBS
    ? "IPBS"
    : k === DeviceKindWire.IPBL
      ? "IPBL"
      : k === DeviceKindWire.IPVM
        ? "IPVM"
        : undefined;

const text = (v: string | null | undefined, field: string): string => {
  const s = v ?? "";
  if (s.length > MAX_TEXT)
    throw new DecodeError(WireCode.MsgTextTooLong, `longer than ${MAX_TEXT} characters`, { field });
  return s;
};

const rfpCount = (n: number | null | undefined, kind: RadioKind, field: string): number => {
  const v = n ?? 0;
  const max = kind === "IPBL" ? MAX_RFPS : 1;
  if (v < 1 || v > max)
    throw new DecodeError(PariCode.MsgBadRfps, `an ${kind} has 1..${max} RFPs, got ${v}`, { field });
  return v;
};

/** Validates a PARI message at the edge; undefined for messages that are not for the PARI function. */
export function toPariEvent(msg: Message, from: Endpoint): PariEvent | undefined {
  switch (msg.body) {
    case "pariRegister": {
      const m = msg.pariRegister;
      const kind = radioKind(m.kind, "pari_register.kind");
      const region = m.region ?? 0;
      if (region > 249)
        throw new DecodeError(WireCode.MsgBadRegion, `sync region 0..249, got ${region}`, { field: "region" });
      return {
        type: "pari.register",
        req: {
          mac: macOf(m.mac, "pari_register.mac"),
          name: text(m.name, "pari_register.name"),
          kind,
          version: text(m.version, "pari_register.version"),
          rfps: rfpCount(m.rfps, kind, "pari_register.rfps"),
          region,
          ip: text(m.ip, "pari_register.ip"),
          ...(m.sync === undefined || m.sync === null ? {} : { sync: syncReportFromWire(m.sync) }),
          from,
        },
      };
    }
    case "radioAnnounce": {
      const m = msg.radioAnnounce;
      const kind = radioKind(m.kind, "radio_announce.kind");
      return {
        type: "pari.announce",
        from,
        announcement: {
          mac: macOf(m.mac, "radio_announce.mac"),
          name: text(m.name, "radio_announce.name"),
          kind,
          ip: from.ip,
          version: text(m.version, "radio_announce.version"),
          rfps: rfpCount(m.rfps, kind, "radio_announce.rfps"),
        },
      };
    }
    case "pariReplica": {
      const m = msg.pariReplica;
      const entries = (m.entries ?? []).map((e, i): PariEntry => {
        const field = `pari_replica.entries[${i}]`;
        const numbers = e.numbers ?? [];
        if (numbers.some((n) => n < 1 || n > 4095))
          throw new DecodeError(PariCode.MsgBadNumber, "radio numbers are 1..4095", { field });
        return {
          mac: macOf(e.mac, `${field}.mac`),
          name: text(e.name, `${field}.name`),
          kind: radioKind(e.kind, `${field}.kind`),
          numbers,
          region: e.region ?? 0,
          rev: e.rev ?? 0,
          deleted: e.deleted ?? false,
        };
      });
      return {
        type: "pari.replica",
        from,
        replica: {
          systemId: m.systemId ?? 0,
          entries,
          saris: m.saris ?? [],
          active: m.active ?? false,
          domain: m.domain ?? 0,
        },
      };
    }
    case "alarmReport":
      return { type: "pari.alarms", report: alarmReportOf(msg.alarmReport, from) };
    case "kerberosTaken":
      return { type: "pari.kerberosTaken", mac: macOf(msg.kerberosTaken.mac, "kerberos_taken.mac"), from };
    default:
      return undefined;
  }
}

const msTime = (v: number | null | undefined, field: string): number => {
  const t = v ?? 0;
  if (!Number.isFinite(t) || t < 0)
    throw new DecodeError(PariCode.MsgBadAlarm, `a time in ms from 0 on, got ${String(t)}`, { field });
  return t;
};

/** AlarmReport: every code is a §6.2 alarm (not a one-off event), a full report only raises, and it is bounded. */
function alarmReportOf(m: Body<"alarmReport">, from: Endpoint): AlarmReport {
  const list = m.changes ?? [];
  const full = m.full ?? false;
  if (list.length > MAX_ALARM_CHANGES)
    throw new DecodeError(PariCode.MsgBadAlarm, `at most ${MAX_ALARM_CHANGES} alarm changes, got ${list.length}`, {
      field: "alarm_report.changes",
    });
  const changes = list.map((c, i): ForwardedChange => {
    const field = `alarm_report.changes[${i}]`;
    const code = c.code ?? 0;
    const entry = findAlarm(code);
    if (entry === undefined || entry.kind !== "alarm")
      throw new DecodeError(PariCode.MsgBadAlarm, `0x${code.toString(16).padStart(8, "0")} is not a §6.2 alarm`, {
        field: `${field}.code`,
      });
    const raised = c.raised ?? false;
    if (full && !raised)
      throw new DecodeError(PariCode.MsgBadAlarm, "a full report lists active alarms only", {
        field: `${field}.raised`,
      });
    return { code, source: text(c.source, `${field}.source`), raised, time: msTime(c.timeMs, `${field}.time_ms`) };
  });
  return {
    mac: macOf(m.mac, "alarm_report.mac"),
    bootedAt: msTime(m.bootedAtMs, "alarm_report.booted_at_ms"),
    full,
    changes,
    from,
  };
}
