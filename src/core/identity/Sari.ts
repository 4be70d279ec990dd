import { Ari } from "./Ari.js";

/**
 * Secondary Access Rights Identity: the broadcast identity of an IP-DECT system; a PARI Master holds up to 10
 * (guest SARIs, manual 003 §4.6.35). Same structure and text form as {@link Ari}. @see EN 300 175-6 §5
 */
export class Sari extends Ari {
  readonly kind = "SARI";
}
