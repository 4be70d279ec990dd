/** Where a frame goes to or comes from. */
export interface Endpoint {
  readonly ip: string;
  readonly port: number;
}

/**
 * `datagram`: UDP semantics (may be lost, duplicated, reordered). `stream`: TCP semantics (ordered, no loss while
 * the path works; frames sent while it is broken are dropped, as a reset connection would).
 */
export type Channel = "datagram" | "stream";

export interface FrameHandlers {
  /** One complete frame (not yet decoded). */
  frame(frame: Uint8Array, from: Endpoint, channel: Channel): void;
  /** Bytes that cannot be cut into frames (a broken stream); the transport has closed that stream. */
  malformed(from: Endpoint, channel: Channel, err: unknown): void;
  /** Our stream to `to` could not be opened or broke with an error (connection refused, reset): nothing more arrives. */
  unreachable?(to: Endpoint, channel: Channel, reason: string): void;
}

/** Ports a device listens on. Stream replies come back over the connection the request went out on. */
export interface Listen {
  readonly datagram: readonly number[];
  readonly stream: readonly number[];
  /** Multicast groups to join (group address and port); datagrams sent to a group reach every member. */
  readonly groups?: readonly Endpoint[];
}

/**
 * A device's network attachment: one IP address, its listening ports, and a send primitive. The node world uses
 * sockets (platform/node/SocketTransport); the sim world an in-memory network (sim/MemoryNetwork).
 */
export interface Transport {
  readonly ip: string;
  open(listen: Listen, handlers: FrameHandlers): Promise<void>;
  /** Best effort; never throws for network conditions (a failure is the same as a loss). */
  send(to: Endpoint, channel: Channel, frame: Uint8Array): void;
  /**
   * Aborts our stream to `to` (a TCP reset): frames still queued or being retransmitted on it are never delivered.
   * The next send opens a new stream.
   */
  disconnect(to: Endpoint): void;
  close(): Promise<void>;
}

/**
 * The TLS options of a device now (its certificate store, §4.1.10): its key and chain (PEM), the trust list as the
 * only CAs, and the TLS profile's lowest version and ciphers (§4.3.3, App. K).
 */
export interface TlsOptions {
  readonly key: string;
  readonly cert: string;
  readonly ca: string[];
  readonly minVersion: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  readonly ciphers: string;
}

/**
 * Which end of a TLS connection the device is (§4.1.10.2: the rejected list holds chains refused "in" and "out"):
 * `out` when it connected to a server, `in` when a client connected to one of its servers (SIPS, LDAPS).
 */
export type TlsDirection = "in" | "out";

/**
 * A TLS peer as the device's alarms (§6.2 source) and rejected list (§4.1.10.2) name it: a server by its address and
 * port, with the service in front where the port alone would not say it (`ldaps ad.example.com:636`); a client of
 * one of the device's servers by service and address (`https client 10.0.0.7`, `sips client 10.0.0.7`), since its
 * port is new on every connection and a client that retries would otherwise raise one alarm per attempt.
 */
export type TlsPeer = string;

/**
 * What a transport's TLS streams trust and present, and where a refused chain goes (the rejected list, §4.1.10.2).
 * Servers ask their clients for a certificate: one that does not validate is refused like a server's, none at all is
 * taken (the service's own login applies).
 */
export interface TlsPolicy {
  /** Undefined while the device has no certificate yet; the same object while nothing changed. */
  options(): TlsOptions | undefined;
  /** Resolves once the device has a certificate (§4.1.10.4.1: the default one is made at first start). */
  ready(): Promise<void>;
  /** The `peer`'s chain (DER, leaf first) did not validate; `reason` as OpenSSL says it. */
  rejected(chain: readonly Uint8Array[], reason: string, peer: TlsPeer, direction: TlsDirection): void;
  /** A handshake with `peer` validated its chain. */
  accepted(peer: TlsPeer): void;
  /**
   * A further check of a validated server certificate (DER): why it may not serve as a server, or undefined
   * (§4.7.2.1 key usage). A reason refuses the connection like a chain that does not validate.
   */
  serverProblem(leaf: Uint8Array): string | undefined;
  /** The same check for a validated client certificate (§4.7.2.1: clientAuth). */
  clientProblem(leaf: Uint8Array): string | undefined;
  /** `peer` ended a handshake or connection with a TLS alert: the AlertDescription it sent (RFC 8446 §6). */
  peerAlert(alert: number, peer: TlsPeer): void;
  /**
   * `peer` took the device's side of a handshake (its certificate, its ciphers): a client finished the handshake with
   * one of the device's servers, or a server the device connected to answered after it.
   */
  acceptedBy(peer: TlsPeer): void;
}

export const endpointKey = (e: Endpoint): string => `${e.ip}:${e.port}`;
