import { createConnection } from "node:net";
import { connect, type TLSSocket } from "node:tls";
import type { Endpoint, TlsPolicy } from "../../wire/Transport.js";
import { judgePeer } from "./tlsPeer.js";

/**
 * Opens TLS to `to` (the device's TLS options, wire/Transport.ts TlsPolicy) and calls `ready` once the server's chain
 * and name validated against the trust list. A chain that does not validate is handed to `policy.rejected` and the socket is destroyed before anything is sent, so no
 * byte reaches an untrusted server (`judgePeer`). The device presents its own certificate, so a server that asks for
 * one (another device's SIPS or LDAPS) gets mutual TLS.
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
    const reason = judgePeer(policy, sock, to, "out");
    if (reason === undefined) return ready(sock);
    sock.destroy();
    failed(`TLS: the server's certificate is not trusted (${reason})`);
  });
  sock.once("error", (err) => failed(err.message));
  tcp.once("error", (err) => failed(err.message));
  return sock;
}
