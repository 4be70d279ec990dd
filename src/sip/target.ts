import type { Channel, Endpoint } from "../wire/Transport.js";

/** How a SIP message travels (RFC 3261 §18); TLS comes with the certificates issue. */
export type SipTransportName = "udp" | "tcp" | "tls";

/** A registrar (proxy) as the agent sends to it: an address, a port and a transport. */
export interface SipTarget {
  readonly ip: string;
  readonly port: number;
  readonly transport: SipTransportName;
}

export const targetKey = (t: SipTarget): string => `${t.transport}:${t.ip}:${t.port}`;

/** Our Transport's channel for a SIP transport: datagrams for UDP, streams (connections) for TCP and TLS. */
export const channelOf = (t: SipTransportName): Channel => (t === "udp" ? "datagram" : "stream");

export const endpointOf = (t: SipTarget): Endpoint => ({ ip: t.ip, port: t.port });

/** The Via transport token (RFC 3261 §20.42). */
export const viaTransport = (t: SipTransportName): string => t.toUpperCase();
