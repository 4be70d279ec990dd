import type { DeviceKind } from "../core/identity/DeviceKind.js";
import { SYSTEM_ID_MAX, SYSTEM_ID_MIN } from "./settings.js";
import { Pari } from "../core/identity/Pari.js";
import { Rfpi } from "../core/identity/Rfpi.js";

/**
 * How a System ID (§4.6.34) becomes PARIs and RFPIs. Our choice, documented in docs/design.md ("RFPI plan"):
 * class B ARIs (private multi-cell systems) with
 *
 * ```
 * EIC = 0x0A5E + ((systemId − 1) >> 8)    FPN = (systemId − 1) & 0xFF    FPS = n >> 8    RPN = n & 0xFF
 * ```
 *
 * so every System ID owns the 4096 radio numbers n = 0..4095 of its own (EIC, FPN) block and two PARI Masters with
 * different System IDs never hand out the same RFPI. n = 0 is the PARI Master's own PARI; radios get n ≥ 1, and a
 * radio's PARI is (EIC, FPN, FPS = n >> 8): the PARI Master hands out PARIs "of the same handover domain" (§4.6.21).
 */
export const EIC_BASE = 0x0a5e;
/** Radio numbers 1..MAX_RADIO_NUMBER (12 bits, 0 is the PARI Master's own). */
export const MAX_RADIO_NUMBER = 4095;

/** The PARI Master's own PARI for a System ID. */
export function pariOf(systemId: number): Pari {
  return new Pari({ arc: "B", eic: EIC_BASE + ((systemId - 1) >> 8), fpn: (systemId - 1) & 0xff, fps: 0 });
}

/** The RFPI of radio number `n` (1..4095) under System ID `systemId`. */
export function rfpiOf(systemId: number, n: number): Rfpi {
  const base = pariOf(systemId).fields;
  if (base.arc !== "B") throw new Error("unreachable: the plan uses class B");
  return Rfpi.create(new Pari({ arc: "B", eic: base.eic, fpn: base.fpn, fps: n >> 8 }), n & 0xff);
}

/** The System ID an RFPI of this plan belongs to, or undefined for RFPIs of other plans (alien systems). */
export function systemIdOfRfpi(rfpi: Rfpi): number | undefined {
  const f = rfpi.pari.fields;
  if (f.arc !== "B" || f.eic < EIC_BASE || f.eic > EIC_BASE + 1) return undefined;
  const id = ((f.eic - EIC_BASE) << 8) + f.fpn + 1;
  return id >= SYSTEM_ID_MIN && id <= SYSTEM_ID_MAX ? id : undefined;
}

/** Devices a PARI Master may hold, by radio kind (§4.6.34). */
export interface Capacity {
  readonly IPBS: number;
  readonly IPBL: number;
}

/**
 * §4.6.34: System ID 1–36 → 1023 IPBS or 240 IPBL; 37–292 → 127 IPBS or 127 IPBL; 293–296 → 2047 IPBS or 240 IPBL;
 * a PARI Master on an IPVM → 3968 IPBS or 240 IPBL whatever the System ID. "Or" is read as one limit per kind.
 */
export function capacityOf(systemId: number, pariMasterKind: DeviceKind): Capacity {
  if (pariMasterKind === "IPVM") return { IPBS: 3968, IPBL: 240 };
  if (systemId <= 36) return { IPBS: 1023, IPBL: 240 };
  if (systemId <= 292) return { IPBS: 127, IPBL: 127 };
  return { IPBS: 2047, IPBL: 240 };
}

/** Alarm 0x00030208 "Limit of static radios is reached": 2100 radios in the list (IPBS/IPBL), 4000 on an IPVM. */
export function staticRadioLimit(pariMasterKind: DeviceKind): number {
  return pariMasterKind === "IPVM" ? 4000 : 2100;
}
