import type { PariEntry } from "./PariTable.js";
import { rfpiOf } from "./rfpiPlan.js";

/**
 * RFPI texts of each table entry under the System ID they were made for (§4.6.34). Entries are immutable (a change
 * makes a new one), and every keep-alive answer lists the radio's RFPIs.
 */
export class RfpiTexts {
  readonly #texts = new WeakMap<PariEntry, { readonly systemId: number; readonly rfpis: readonly string[] }>();

  /** The entry's RFPIs as text, a fresh list each time (the caller may keep it). */
  of(e: PariEntry, systemId: number): string[] {
    let texts = this.#texts.get(e);
    if (texts?.systemId !== systemId) {
      texts = { systemId, rfpis: e.numbers.map((n) => rfpiOf(systemId, n).toString()) };
      this.#texts.set(e, texts);
    }
    return [...texts.rfpis];
  }
}
