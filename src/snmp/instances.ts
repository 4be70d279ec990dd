import { Rfpi } from "../core/identity/Rfpi.js";
import { IPDECT_OIDS, type IpdectName } from "./ipdectOids.js";
import type { SnmpValue, Varbind } from "./mibView.js";

/** A scalar's instance is its OID with .0 (RFC 2578 §7.7 / RFC 3416 §4.2.1 convention). */
export function scalar(name: IpdectName, value: SnmpValue): Varbind {
  return { oid: [...IPDECT_OIDS[name], 0], value };
}

/** A column's instance is the column's OID followed by the row's index (RFC 2578 §7.7). */
export function cell(name: IpdectName, index: readonly number[], value: SnmpValue): Varbind {
  return { oid: [...IPDECT_OIDS[name], ...index], value };
}

/** The enumerations of mibs/IPDECT-MIB.txt, by the status model's words. */
export const KIND: Readonly<Record<string, number>> = { IPBS: 1, IPBL: 2, IPVM: 3 };
export const MASTER_MODE: Readonly<Record<string, number>> = {
  off: 1,
  active: 2,
  standby: 3,
  mirror: 4,
  deployment: 5,
};
/** IpdectSeverity: the numbers of ITU-ALARM-TC ItuPerceivedSeverity (RFC 3877). */
export const SEVERITY: Readonly<Record<string, number>> = { indeterminate: 2, critical: 3, major: 4 };
export const SYNC_STATE: Readonly<Record<string, number>> = {
  unsynchronized: 1,
  searching: 2,
  listening: 3,
  synchronized: 4,
  holdover: 5,
};

/** The number n of a radio (IpdectRadioNo) from its first RFPI: FPS and RPN of the RFPI plan (src/pari/rfpiPlan.ts). */
export function radioNumber(rfpi: string): number | undefined {
  const r = Rfpi.parse(rfpi);
  const f = r.pari.fields;
  return f.arc === "B" ? (f.fps << 8) | r.rpn : undefined;
}
