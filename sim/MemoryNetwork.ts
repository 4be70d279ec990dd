import type { Rng } from "../src/core/Rng.js";
import type { Endpoint, Transport } from "../src/wire/Transport.js";
import { EndpointMap } from "./EndpointMap.js";
import { Conn, EPHEMERAL_BASE, MemoryTransport, Port, type Network, type Path } from "./MemoryTransport.js";
import { Timer, type VirtualClock } from "./VirtualClock.js";

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

/** Initial TCP retransmission timeout (RFC 6298 allows a 200 ms floor, as Linux uses). */
export const TCP_RTO_MS = 200;
/** After this many lost retransmissions a connection gives up and the frame is lost (as when TCP resets). */
export const TCP_MAX_RETRIES = 8;
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** A frame on its way: a Timer of its own on the fleet's clock, so a delivery makes no closure. */
class Delivery extends Timer {
  readonly #net: MemoryNetwork;
  readonly #dest: MemoryTransport;
  readonly #frame: Uint8Array;
  readonly #from: Port;
  readonly #to: Port;
  /** The stream path it travels; undefined for a datagram. */
  readonly #path: Path | undefined;

  constructor(net: MemoryNetwork, dest: MemoryTransport, frame: Uint8Array, from: Port, to: Port, path?: Path) {
    super();
    this.#net = net;
    this.#dest = dest;
    this.#frame = frame;
    this.#from = from;
    this.#to = to;
    this.#path = path;
  }

  fire(): void {
    const stats = this.#net.stats;
    // A partition that starts while a frame is in flight still stops it, as would a cut cable.
    if (this.#net.isBlocked(this.#from.ip, this.#to.ip)) {
      stats.partitioned++;
      return;
    }
    // Either end reset: what was still in flight on that connection is gone (a RST discards it).
    if (this.#path !== undefined && (this.#from.aborted || this.#to.aborted)) {
      stats.lost++;
      return;
    }
    if (this.#dest.deliver(this.#frame, this.#from, this.#to, this.#path)) stats.delivered++;
    else stats.unreachable++;
  }
}

/**
 * The sim world's network: hosts by IPv4 address, per-link latency/jitter/loss/duplication, and partitions.
 * Every random choice comes from the fleet's seeded Rng and every delivery is a timer on the fleet's clock.
 */
export class MemoryNetwork implements Network {
  readonly #clock: VirtualClock;
  readonly #rng: Rng;
  #defaults: LinkConditions;
  readonly #links = new Map<string, LinkConditions>();
  readonly #blocked = new Set<string>();
  /**
   * Every endpoint in use: what is bound there (stream and datagram ports, multicast groups), the order of the
   * streams from it, whether its stream was reset. A transport keeps the Ports of its streams, so a stream frame
   * needs no look-up here.
   */
  readonly #ports = new EndpointMap<Port>();
  #nextEphemeral = EPHEMERAL_BASE;
  readonly stats: NetworkStats = {
    delivered: 0,
    lost: 0,
    duplicated: 0,
    retransmitted: 0,
    partitioned: 0,
    unreachable: 0,
  };

  constructor(clock: VirtualClock, rng: Rng, defaults: LinkConditions = DEFAULT_LINK) {
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
  port(e: Endpoint): Port {
    let p = this.#ports.get(e);
    if (p === undefined) this.#ports.set(e, (p = new Port(e)));
    return p;
  }

  /** @internal */
  connect(t: MemoryTransport, to: Endpoint): Conn {
    let local: Port;
    // A port something listens on is skipped, as a kernel skips it: the gatekeeper's users listen on random ports
    // up to 65535 (App. H footnote 1).
    do {
      local = this.port({ ip: t.ip, port: this.#nextEphemeral++ });
      if (this.#nextEphemeral > 65535) this.#nextEphemeral = EPHEMERAL_BASE;
    } while (local.datagram !== undefined || local.stream !== undefined);
    local.stream = t;
    local.aborted = false;
    return new Conn(local, this.port(to));
  }

  /** @internal */
  sendDatagram(from: Port, to: Endpoint, frame: Uint8Array): void {
    const port = this.#ports.get(to);
    const members = port?.group;
    if (members !== undefined) {
      // Multicast: one copy per member, each over its own path (loss and partitions apply per member).
      for (const m of members) this.#datagram(m, from, this.port({ ip: m.ip, port: to.port }), frame);
      return;
    }
    if (port?.datagram === undefined) {
      this.stats.unreachable++;
      return;
    }
    this.#datagram(port.datagram, from, port, frame);
  }

  /** Sends one datagram to `dest` (whose address is `to`) under the conditions of the path from→to. */
  #datagram(dest: MemoryTransport, from: Port, to: Port, frame: Uint8Array): void {
    if (this.isBlocked(from.ip, to.ip)) {
      this.stats.partitioned++;
      return;
    }
    const c = this.conditions(from.ip, to.ip);
    if (c.loss > 0 && this.#rng.next() < c.loss) {
      this.stats.lost++;
      return;
    }
    this.#clock.schedule(new Delivery(this, dest, frame, from, to), this.#delay(c));
    if (c.duplicate > 0 && this.#rng.next() < c.duplicate) {
      this.stats.duplicated++;
      this.#clock.schedule(new Delivery(this, dest, frame, from, to), this.#delay(c));
    }
  }

  /** @internal sends one stream frame on `path` (from→to), under the conditions of that path */
  sendStream(from: Port, to: Port, path: Path, frame: Uint8Array): void {
    const dest = to.stream;
    if (dest === undefined) {
      this.stats.unreachable++;
      return;
    }
    if (this.isBlocked(from.ip, to.ip)) {
      this.stats.partitioned++;
      return;
    }
    const c = this.conditions(from.ip, to.ip);
    let repair = 0;
    for (let tries = 0, rto = TCP_RTO_MS; c.loss > 0 && this.#rng.next() < c.loss; tries++, rto *= 2) {
      if (tries === TCP_MAX_RETRIES) {
        this.stats.lost++;
        return;
      }
      repair += rto;
      this.stats.retransmitted++;
    }
    const now = this.#clock.now();
    const at = Math.max(now + this.#delay(c) + repair, path.tail);
    path.tail = at;
    this.#clock.schedule(new Delivery(this, dest, frame, from, to, path), at - now);
  }

  /** Whole milliseconds keep event times readable; jitter is uniform in [0, jitterMs]. */
  #delay(c: LinkConditions): number {
    return Math.round(c.latencyMs + (c.jitterMs > 0 ? this.#rng.next() * c.jitterMs : 0));
  }
}
