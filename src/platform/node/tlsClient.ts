import { createConnection } from "node:net";
import { connect, type DetailedPeerCertificate, type TLSSocket } from "node:tls";
import { alertText } from "../../certs/tlsAlerts.js";
import { endpointKey, type Endpoint, type TlsPeer, type TlsPolicy } from "../../wire/Transport.js";
import { receivedAlert } from "./tlsAlert.js";

/**
 * Opens TLS to `to` (the device's TLS options, wire/Transport.ts TlsPolicy) and calls `ready` once the server is
 * trusted (`trustServer`); an untrusted one gets its socket destroyed before anything is sent. The peer is named
 * `address:port`. An alert the server sends is reported (`serverAlert`) and is the failure's reason.
 */
export function openTls(
  policy: TlsPolicy,
  to: Endpoint,
  localAddress: string,
  ready: (sock: TLSSocket) => void,
  failed: (reason: string) => void,
): TLSSocket | undefined {
  const peer = endpointKey(to);
  // The TCP connection leaves from the device's own address; TLS runs over it.
  const tcp = createConnection({ host: to.ip, port: to.port, localAddress });
  const options = policy.options();
  if (options === undefined) {
    failed(NO_CERTIFICATE);
    tcp.destroy();
    return undefined;
  }
  const sock = connect({ ...options, socket: tcp, host: to.ip, rejectUnauthorized: false });
  sock.once("secureConnect", () => {
    const reason = trustServer(policy, sock, peer);
    if (reason === undefined) return ready(sock);
    sock.destroy();
    failed(reason);
  });
  sock.once("error", (err) => failed(serverAlert(policy, err, peer) ?? err.message));
  tcp.once("error", (err) => failed(err.message));
  return sock;
}

/** Why a TLS client cannot start: the device has no certificate yet. */
export const NO_CERTIFICATE = "TLS: the device has no certificate yet (§4.1.10.4.1: it is being made)";

/**
 * The device's verdict on a server after the handshake of `sock`, made with `rejectUnauthorized: false`: undefined
 * when its chain and name validated against the trust list and its certificate may serve as a server (§4.7.2.1 key
 * usage), else why not, after the chain went to the rejected list (§4.1.10.2) with its alarm. The check is ours rather
 * than `rejectUnauthorized`'s because Node drops the peer's chain with a socket it aborts, and the rejected list needs
 * it. The caller sends nothing on a refused socket. A trusted server's first answer tells the policy that it took the
 * device's side of the handshake: under TLS 1.3 a server judges the client's certificate after the client is done.
 */
export function trustServer(policy: TlsPolicy, sock: TLSSocket, peer: TlsPeer): string | undefined {
  const chain = peerChain(sock.getPeerCertificate(true));
  const problem = sock.authorized ? policy.serverProblem(chain[0] ?? new Uint8Array(0)) : undefined;
  if (sock.authorized && problem === undefined) {
    policy.accepted(peer);
    sock.once("data", () => policy.acceptedBy(peer));
    return undefined;
  }
  const reason = problem === undefined ? String(sock.authorizationError) : `INVALID_PURPOSE: ${problem}`;
  policy.rejected(chain, reason, peer);
  return `TLS: the server's certificate is not trusted (${reason})`;
}

/**
 * Reports `err` to the policy when it is an alert the server sent (§6.2 0x000c02xx), and says so for the failure's
 * reason; undefined for any other error.
 */
export function serverAlert(policy: TlsPolicy, err: unknown, peer: TlsPeer): string | undefined {
  const alert = receivedAlert(err);
  if (alert === undefined) return undefined;
  policy.peerAlert(alert, peer);
  return `TLS: the server sent the alert ${alertText(alert)}`;
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
