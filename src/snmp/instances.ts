import { IPDECT_OIDS, type IpdectName } from "./ipdectOids.js";
import type { SnmpValue, Varbind } from "./mibView.js";

/** A scalar's instance is its OID with .0 (RFC 2578 §7.7 / RFC 3416 §4.2.1 convention). */
export function scalar(name: IpdectName, value: SnmpValue): Varbind {
  return { oid: [...IPDECT_OIDS[name], 0], value };
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

/** An RFPI as the status model writes it: 10 hex digits (40 bits, EN 300 175-6 §5). */
const RFPI_TEXT = /^[0-9A-Fa-f]{10}$/;
/** The ARC of class B ARIs, the only class of the RFPI plan. */
const ARC_B = 1;

/**
 * The number n of a radio (IpdectRadioNo) from its first RFPI: FPS·256 + RPN in the RFPI plan (src/pari/rfpiPlan.ts).
 * A class B RFPI is E 1, ARC 3, EIC 16, FPN 8, FPS 4, RPN 8 bits (EN 300 175-6 §5), so the first hex digit holds E
 * and the ARC and the last three are FPS and RPN: read from the text, because every build of the agent's view reads
 * it for every row of the radio table (a full Rfpi.parse per row cost 3 ms of each build). Undefined for other
 * classes.
 */
export function radioNumber(rfpi: string): number | undefined {
  if (!RFPI_TEXT.test(rfpi) || (parseInt(rfpi[0]!, 16) & 0b111) !== ARC_B) return undefined;
  return parseInt(rfpi.slice(7), 16);
}
