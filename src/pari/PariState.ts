import { InOrder } from "../core/InOrder.js";
import { flashCheck, flashField, flashObject, isArray, isNumber, isString, readFlashJson } from "../core/flashJson.js";
import type { Store } from "../core/Store.js";
import type { PariEntry } from "./PariTable.js";

/** What a PARI Master keeps on flash: its System ID, its air domain, runtime SARIs and the MAC → RFPI table. */
export interface PariPersisted {
  readonly systemId: number;
  /** Stand-in for the air timing only one system's radios share (see docs/design.md "Other system nearby"). */
  readonly domain: number;
  /** SARIs set at runtime (§4.6.35); absent: the configuration's. */
  readonly saris?: readonly string[];
  readonly entries: readonly PariEntry[];
}

const KEY = "pari/state.json";

/** A damaged file refuses the start (FLASH_CORRUPT): the System ID and the RFPIs given out must not change by guess. */
export function loadPariState(store: Store): Promise<PariPersisted | undefined> {
  return readFlashJson(store, KEY, (v) => {
    const o = flashObject(v);
    flashField(o, "systemId", isNumber, "a number");
    flashField(o, "domain", isNumber, "a number");
    const saris = o["saris"];
    flashCheck(saris === undefined || (isArray(saris) && saris.every(isString)), "saris: not a list of text");
    flashField(o, "entries", isArray, "a list").forEach((e, i) => {
      const r = flashObject(e, `entries[${i}]`);
      for (const f of ["mac", "name", "kind"]) flashField(r, f, isString, "text");
      flashField(r, "region", isNumber, "a number");
      flashField(r, "rev", isNumber, "a number");
      flashCheck(flashField(r, "numbers", isArray, "a list").every(isNumber), `entries[${i}].numbers: not numbers`);
    });
    return o as unknown as PariPersisted;
  });
}

/**
 * The writes of a PARI Master's state, one after another, each atomic (Store.put: a reader sees the old table or the
 * new one); a failed write does not stop the next.
 */
export class PariStateWrites {
  readonly #writes = new InOrder();

  /** Resolves once `state` is on flash, after the writes before it; rejects with the store's error. */
  write(store: Store, state: PariPersisted): Promise<void> {
    return this.#writes.run(() => store.put(KEY, new TextEncoder().encode(JSON.stringify(state))));
  }
}
