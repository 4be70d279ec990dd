import type { Endpoint } from "../src/wire/Transport.js";

/**
 * Values by endpoint, keyed by address then port. Nested maps spare building and hashing an "ip:port" string for
 * every look-up (the address strings keep their hash).
 */
export class EndpointMap<V> {
  readonly #byIp = new Map<string, Map<number, V>>();

  get(e: Endpoint): V | undefined {
    return this.#byIp.get(e.ip)?.get(e.port);
  }

  set(e: Endpoint, v: V): void {
    let ports = this.#byIp.get(e.ip);
    if (ports === undefined) this.#byIp.set(e.ip, (ports = new Map()));
    ports.set(e.port, v);
  }

  delete(e: Endpoint): void {
    this.#byIp.get(e.ip)?.delete(e.port);
  }

  *values(): IterableIterator<V> {
    for (const ports of this.#byIp.values()) yield* ports.values();
  }

  clear(): void {
    this.#byIp.clear();
  }
}
