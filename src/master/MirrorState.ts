import type { Store } from "../core/Store.js";

/** The Master's user/handset data as far as this version has it: rows keyed by name, with a generation counter. */
export interface MasterData {
  generation: number;
  items: Record<string, string>;
}

interface Persisted {
  term: number;
  activeTerm: number;
  knownTerm: number;
  knownVersion: number;
  known: string[];
  data: MasterData;
}

const KEY = "master/state.json";

/**
 * Durable state of a Master's redundancy role: the mirror term (raised at every activation, so the newest active
 * side wins), the term in which this side was last active, the known-radio set that forms the quorum, and the data
 * that "Activate mirror" copies to the other side (manual 003 §4.6.19).
 */
export class MirrorState {
  term = 0;
  activeTerm = 0;
  /** Known radios (MAC strings) and the (term, version) stamp of that set. */
  known = new Set<string>();
  knownTerm = 0;
  knownVersion = 0;
  /** The set (and its version) the peer last acknowledged; the active side needs a majority of both sets. */
  acked = new Set<string>();
  ackedVersion = 0;
  data: MasterData = { generation: 0, items: {} };
  readonly #store: Store;

  private constructor(store: Store) {
    this.#store = store;
  }

  static async load(store: Store): Promise<MirrorState> {
    const s = new MirrorState(store);
    const bytes = await store.get(KEY);
    if (bytes !== undefined) {
      const p = JSON.parse(new TextDecoder().decode(bytes)) as Persisted;
      s.term = p.term;
      s.activeTerm = p.activeTerm;
      s.knownTerm = p.knownTerm;
      s.knownVersion = p.knownVersion;
      s.known = new Set(p.known);
      s.data = p.data;
    }
    return s;
  }

  /** Writes atomically (Store.put); a failure is logged by the caller, the in-memory state stays authoritative. */
  save(): Promise<void> {
    const p: Persisted = {
      term: this.term,
      activeTerm: this.activeTerm,
      knownTerm: this.knownTerm,
      knownVersion: this.knownVersion,
      known: [...this.known].sort(),
      data: this.data,
    };
    return this.#store.put(KEY, new TextEncoder().encode(JSON.stringify(p)));
  }

  /** Adds a radio to the known set; returns true when the set changed (new version to send to the peer). */
  learn(mac: string): boolean {
    if (this.known.has(mac)) return false;
    this.known.add(mac);
    this.knownTerm = this.term;
    this.knownVersion++;
    return true;
  }

  /** Adopts a set from the peer when its stamp is newer than ours. */
  adoptKnown(term: number, version: number, macs: string[]): boolean {
    if (term < this.knownTerm || (term === this.knownTerm && version <= this.knownVersion)) return false;
    this.known = new Set(macs);
    this.knownTerm = term;
    this.knownVersion = version;
    return true;
  }

  peerAcked(version: number): void {
    if (version === this.knownVersion && this.ackedVersion !== version) {
      this.acked = new Set(this.known);
      this.ackedVersion = version;
    }
  }

  putItem(key: string, value: string): void {
    this.data = { generation: this.data.generation + 1, items: { ...this.data.items, [key]: value } };
  }
}
