import type { DetailedPeerCertificate, TLSSocket } from "node:tls";
import type { TlsDirection, TlsPeer, TlsPolicy } from "../../wire/Transport.js";

/**
 * The device's verdict on the chain `peer` presented in a finished handshake, the same for its TLS clients (`out`, the
 * server's chain) and its servers (`in`, a client's chain): undefined when it validated against the trust list and
 * passed the §4.7.2.1 key usage check for its role, else the reason, after the chain went to the rejected list
 * (§4.1.10.2) with its alarm. Sockets run with `rejectUnauthorized: false` and are judged here, because Node drops the
 * peer's chain with a socket it aborts, and the rejected list needs it; the caller sends nothing on a refused socket.
 * A trusted server's first answer tells the policy that it took the device's side of the handshake (`acceptedBy`):
 * under TLS 1.3 a server judges the client's certificate after the client is done. (A client that took it finished
 * the handshake with one of the device's servers: tlsServer.ts tells the policy so.)
 */
export function judgePeer(
  policy: TlsPolicy,
  sock: TLSSocket,
  peer: TlsPeer,
  direction: TlsDirection,
): string | undefined {
  const chain = peerChain(sock.getPeerCertificate(true));
  const leaf = chain[0] ?? new Uint8Array(0);
  const problem = !sock.authorized
    ? undefined
    : direction === "out"
      ? policy.serverProblem(leaf)
      : policy.clientProblem(leaf);
  if (sock.authorized && problem === undefined) {
    policy.accepted(peer);
    if (direction === "out") sock.once("data", () => policy.acceptedBy(peer));
    return undefined;
  }
  const reason = problem === undefined ? String(sock.authorizationError) : `INVALID_PURPOSE: ${problem}`;
  policy.rejected(chain, reason, peer, direction);
  return reason;
}

/** The peer's chain as DER, leaf first; Node links a self-issued root to itself. */
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
