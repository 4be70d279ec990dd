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

export async function loadPariState(store: Store): Promise<PariPersisted | undefined> {
  const bytes = await store.get(KEY);
  if (bytes === undefined) return undefined;
  return JSON.parse(new TextDecoder().decode(bytes)) as PariPersisted;
}

/** Atomic (Store.put): a reader sees the old table or the new one. */
export function savePariState(store: Store, state: PariPersisted): Promise<void> {
  return store.put(KEY, new TextEncoder().encode(JSON.stringify(state)));
}
