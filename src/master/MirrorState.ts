import { flashCheck, flashField, flashObject, isArray, isNumber, isString, readFlashJson } from "../core/flashJson.js";
import type { Store } from "../core/Store.js";
import { crc32 } from "../wire/crc32.js";
import { KnownRadios, type KnownSet } from "./KnownRadios.js";

/** The Master's user/handset data as far as this version has it: rows keyed by name, with a generation counter. */
export interface MasterData {
  generation: number;
  items: Record<string, string>;
}

interface Persisted {
  term: number;
  activeTerm: number;
  known: { term: number; version: number; macs: string[] }[];
  data: MasterData;
}

const KEY = "master/state.json";

function persisted(v: unknown): Persisted {
  const o = flashObject(v);
  const data = flashObject(o["data"], "data");
  flashField(data, "generation", isNumber, "a number");
  const items = flashObject(data["items"], "data.items");
  flashCheck(Object.values(items).every(isString), "data.items: a value that is not text");
  return {
    term: flashField(o, "term", isNumber, "a number"),
    activeTerm: flashField(o, "activeTerm", isNumber, "a number"),
    known: flashField(o, "known", isArray, "a list").map((k, i) => {
      const r = flashObject(k, `known[${i}]`);
      flashField(r, "term", isNumber, "a number");
      flashField(r, "version", isNumber, "a number");
      flashCheck(flashField(r, "macs", isArray, "a list").every(isString), `known[${i}].macs: not text`);
      return r as Persisted["known"][number];
    }),
    data: data as unknown as MasterData,
  };
}

/**
 * Durable state of a Master's redundancy role: the mirror term (raised at every activation, so the newest active
 * side wins), the term in which this side was last active, the known radios that form the quorum, and the data that
 * "Activate mirror" copies to the other side (manual 003 §4.6.19). Written atomically (Store.put) on every change.
 */
export class MirrorState {
  term = 0;
  activeTerm = 0;
  known = new KnownRadios();
  data: MasterData = { generation: 0, items: {} };
  readonly #store: Store;

  private constructor(store: Store) {
    this.#store = store;
  }

  static async load(store: Store): Promise<MirrorState> {
    const s = new MirrorState(store);
    // Refuses a damaged file (FLASH_CORRUPT): the term decides which Mirror wins, a guess could split the system.
    const p = await readFlashJson(store, KEY, persisted);
    if (p !== undefined) {
      s.term = p.term;
      s.activeTerm = p.activeTerm;
      s.known = new KnownRadios(
        p.known.map((k): KnownSet => ({ term: k.term, version: k.version, macs: new Set(k.macs) })),
      );
      s.data = p.data;
    }
    return s;
  }

  save(): Promise<void> {
    const p: Persisted = {
      term: this.term,
      activeTerm: this.activeTerm,
      known: this.known.required.map((k) => ({ term: k.term, version: k.version, macs: [...k.macs].sort() })),
      data: this.data,
    };
    return this.#store.put(KEY, new TextEncoder().encode(JSON.stringify(p)));
  }

  putItem(key: string, value: string): void {
    this.data = { generation: this.data.generation + 1, items: { ...this.data.items, [key]: value } };
  }

  /** CRC-32 of the data as sent between Mirrors: equal on both sides when the copy is complete. */
  dataCrc(): number {
    return crc32(this.dataBytes());
  }

  dataBytes(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.data));
  }
}
