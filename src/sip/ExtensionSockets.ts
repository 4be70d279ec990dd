import type { Rng } from "../core/Rng.js";
import type { SipEndpoint } from "./SipEndpoint.js";

/**
 * Manual 003 App. H, footnote 1 of the SIP rows (5060 UDP/TCP, 5061 TLS, "Dynamic¹" source): "The source port used is
 * a random port between 2048–65535. Each extension will use its unique source port."
 */
export const SOURCE_PORT_MIN = 2048;
export const SOURCE_PORT_MAX = 65535;
/** Ports tried for one extension before its socket counts as failed (another program may hold the port drawn). */
export const SOURCE_PORT_TRIES = 8;

/** What the pool needs of the gatekeeper: a SIP socket opened on a port of the device's address. */
export interface ExtensionSocketsDeps {
  readonly ip: string;
  /** Draws the ports: the device's seeded Rng in the sim (same fleet and seed, same ports), a random one on nodes. */
  readonly rng: Rng;
  /** Ports of the device that are never drawn (the Master's own SIP port, §4.6.23 Local Port). */
  readonly reserved: readonly number[];
  /** Opens a SIP socket of extension `key` on `port`; rejects when the port cannot be bound (EADDRINUSE). */
  readonly open: (key: string, port: number) => Promise<SipEndpoint>;
}

/**
 * One SIP socket per extension (App. H footnote 1), each on its own port drawn at random in 2048–65535: the user's
 * REGISTERs leave from it, its Contact names it, and the PBX's requests to that Contact arrive on it. A user keeps its
 * port for the gatekeeper's life, so a refresh comes from the port of the binding it refreshes and the PBX keeps one
 * binding per user. Sockets open on first use and close when the user stops registering.
 */
export class ExtensionSockets {
  readonly #d: ExtensionSocketsDeps;
  readonly #open = new Map<string, Promise<SipEndpoint>>();
  /** The port each extension drew: kept after its socket closes, so the user comes back on the same port. */
  readonly #ports = new Map<string, number>();
  readonly #taken: Set<number>;
  #closed = false;

  constructor(d: ExtensionSocketsDeps) {
    this.#d = d;
    this.#taken = new Set(d.reserved);
  }

  get ip(): string {
    return this.#d.ip;
  }

  /** The socket of extension `key`, opened now on its port if it is not open yet; none once the pool is closed. */
  endpoint(key: string): Promise<SipEndpoint> {
    if (this.#closed) return Promise.reject(new Error("SIP sockets closed"));
    let e = this.#open.get(key);
    if (e === undefined) {
      e = this.#bind(key);
      this.#open.set(key, e);
      // A socket that could not open is tried again (on other ports) at the next use.
      void e.catch(() => this.#open.get(key) === e && this.#open.delete(key));
    }
    return e;
  }

  /** Closes the socket of `key` (the user no longer registers); its port stays the user's. */
  async release(key: string): Promise<void> {
    const e = this.#open.get(key);
    if (e === undefined) return;
    this.#open.delete(key);
    const endpoint = await e.catch(() => undefined);
    if (endpoint === undefined) return;
    await endpoint.close();
  }

  /** Sockets open now. */
  get size(): number {
    return this.#open.size;
  }

  /** The gatekeeper stops: every socket closes, and none opens any more (a transaction that fails now retries none). */
  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#open.keys()].map((k) => this.release(k)));
  }

  /**
   * The extension's port, or a new one drawn from its own stream of the Rng (stable whatever order users come in);
   * a port another program holds is left for the next draw, up to SOURCE_PORT_TRIES.
   */
  async #bind(key: string): Promise<SipEndpoint> {
    const rng = this.#d.rng.fork(`port/${key}`);
    let last: unknown;
    for (let i = 0; i < SOURCE_PORT_TRIES; i++) {
      let port = this.#ports.get(key);
      if (port === undefined || i > 0) {
        if (port !== undefined) this.#taken.delete(port);
        port = this.#draw(rng);
        this.#taken.add(port);
        this.#ports.set(key, port);
      }
      try {
        return await this.#d.open(key, port);
      } catch (err) {
        last = err;
      }
    }
    throw last instanceof Error ? last : new Error(String(last));
  }

  #draw(rng: Rng): number {
    const span = SOURCE_PORT_MAX - SOURCE_PORT_MIN + 1;
    for (;;) {
      const port = SOURCE_PORT_MIN + rng.int(span);
      if (!this.#taken.has(port)) return port;
    }
  }
}
