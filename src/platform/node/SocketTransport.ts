import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { listening } from "./listening.js";
import { openTls } from "./tlsClient.js";
import { mutualTlsServer } from "./tlsServer.js";
import { lengthPrefixed, StreamDeframer } from "../../wire/frame.js";
import {
  endpointKey,
  type Channel,
  type Endpoint,
  type FrameHandlers,
  type Listen,
  type TlsPolicy,
  type Transport,
} from "../../wire/Transport.js";

/** The interface address multicast groups are joined on: real nodes all live on the loopback interface. */
const LOOPBACK_INTERFACE = "127.0.0.1";

/** Frames queued on one TCP connection beyond this are dropped (a stuck peer must not grow our memory). */
const MAX_QUEUED_BYTES = 4 << 20;

/** How frames are cut out of a TCP stream and written to one. */
export interface StreamFraming {
  deframer(): { push(chunk: Uint8Array): Uint8Array[] };
  wrap(frame: Uint8Array): Uint8Array;
}

/** Our own protocol: length-prefixed frames (wire/frame.ts). */
export const LENGTH_PREFIXED: StreamFraming = { deframer: () => new StreamDeframer(), wrap: lengthPrefixed };

/**
 * The node world's transport: UDP sockets for datagrams and TCP for streams, all bound to the device's own address
 * (one device per 127.x.y.z). Stream frames are length-prefixed, or framed as `framing` says (SIP, RFC 3261 §18.3);
 * replies travel back on the connection they came in.
 */
export class SocketTransport implements Transport {
  readonly ip: string;
  #handlers: FrameHandlers | undefined;
  readonly #udp: UdpSocket[] = [];
  readonly #servers: Server[] = [];
  readonly #conns = new Map<string, Socket>();
  readonly #framing: StreamFraming;
  readonly #tls: TlsPolicy | undefined;
  /** TLS streams whose handshake is under way, with the frames to send once the server is trusted. */
  readonly #handshaking = new Map<string, Uint8Array[]>();
  /** Datagrams waiting for the end of this event-loop turn (`#flush`). */
  readonly #outbox: { readonly to: Endpoint; readonly frame: Uint8Array }[] = [];

  /**
   * With `tls`, the streams this transport opens are TLS, validated against the device's trust list (tlsClient.ts),
   * and its stream ports are TLS servers with the device certificate and profile that ask clients for a certificate
   * (tlsServer.ts `mutualTlsServer`: SIPS on the gatekeeper's local port, §4.6.23; a client is `sips client <address>`
   * in alarms and the rejected list).
   */
  constructor(ip: string, framing: StreamFraming = LENGTH_PREFIXED, tls?: TlsPolicy) {
    this.ip = ip;
    this.#framing = framing;
    this.#tls = tls;
  }

  async open(listen: Listen, handlers: FrameHandlers): Promise<void> {
    this.#handlers = handlers;
    for (const port of listen.datagram) {
      const sock = createSocket({ type: "udp4", reuseAddr: false });
      sock.on("message", (msg, rinfo) =>
        this.#handlers?.frame(new Uint8Array(msg), { ip: rinfo.address, port: rinfo.port }, "datagram"),
      );
      sock.on("error", () => undefined);
      await listening(sock, (ready) => sock.bind({ address: this.ip, port }, ready));
      // Multicast we send leaves through the loopback interface, where the other devices listen.
      sock.setMulticastInterface(this.ip);
      this.#udp.push(sock);
    }
    for (const group of listen.groups ?? []) await this.#join(group);
    // §4.1.10.4.1: TLS servers wait for the device certificate (made at first start).
    if (this.#tls !== undefined && listen.stream.length > 0) await this.#tls.ready();
    for (const port of listen.stream) {
      const adopt = (sock: Socket) => this.#adopt(sock);
      const server = this.#tls === undefined ? createServer(adopt) : mutualTlsServer("sips", this.#tls, adopt);
      await listening(server, (ready) => server.listen({ host: this.ip, port }, ready));
      this.#servers.push(server);
    }
  }

  /**
   * Joins a multicast group on the loopback interface. The socket binds the group address itself (not 0.0.0.0),
   * so it shares the port only with other members of the same group, whatever unicast sockets use that port.
   */
  async #join(group: Endpoint): Promise<void> {
    const sock = createSocket({ type: "udp4", reuseAddr: true });
    sock.on("message", (msg, rinfo) =>
      this.#handlers?.frame(new Uint8Array(msg), { ip: rinfo.address, port: rinfo.port }, "datagram"),
    );
    sock.on("error", () => undefined);
    await listening(sock, (ready) => sock.bind({ address: group.ip, port: group.port }, ready));
    sock.addMembership(group.ip, LOOPBACK_INTERFACE);
    this.#udp.push(sock);
  }

  #adopt(sock: Socket, to?: Endpoint): void {
    const from = (): Endpoint => ({
      ip: sock.remoteAddress?.replace(/^::ffff:/, "") ?? "?",
      port: sock.remotePort ?? 0,
    });
    const k = to === undefined ? endpointKey(from()) : endpointKey(to);
    this.#conns.set(k, sock);
    const deframer = this.#framing.deframer();
    sock.setNoDelay(true);
    sock.on("data", (chunk) => {
      let frames: Uint8Array[];
      try {
        frames = deframer.push(new Uint8Array(chunk));
      } catch (err) {
        this.#handlers?.malformed(from(), "stream", err);
        sock.destroy();
        return;
      }
      for (const f of frames) this.#handlers?.frame(f, from(), "stream");
    });
    // An outgoing connection that fails (refused, reset) is reported, so waiting requests fail at once.
    sock.on("error", (err) => {
      if (to !== undefined) this.#handlers?.unreachable?.(to, "stream", err.message);
    });
    sock.on("close", () => {
      if (this.#conns.get(k) === sock) this.#conns.delete(k);
    });
  }

  send(to: Endpoint, channel: Channel, frame: Uint8Array): void {
    if (this.#handlers === undefined) return;
    if (channel === "datagram") {
      this.#outbox.push({ to, frame });
      if (this.#outbox.length === 1) setImmediate(() => this.#flush());
      return;
    }
    const key = endpointKey(to);
    const waiting = this.#handshaking.get(key);
    if (waiting !== undefined) return void waiting.push(frame);
    let sock = this.#conns.get(key);
    if (sock === undefined || sock.destroyed) {
      if (this.#tls !== undefined) return this.#openTls(this.#tls, to, key, frame);
      sock = createConnection({ host: to.ip, port: to.port, localAddress: this.ip });
      this.#adopt(sock, to);
    }
    this.#write(sock, frame);
  }

  #write(sock: Socket, frame: Uint8Array): void {
    if (sock.writableLength > MAX_QUEUED_BYTES) return;
    sock.write(this.#framing.wrap(frame));
  }

  /** A TLS stream: frames wait for a trusted handshake; an untrusted server gets none of them. */
  #openTls(tls: TlsPolicy, to: Endpoint, key: string, first: Uint8Array): void {
    const waiting = [first];
    this.#handshaking.set(key, waiting);
    openTls(
      tls,
      to,
      this.ip,
      (sock) => {
        this.#handshaking.delete(key);
        if (this.#handlers === undefined) return void sock.destroy();
        this.#adopt(sock, to);
        for (const f of waiting) this.#write(sock, f);
      },
      (reason) => {
        if (this.#handshaking.get(key) !== waiting) return;
        this.#handshaking.delete(key);
        this.#handlers?.unreachable?.(to, "stream", reason);
      },
    );
  }

  /**
   * Sends the datagrams of one event-loop turn back to back. A peer that has gone to sleep is woken once for the
   * batch instead of once per datagram: a Master answering 32 registrar responses in one turn sends its 32 requests
   * together (docs/performance.md "SIP registration"). Without a callback, node reports a failed send as the socket's
   * "error" event, ignored: datagrams are best effort.
   */
  #flush(): void {
    const sock = this.#udp[0];
    const batch = this.#outbox.splice(0);
    if (this.#handlers === undefined || sock === undefined) return;
    for (const { to, frame } of batch) sock.send(frame, to.port, to.ip);
  }

  disconnect(to: Endpoint): void {
    const key = endpointKey(to);
    this.#conns.get(key)?.resetAndDestroy();
    this.#conns.delete(key);
  }

  async close(): Promise<void> {
    this.#flush(); // a goodbye sent just before closing still leaves
    this.#handlers = undefined;
    for (const s of this.#conns.values()) s.destroy();
    this.#conns.clear();
    await Promise.all(this.#udp.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
    await Promise.all(this.#servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}
