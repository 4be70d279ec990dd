import { Ari } from "./Ari.js";

/**
 * Primary Access Rights Identity: the ARI a PARI Master hands out as part of each radio's RFPI (manual 003
 * §4.6.21, §4.6.34). Structure and text form as {@link Ari}. @see EN 300 175-6 §5
 */
export class Pari extends Ari {
  readonly kind = "PARI";
}
