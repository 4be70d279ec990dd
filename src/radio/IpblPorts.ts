import type { Rng } from "../core/Rng.js";

/** What an RFP reports before any update: the firmware it came with (our name; the manual gives none). */
export const RFP_FACTORY_VERSION = "factory";
/** The IPBL's RFP ports as the update sees them (IpblPorts below is the one the device has). */
export interface RfpPorts {
  /** Ports 1..connected have an RFP (§4.11.2); a higher port is not connected. */
  readonly connected: number;
  /** Whether the RFP carries a call now (`/idle` waits until it does not). */
  busy(port: number): boolean;
  /** The version the RFP reports (status, §4.11.2). */
  setVersion(port: number, version: string): void;
  /** The RFP restarts: off air until `rfpUp`. */
  rfpRestarting(port: number): void;
  rfpUp(port: number): void;
}

/** Signal propagation in the IPBL–RFP cable: about two thirds of light speed, 5 ns per metre (docs/user-guide.md). */
const CABLE_NS_PER_M = 5;

/** One RFP on an IPBL port (§4.11.2). */
export interface RfpPort {
  readonly port: number;
  rfpi: string;
  status: "up" | "down";
  /** The RFP's firmware version (RFP_UPDATE0, App. A.1.7; RfpUpdateCore keeps it on flash). */
  version: string;
  connectedAt: number;
  readonly cableDelayNs: number;
  /** Signalling frames sent to / received from the RFP, and those that needed a retransmission. */
  frames: number;
  txErrors: number;
  rxErrors: number;
}

/**
 * An IPBL's RFPs on its ports 1..n (§4.11.2): each one's RFPI, status, counters and firmware version, and which of
 * them restart after a firmware update (RfpPorts, App. A.1.7). An IPBS has none. The PARI client (PariClientCore)
 * hands in its grants and is told when the RFPIs on air change, to broadcast its beacon again.
 */
export class IpblPorts implements RfpPorts {
  readonly list: RfpPort[];
  readonly #restarting = new Set<number>();
  readonly #rng: Rng;
  readonly #now: () => number;
  readonly #changed: () => void;
  /** Assigned RFPIs and not refused: the ports broadcast. */
  #live = false;

  constructor(o: { count: number; cableM: number; rng: Rng; now: () => number; changed: () => void }) {
    this.#rng = o.rng;
    this.#now = o.now;
    this.#changed = o.changed;
    this.list = Array.from({ length: o.count }, (_, i) => ({
      port: i + 1,
      rfpi: "",
      status: "down" as const,
      version: RFP_FACTORY_VERSION,
      connectedAt: 0,
      cableDelayNs: Math.round(o.cableM * CABLE_NS_PER_M),
      frames: 0,
      txErrors: 0,
      rxErrors: 0,
    }));
  }

  /** A grant's RFPIs, one per port; a restarting RFP stays down until it is up again. */
  assign(rfpis: readonly string[]): void {
    this.#live = true;
    this.list.forEach((p, i) => {
      const rfpi = rfpis[i] ?? "";
      const status = rfpi === "" || this.#restarting.has(p.port) ? "down" : "up";
      if (status === "up" && (p.status === "down" || p.rfpi !== rfpi)) p.connectedAt = this.#now();
      p.rfpi = rfpi;
      p.status = status;
    });
  }

  /** Not broadcasting (refused): every port down. */
  down(): void {
    this.#live = false;
    for (const p of this.list) p.status = "down";
  }

  /** The RFPIs on air of a grant's `rfpis`: all but those of restarting RFPs (an IPBS, without ports: all). */
  onAir(rfpis: readonly string[]): readonly string[] {
    return this.#restarting.size === 0 ? rfpis : rfpis.filter((_, i) => !this.#restarting.has(i + 1));
  }

  /** One signalling exchange with each RFP; a frame that needs a retransmission counts as a Tx or Rx error. */
  exchange(rate: number): void {
    for (const p of this.list) {
      if (p.status !== "up") continue;
      p.frames++;
      if (rate > 0 && this.#rng.next() < rate) p.txErrors++;
      if (rate > 0 && this.#rng.next() < rate) p.rxErrors++;
    }
  }

  // RfpPorts: what the RFP update (RfpUpdateCore) sees.

  get connected(): number {
    return this.list.length;
  }

  /**
   * Whether the RFP carries a call (`/idle`): this version carries no calls (docs/design.md "What is left out"), so
   * every RFP is idle.
   */
  busy(_port: number): boolean {
    return false;
  }

  setVersion(port: number, version: string): void {
    const p = this.list[port - 1];
    if (p !== undefined) p.version = version;
  }

  /** The RFP restarts (§4.18.4): its port is down and its RFPI leaves the beacon, so the air and handsets see it go. */
  rfpRestarting(port: number): void {
    const p = this.list[port - 1];
    if (p === undefined) return;
    this.#restarting.add(port);
    p.status = "down";
    if (this.#live) this.#changed();
  }

  /** The RFP is up again: back on air with its RFPI, when the PARI Master has assigned one. */
  rfpUp(port: number): void {
    const p = this.list[port - 1];
    if (p === undefined || !this.#restarting.delete(port) || !this.#live || p.rfpi === "") return;
    p.status = "up";
    p.connectedAt = this.#now();
    this.#changed();
  }
}
