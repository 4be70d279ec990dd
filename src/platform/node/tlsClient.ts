import { createConnection } from "node:net";
import { connect, type DetailedPeerCertificate, type TLSSocket } from "node:tls";
import type { Endpoint, TlsPolicy } from "../../wire/Transport.js";

/**
 * Opens TLS to `to` (the device's TLS options, wire/Transport.ts TlsPolicy) and calls `ready` once the server's chain
 * and name validated against the trust list. A chain that does not validate is handed to `policy.rejected` and the socket is destroyed before anything is sent, so no
 * byte reaches an untrusted server. The check is ours rather than `rejectUnauthorized`'s because Node drops the
 * peer's chain with the socket, and the rejected list needs it.
 */
export function openTls(
  policy: TlsPolicy,
  to: Endpoint,
  localAddress: string,
  ready: (sock: TLSSocket) => void,
  failed: (reason: string) => void,
): TLSSocket | undefined {
  // The TCP connection leaves from the device's own address; TLS runs over it.
  const tcp = createConnection({ host: to.ip, port: to.port, localAddress });
  const options = policy.options();
  if (options === undefined) {
    failed("TLS: the device has no certificate yet (§4.1.10.4.1: it is being made)");
    tcp.destroy();
    return undefined;
  }
  const sock = connect({ ...options, socket: tcp, host: to.ip, rejectUnauthorized: false });
  sock.once("secureConnect", () => {
    const chain = peerChain(sock.getPeerCertificate(true));
    const problem = sock.authorized ? policy.serverProblem(chain[0] ?? new Uint8Array(0)) : undefined;
    if (sock.authorized && problem === undefined) {
      policy.accepted(to);
      return ready(sock);
    }
    const reason = problem === undefined ? String(sock.authorizationError) : `INVALID_PURPOSE: ${problem}`;
    policy.rejected(chain, reason, to);
    sock.destroy();
    failed(`TLS: the server's certificate is not trusted (${reason})`);
  });
  sock.once("error", (err) => failed(err.message));
  tcp.once("error", (err) => failed(err.message));
  return sock;
}

/** The server's chain as DER, leaf first; Node links a self-issued root to itself. */
function peerChain(leaf: DetailedPeerCertificate): Uint8Array[] {
  const chain: Uint8Array[] = [];
  const seen = new Set<string>();
  for (let c: DetailedPeerCertificate | undefined = leaf; c?.raw !== undefined; c = c.issuerCertificate) {
    if (seen.has(c.fingerprint256)) break;
    seen.add(c.fingerprint256);
    chain.push(new Uint8Array(c.raw));
  }
  return chain;
}
