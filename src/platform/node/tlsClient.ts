import { X509Certificate } from "node:crypto";
import { createConnection } from "node:net";
import { connect, type ConnectionOptions, type DetailedPeerCertificate, type TLSSocket } from "node:tls";
import type { Endpoint } from "../../wire/Transport.js";

/**
 * How a device opens TLS to a server it calls (SIP/TLS to the PBX, §4.6.23; later syslog-TLS and ldaps): the trust
 * list and profile as Node TLS options, and where a refused chain goes (the rejected list, §4.1.10).
 */
export interface TlsClient {
  /** `ca` (the trust list), `minVersion`/`ciphers` (the TLS profile), and `key`/`cert` for mutual TLS. */
  readonly options: () => ConnectionOptions;
  /** The server's chain (PEM, leaf first) did not validate: `reason` is OpenSSL's, e.g. `SELF_SIGNED_CERT_IN_CHAIN`. */
  readonly rejected: (chain: readonly string[], reason: string) => void;
}

/**
 * Opens TLS to `to` and calls `ready` once the server's chain and name validated against the trust list. A chain
 * that does not validate is handed to `client.rejected` and the socket is destroyed before anything is sent, so no
 * byte reaches an untrusted server. The check is ours rather than `rejectUnauthorized`'s because Node drops the
 * peer's chain with the socket, and the rejected list needs it.
 */
export function openTls(
  client: TlsClient,
  to: Endpoint,
  localAddress: string,
  ready: (sock: TLSSocket) => void,
  failed: (reason: string) => void,
): TLSSocket {
  // The TCP connection leaves from the device's own address; TLS runs over it.
  const tcp = createConnection({ host: to.ip, port: to.port, localAddress });
  const sock = connect({ ...client.options(), socket: tcp, host: to.ip, rejectUnauthorized: false });
  sock.once("secureConnect", () => {
    if (sock.authorized) return ready(sock);
    const reason = String(sock.authorizationError);
    client.rejected(peerChain(sock.getPeerCertificate(true)), reason);
    sock.destroy();
    failed(`TLS: the server's certificate is not trusted (${reason})`);
  });
  sock.once("error", (err) => failed(err.message));
  tcp.once("error", (err) => failed(err.message));
  return sock;
}

/** The server's chain as PEM, leaf first; Node links a self-issued root to itself. */
function peerChain(leaf: DetailedPeerCertificate): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let c: DetailedPeerCertificate | undefined = leaf; c?.raw !== undefined; c = c.issuerCertificate) {
    if (seen.has(c.fingerprint256)) break;
    seen.add(c.fingerprint256);
    chain.push(new X509Certificate(c.raw).toString());
  }
  return chain;
}
