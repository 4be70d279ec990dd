import type { Channel, Endpoint, FrameHandlers, Listen, Transport } from "../src/wire/Transport.js";
import { EndpointMap } from "./EndpointMap.js";

/** Local ports of outgoing streams are taken from here up (the IANA dynamic range, RFC 6335 §6). */
export const EPHEMERAL_BASE = 49152;

/**
 * One address and port of the sim network and what is bound there. There is one Port per endpoint for the network's
 * life (sim/MemoryNetwork.ts `port`), so a frame finds its route, its stream's order and whether its stream was reset
 * in fields rather than in maps keyed by endpoint.
 */
export class Port {
  readonly ip: string;
  readonly port: number;
  /** The endpoint as frames from this port carry it: one frozen object, so an answer sent to it is recognised. */
  readonly endpoint: Endpoint;
  /** The transport whose streams listen here, or whose outgoing stream starts here. */
  stream: MemoryTransport | undefined;
  /** The transport whose datagrams arrive here. */
  datagram: MemoryTransport | undefined;
  /** The members, when this is a multicast group. */
  group: Set<MemoryTransport> | undefined;
  /** The stream that started here was aborted: its frames still in flight are dropped (TCP reset). */
  aborted = false;
  #paths: Map<Port, Path> | undefined;

  constructor(e: Endpoint) {
    this.ip = e.ip;
    this.port = e.port;
    this.endpoint = Object.freeze({ ip: e.ip, port: e.port });
  }

  /** The stream path from here to `to`. */
  path(to: Port): Path {
    this.#paths ??= new Map();
    let p = this.#paths.get(to);
    if (p === undefined) this.#paths.set(to, (p = new Path()));
    return p;
  }

  /** `t` closed: what it bound here is free. */
  unbind(t: MemoryTransport): void {
    if (this.stream === t) this.stream = undefined;
    if (this.datagram === t) this.datagram = undefined;
    this.group?.delete(t);
  }

  /** The stream starting here was reset: nothing more reaches it, and nothing still in flight on it arrives. */
  abort(): void {
    this.stream = undefined;
    this.aborted = true;
  }
}

/** One direction between two ports: the stream frames on it never overtake each other. */
export class Path {
  /** When the last frame sent on it arrives. */
  tail = 0;
  /** The stream the receiver answers over, once a frame was delivered on this path (see MemoryTransport #heard). */
  reply: Conn | undefined = undefined;
}

/** A stream as one transport holds it: its own end, the peer's end, and the path from the one to the other. */
export class Conn {
  readonly local: Port;
  readonly remote: Port;
  readonly path: Path;
  /** The transport whose table of incoming streams holds this one under `remote`, while it does. */
  heldBy: MemoryTransport | undefined = undefined;

  constructor(local: Port, remote: Port) {
    this.local = local;
    this.remote = remote;
    this.path = local.path(remote);
  }
}

/** What a transport asks of its network (sim/MemoryNetwork.ts). */
export interface Network {
  /** The Port of an endpoint, made on first use. */
  port(e: Endpoint): Port;
  /** A new outgoing stream of `t` to `to`, from the next ephemeral port. */
  connect(t: MemoryTransport, to: Endpoint): Conn;
  sendStream(from: Port, to: Port, path: Path, frame: Uint8Array): void;
  sendDatagram(from: Port, to: Endpoint, frame: Uint8Array): void;
}

/** A host's attachment to the sim network (one per device, PBX, handset; a reset device gets a new one). */
export class MemoryTransport implements Transport {
  readonly ip: string;
  readonly #net: Network;
  #handler: FrameHandlers | undefined;
  /** Our outgoing streams by the remote endpoint (one "connection" per peer, as with TCP). */
  readonly #outgoing = new EndpointMap<Conn>();
  /**
   * Streams peers opened to us, by the peer's ephemeral end. Answers go back over them from the port the peer
   * connected to (as a socket's remote port reads on the other side, so the device-link guard sees the same endpoints
   * in both worlds).
   */
  readonly #incoming = new EndpointMap<Conn>();
  /**
   * The peer's end of the stream frame delivered last, and its stream: a frame is mostly answered at once (a Master
   * answering a radio), and the answer then needs no look-up. `#lastFrom` is `#lastConn.remote.endpoint`.
   */
  #lastFrom: Endpoint | undefined;
  #lastConn: Conn | undefined;
  /** Where our datagrams come from. */
  #datagramFrom: Port;
  /** The ports `open` bound, freed by `close`. */
  readonly #bound: Port[] = [];

  constructor(net: Network, ip: string) {
    this.#net = net;
    this.ip = ip;
    this.#datagramFrom = net.port({ ip, port: 0 });
  }

  async open(listen: Listen, handlers: FrameHandlers): Promise<void> {
    this.#handler = handlers;
    const port = (n: number) => this.#net.port({ ip: this.ip, port: n });
    this.#datagramFrom = port(listen.datagram[0] ?? 0);
    for (const n of listen.stream) this.#bind(port(n)).stream = this;
    for (const n of listen.datagram) this.#bind(port(n)).datagram = this;
    for (const g of listen.groups ?? []) (this.#bind(this.#net.port(g)).group ??= new Set()).add(this);
  }

  #bind(p: Port): Port {
    this.#bound.push(p);
    return p;
  }

  send(to: Endpoint, channel: Channel, frame: Uint8Array): void {
    if (this.#handler === undefined) return;
    if (channel === "datagram") return this.#net.sendDatagram(this.#datagramFrom, to, frame);
    const conn = this.#stream(to);
    if (conn !== undefined) return this.#net.sendStream(conn.local, conn.remote, conn.path, frame);
    // An ephemeral port that never sent us anything: there is no connection to answer over.
    const local = this.#net.port({ ip: this.ip, port: 0 });
    const remote = this.#net.port(to);
    this.#net.sendStream(local, remote, local.path(remote), frame);
  }

  /** Our stream to `to`: the one a peer opened from its ephemeral port `to`, or ours to `to` (opened now if new). */
  #stream(to: Endpoint): Conn | undefined {
    if (to.port >= EPHEMERAL_BASE) {
      if (to === this.#lastFrom && this.#lastConn!.heldBy === this) return this.#lastConn;
      return this.#incoming.get(to);
    }
    let conn = this.#outgoing.get(to);
    if (conn === undefined) this.#outgoing.set(to, (conn = this.#net.connect(this, to)));
    return conn;
  }

  /** @internal a frame arrives; false when we are closed. `path` is the stream path it came on, none for a datagram. */
  deliver(frame: Uint8Array, from: Port, to: Port, path: Path | undefined): boolean {
    if (this.#handler === undefined) return false;
    if (path !== undefined && from.port >= EPHEMERAL_BASE) this.#heard(from, to, path);
    this.#handler.frame(frame, from.endpoint, path === undefined ? "datagram" : "stream");
    return true;
  }

  /**
   * A stream frame came from a peer's ephemeral end `from` to our `to`: answers to `from` go back from `to`. The path
   * remembers the stream made for that, so a steady stream costs no look-up here.
   */
  #heard(from: Port, to: Port, path: Path): void {
    let conn = path.reply;
    if (conn?.heldBy !== this) {
      conn = this.#incoming.get(from);
      if (conn?.local !== to) {
        if (conn !== undefined) conn.heldBy = undefined;
        conn = new Conn(to, from);
        conn.heldBy = this;
        this.#incoming.set(from, conn);
      }
      path.reply = conn;
    }
    this.#lastFrom = from.endpoint;
    this.#lastConn = conn;
  }

  disconnect(to: Endpoint): void {
    const conn = this.#outgoing.get(to);
    if (conn === undefined) return;
    this.#outgoing.delete(to);
    conn.local.abort();
  }

  async close(): Promise<void> {
    this.#handler = undefined;
    for (const conn of this.#outgoing.values()) conn.local.abort();
    this.#outgoing.clear();
    for (const conn of this.#incoming.values()) conn.heldBy = undefined;
    this.#incoming.clear();
    for (const p of this.#bound.splice(0)) p.unbind(this);
  }
}
