import type { Clock } from "../src/core/Clock.js";
import type { Rng } from "../src/core/Rng.js";
import type { Channel, Endpoint, FrameHandlers, Listen, Transport } from "../src/wire/Transport.js";

/**
 * Conditions of the path between two hosts. Datagrams are lost or duplicated outright; on a stream a lost segment is
 * repaired by retransmission, so loss shows up as delay (TCP_RTO_MS, doubling per repeated loss) and order is kept.
 */
export interface LinkConditions {
  readonly latencyMs: number;
  readonly jitterMs: number;
  readonly loss: number;
  readonly duplicate: number;
}

export const DEFAULT_LINK: LinkConditions = { latencyMs: 1, jitterMs: 1, loss: 0, duplicate: 0 };

export interface NetworkStats {
  delivered: number;
  lost: number;
  duplicated: number;
  /** Stream frames delayed by a (simulated) TCP retransmission. */
  retransmitted: number;
  partitioned: number;
  unreachable: number;
}

const EPHEMERAL_BASE = 49152;
/** Initial TCP retransmission timeout (RFC 6298 allows a 200 ms floor, as Linux uses). */
export const TCP_RTO_MS = 200;
/** After this many lost retransmissions a connection gives up and the frame is lost (as when TCP resets). */
export const TCP_MAX_RETRIES = 8;
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/**
 * Values by endpoint, keyed by address then port. Every frame looks up several endpoints; nested maps spare it
 * building and hashing an "ip:port" string each time (the address strings keep their hash).
 */
class EndpointMap<V> {
  readonly #byIp = new Map<string, Map<number, V>>();

  get(e: Endpoint): V | undefined {
    return this.#byIp.get(e.ip)?.get(e.port);
  }

  has(e: Endpoint): boolean {
    return this.#byIp.get(e.ip)?.has(e.port) ?? false;
  }

  set(e: Endpoint, v: V): void {
    let ports = this.#byIp.get(e.ip);
    if (ports === undefined) this.#byIp.set(e.ip, (ports = new Map()));
    ports.set(e.port, v);
  }

  delete(e: Endpoint): void {
    this.#byIp.get(e.ip)?.delete(e.port);
  }

  deleteValue(v: V): void {
    for (const ports of this.#byIp.values()) for (const [port, x] of ports) if (x === v) ports.delete(port);
  }

  *values(): IterableIterator<V> {
    for (const ports of this.#byIp.values()) yield* ports.values();
  }

  clear(): void {
    this.#byIp.clear();
  }
}

/**
 * The sim world's network: hosts by IPv4 address, per-link latency/jitter/loss/duplication, and partitions.
 * Every random choice comes from the fleet's seeded Rng and every delivery is a timer on the fleet's clock.
 */
export class MemoryNetwork {
  readonly #clock: Clock;
  readonly #rng: Rng;
  #defaults: LinkConditions;
  readonly #links = new Map<string, LinkConditions>();
  readonly #blocked = new Set<string>();
  /** Stream endpoints: listening ports and the ephemeral ports of outgoing connections. */
  readonly #streamRoutes = new EndpointMap<MemoryTransport>();
  /** Local ends of aborted streams: their frames still in flight are dropped (TCP reset). */
  readonly #aborted = new EndpointMap<true>();
  /** Datagram ports. */
  readonly #datagramRoutes = new EndpointMap<MemoryTransport>();
  /** Multicast group members by group address and port. */
  readonly #groups = new EndpointMap<Set<MemoryTransport>>();
  /** Last delivery time per directed stream (from → to), so stream frames never overtake each other. */
  readonly #streamTail = new EndpointMap<EndpointMap<number>>();
  #nextEphemeral = EPHEMERAL_BASE;
  readonly stats: NetworkStats = {
    delivered: 0,
    lost: 0,
    duplicated: 0,
    retransmitted: 0,
    partitioned: 0,
    unreachable: 0,
  };

  constructor(clock: Clock, rng: Rng, defaults: LinkConditions = DEFAULT_LINK) {
    this.#clock = clock;
    this.#rng = rng;
    this.#defaults = defaults;
  }

  attach(ip: string): Transport {
    return new MemoryTransport(this, ip);
  }

  setDefaults(c: Partial<LinkConditions>): void {
    this.#defaults = { ...this.#defaults, ...c };
  }

  setLink(a: string, b: string, c: Partial<LinkConditions>): void {
    this.#links.set(pairKey(a, b), { ...this.conditions(a, b), ...c });
  }

  conditions(a: string, b: string): LinkConditions {
    // Most fleets set no per-link conditions: skip building the pair key for every frame.
    if (this.#links.size === 0) return this.#defaults;
    return this.#links.get(pairKey(a, b)) ?? this.#defaults;
  }

  /** Cuts every path between the two groups (both directions). */
  partition(groupA: readonly string[], groupB: readonly string[]): void {
    for (const a of groupA) for (const b of groupB) this.#blocked.add(pairKey(a, b));
  }

  /** Restores paths between the groups, or every path when no groups are given. */
  heal(groupA?: readonly string[], groupB?: readonly string[]): void {
    if (groupA === undefined || groupB === undefined) return this.#blocked.clear();
    for (const a of groupA) for (const b of groupB) this.#blocked.delete(pairKey(a, b));
  }

  isBlocked(a: string, b: string): boolean {
    // Checked twice per frame; without a partition there is no pair key to build.
    return this.#blocked.size > 0 && this.#blocked.has(pairKey(a, b));
  }

  /** @internal called by MemoryTransport */
  register(t: MemoryTransport, listen: Listen): void {
    for (const port of listen.stream) this.#streamRoutes.set({ ip: t.ip, port }, t);
    for (const port of listen.datagram) this.#datagramRoutes.set({ ip: t.ip, port }, t);
    for (const g of listen.groups ?? []) {
      const members = this.#groups.get(g) ?? new Set();
      members.add(t);
      this.#groups.set(g, members);
    }
  }

  /** @internal */
  unregister(t: MemoryTransport): void {
    this.#streamRoutes.deleteValue(t);
    this.#datagramRoutes.deleteValue(t);
    for (const members of this.#groups.values()) members.delete(t);
  }

  /** @internal allocates the local end of a new outgoing stream */
  ephemeral(t: MemoryTransport): Endpoint {
    const local = { ip: t.ip, port: this.#nextEphemeral++ };
    if (this.#nextEphemeral > 65535) this.#nextEphemeral = EPHEMERAL_BASE;
    this.#streamRoutes.set(local, t);
    this.#aborted.delete(local);
    return local;
  }

  /** @internal the stream whose local end is `local` was aborted: its frames in flight are dropped */
  abort(local: Endpoint): void {
    this.#streamRoutes.delete(local);
    this.#aborted.set(local, true);
  }

  /** @internal */
  transmit(from: Endpoint, to: Endpoint, channel: Channel, frame: Uint8Array): void {
    const members = channel === "datagram" ? this.#groups.get(to) : undefined;
    if (members !== undefined) {
      // Multicast: one copy per member, each over its own path (loss and partitions apply per member).
      for (const m of members) this.#transmitTo(m, from, { ip: m.ip, port: to.port }, channel, frame);
      return;
    }
    const dest = channel === "stream" ? this.#streamRoutes.get(to) : this.#datagramRoutes.get(to);
    if (dest === undefined || dest.ip !== to.ip) {
      this.stats.unreachable++;
      return;
    }
    this.#transmitTo(dest, from, to, channel, frame);
  }

  /** Sends one frame to `dest` (whose address is `to`) under the conditions of the path from→to. */
  #transmitTo(dest: MemoryTransport, from: Endpoint, to: Endpoint, channel: Channel, frame: Uint8Array): void {
    if (this.isBlocked(from.ip, to.ip)) {
      this.stats.partitioned++;
      return;
    }
    const c = this.conditions(from.ip, to.ip);
    if (channel === "datagram") {
      if (c.loss > 0 && this.#rng.next() < c.loss) {
        this.stats.lost++;
        return;
      }
      this.#deliverAfter(this.#delay(c), dest, frame, from, to, channel);
      if (c.duplicate > 0 && this.#rng.next() < c.duplicate) {
        this.stats.duplicated++;
        this.#deliverAfter(this.#delay(c), dest, frame, from, to, channel);
      }
      return;
    }
    let repair = 0;
    for (let tries = 0, rto = TCP_RTO_MS; c.loss > 0 && this.#rng.next() < c.loss; tries++, rto *= 2) {
      if (tries === TCP_MAX_RETRIES) {
        this.stats.lost++;
        return;
      }
      repair += rto;
      this.stats.retransmitted++;
    }
    let tails = this.#streamTail.get(from);
    if (tails === undefined) this.#streamTail.set(from, (tails = new EndpointMap()));
    const at = Math.max(this.#clock.now() + this.#delay(c) + repair, tails.get(to) ?? 0);
    tails.set(to, at);
    this.#deliverAfter(at - this.#clock.now(), dest, frame, from, to, channel);
  }

  /** Whole milliseconds keep event times readable; jitter is uniform in [0, jitterMs]. */
  #delay(c: LinkConditions): number {
    return Math.round(c.latencyMs + (c.jitterMs > 0 ? this.#rng.next() * c.jitterMs : 0));
  }

  #deliverAfter(ms: number, dest: MemoryTransport, frame: Uint8Array, from: Endpoint, to: Endpoint, ch: Channel) {
    this.#clock.setTimeout(() => {
      // A partition that starts while a frame is in flight still stops it, as would a cut cable.
      if (this.isBlocked(from.ip, to.ip)) {
        this.stats.partitioned++;
        return;
      }
      // Either end reset: what was still in flight on that connection is gone (a RST discards it).
      if (ch === "stream" && (this.#aborted.has(from) || this.#aborted.has(to))) {
        this.stats.lost++;
        return;
      }
      if (dest.deliver(frame, from, to, ch)) this.stats.delivered++;
      else this.stats.unreachable++;
    }, ms);
  }
}

class MemoryTransport implements Transport {
  readonly ip: string;
  readonly #net: MemoryNetwork;
  #handler: FrameHandlers | undefined;
  /** Local end of each outgoing stream, by remote endpoint (one "connection" per peer, as with TCP). */
  readonly #outgoing = new EndpointMap<Endpoint>();
  /** Where our datagrams come from; made once per open rather than per frame (endpoints are read-only). */
  #datagramFrom: Endpoint;
  /**
   * Where replies over a peer's connection come from: the port that peer connected to, by the peer's end (as a
   * socket's remote port reads on the other side, so the device-link guard sees the same endpoints in both worlds).
   */
  readonly #replyFrom = new EndpointMap<Endpoint>();

  constructor(net: MemoryNetwork, ip: string) {
    this.#net = net;
    this.ip = ip;
    this.#datagramFrom = { ip, port: 0 };
  }

  async open(listen: Listen, handlers: FrameHandlers): Promise<void> {
    this.#handler = handlers;
    this.#datagramFrom = { ip: this.ip, port: listen.datagram[0] ?? 0 };
    this.#net.register(this, listen);
  }

  send(to: Endpoint, channel: Channel, frame: Uint8Array): void {
    if (this.#handler === undefined) return;
    if (channel === "datagram") return this.#net.transmit(this.#datagramFrom, to, channel, frame);
    let local = this.#outgoing.get(to);
    if (local === undefined && to.port < EPHEMERAL_BASE) {
      local = this.#net.ephemeral(this);
      this.#outgoing.set(to, local);
    }
    // A reply to a peer's ephemeral port goes back over the connection that peer opened to one of our ports.
    this.#net.transmit(local ?? this.#replyFrom.get(to) ?? { ip: this.ip, port: 0 }, to, channel, frame);
  }

  /** @internal */
  deliver(frame: Uint8Array, from: Endpoint, to: Endpoint, channel: Channel): boolean {
    if (this.#handler === undefined) return false;
    if (channel === "stream" && from.port >= EPHEMERAL_BASE) this.#replyFrom.set(from, to);
    this.#handler.frame(frame, from, channel);
    return true;
  }

  disconnect(to: Endpoint): void {
    const local = this.#outgoing.get(to);
    if (local === undefined) return;
    this.#outgoing.delete(to);
    this.#net.abort(local);
  }

  async close(): Promise<void> {
    this.#handler = undefined;
    for (const local of this.#outgoing.values()) this.#net.abort(local);
    this.#outgoing.clear();
    this.#replyFrom.clear();
    this.#net.unregister(this);
  }
}
