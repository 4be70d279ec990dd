import { Park } from "../core/identity/Park.js";
import { Sari } from "../core/identity/Sari.js";
import { pariOf } from "./rfpiPlan.js";

/** ARC (3 bits), EIC (16) and FPN (8) of a class B ARI: what every RFPI of one System ID shares (rfpiPlan). */
const SYSTEM_PLI = 3 + 16 + 8;

/** The two codes of Users → Users (§4.10.3 "Add a User to Another IP-DECT System"). */
export interface ParkCodes {
  /**
   * "PARK: Must be used for Mitel handsets. Can also be used for other handsets if they support a PARK that matches
   * the SARI": the key of the primary SARI, all its bits significant. Absent while no SARI is set (§4.6.35).
   */
  readonly park?: string;
  /**
   * "PARK 3rd pty: Must be used for handsets that do not support a PARK that matches the SARI": a key the radios'
   * own RFPIs match. Every RFPI of a System ID shares its ARC, EIC and FPN (rfpiPlan.ts), so the key keeps those 27
   * bits and leaves FPS and RPN, which differ from radio to radio, "don't care" (EN 300 175-6 §6.1 PARK{y}).
   */
  readonly park3rdParty: string;
}

/** The PARK codes of a PARI Master with System ID `systemId` and SARIs `saris` (the primary first). */
export function parkCodes(systemId: number, saris: readonly string[]): ParkCodes {
  const first = saris[0];
  return {
    ...(first === undefined ? {} : { park: Park.create(Sari.parse(first)).toString() }),
    park3rdParty: Park.create(pariOf(systemId), SYSTEM_PLI).toString(),
  };
}
