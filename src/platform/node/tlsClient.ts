import { createConnection } from "node:net";
import { connect, type TLSSocket } from "node:tls";
import { alertText } from "../../certs/tlsAlerts.js";
import { endpointKey, type Endpoint, type TlsPeer, type TlsPolicy } from "../../wire/Transport.js";
import { receivedAlert } from "./tlsAlert.js";
import { judgePeer } from "./tlsPeer.js";

/**
 * Opens TLS to `to` (the device's TLS options, wire/Transport.ts TlsPolicy) and calls `ready` once the server is
 * trusted (`trustServer`); an untrusted one gets its socket destroyed before anything is sent. The peer is named
 * `address:port`. The device presents its own certificate, so a server that asks for one (another device's SIPS or
 * LDAPS) gets mutual TLS. An alert the server sends is reported (`serverAlert`) and is the failure's reason. With
 * `verify` false ("Allow untrusted", §4.9.2 SYSLOG-TLS) any server is taken and nothing goes to the rejected list.
 */
export function openTls(
  policy: TlsPolicy,
  to: Endpoint,
  localAddress: string,
  ready: (sock: TLSSocket) => void,
  failed: (reason: string) => void,
  verify = true,
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
    const reason = verify ? trustServer(policy, sock, peer) : undefined;
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
 * The device's verdict on the server `peer` after the handshake of `sock` (`judgePeer`, direction `out`), for every
 * TLS client of the device (SIP/TLS, ldaps): undefined when trusted, else the failure's reason. The caller sends
 * nothing on a refused socket.
 */
export function trustServer(policy: TlsPolicy, sock: TLSSocket, peer: TlsPeer): string | undefined {
  const reason = judgePeer(policy, sock, peer, "out");
  return reason === undefined ? undefined : `TLS: the server's certificate is not trusted (${reason})`;
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
