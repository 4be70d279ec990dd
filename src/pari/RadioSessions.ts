import type { Endpoint } from "../wire/Transport.js";
import type { Announcement, PariRequest } from "./events.js";
import { PARI_TIMING } from "./timing.js";

/** A radio connected to this PARI Master: where its PariRegisters come from and what the last one said. */
export interface RadioSession {
  from: Endpoint;
  ip: string;
  version: string;
  sync: string;
  connectedAt: number;
  lastRx: number;
}

/** What "Add" tells an uninitialized radio: its device name, Standby PARI Master and sync region (§4.11.1). */
export interface Provision {
  readonly deviceName: string;
  readonly standby: string;
  readonly region: number;
}

/** An uninitialized registration (§4.11.1): a radio announcing itself without a PARI Master (plug and play). */
export interface Uninitialized extends Announcement {
  lastHeard: number;
  provision?: Provision;
}

/**
 * The radios a PARI Master hears: those connected by PariRegister, kept by its keep-alives and lost after
 * PARI_TIMING.lostMs of silence (they stay in the table as static registrations), and the uninitialized ones that
 * announce themselves by RadioAnnounce, forgotten after PARI_TIMING.announceForgetMs.
 */
export class RadioSessions {
  readonly #connected = new Map<string, RadioSession>();
  readonly #uninitialized = new Map<string, Uninitialized>();

  connection(mac: string): RadioSession | undefined {
    return this.#connected.get(mac);
  }

  /** The connected radios by MAC. */
  connections(): IterableIterator<[string, RadioSession]> {
    return this.#connected.entries();
  }

  get connectedCount(): number {
    return this.#connected.size;
  }

  /** A PariRegister that got its RFPIs, first or keep-alive: the radio is connected and was heard `now`. */
  heard(req: PariRequest, now: number): void {
    const s = this.#connected.get(req.mac);
    const sync = req.sync?.state ?? s?.sync ?? "";
    if (s === undefined)
      this.#connected.set(req.mac, {
        from: req.from,
        ip: req.ip,
        version: req.version,
        sync,
        connectedAt: now,
        lastRx: now,
      });
    else Object.assign(s, { from: req.from, ip: req.ip, version: req.version, sync, lastRx: now });
  }

  /** Ends the connections not heard for PARI_TIMING.lostMs; returns their MACs. */
  dropLost(now: number): string[] {
    const lost = [...this.#connected].filter(([, s]) => now - s.lastRx >= PARI_TIMING.lostMs).map(([mac]) => mac);
    for (const mac of lost) this.#connected.delete(mac);
    return lost;
  }

  /** Ends every connection; returns their MACs. */
  dropAll(): string[] {
    const all = [...this.#connected.keys()];
    this.#connected.clear();
    return all;
  }

  announcement(mac: string): Uninitialized | undefined {
    return this.#uninitialized.get(mac);
  }

  announcements(): IterableIterator<Uninitialized> {
    return this.#uninitialized.values();
  }

  /** A RadioAnnounce heard `now`; returns the provision "Add" gave it, which it has to be sent again. */
  announced(a: Announcement, now: number): Provision | undefined {
    const u = this.#uninitialized.get(a.mac);
    this.#uninitialized.set(a.mac, { ...a, lastHeard: now, ...(u?.provision ? { provision: u.provision } : {}) });
    return u?.provision;
  }

  /** The radio registered with a PARI Master: it is no longer uninitialized. */
  forgetAnnouncement(mac: string): void {
    this.#uninitialized.delete(mac);
  }

  /** Forgets the uninitialized registrations not announced for PARI_TIMING.announceForgetMs. */
  forgetSilent(now: number): void {
    for (const [mac, u] of this.#uninitialized)
      if (now - u.lastHeard >= PARI_TIMING.announceForgetMs) this.#uninitialized.delete(mac);
  }
}
