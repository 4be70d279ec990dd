import type { Socket } from "node:net";
import type { Server as TlsServer, SecureContextOptions, TLSSocket } from "node:tls";
import type { TlsPeer, TlsPolicy } from "../../wire/Transport.js";
import { receivedAlert } from "./tlsAlert.js";

/**
 * Keeps a TLS server of the device (`service`: https, ldaps) on the device's current certificate and TLS profile
 * (§4.1.10, §4.3.3), and tells the device's TLS policy what its clients say of them. `tls` is asked on every TCP
 * accept; its options are the same object while nothing changed (undefined: keep the one in use, e.g. during a
 * reset); a new object becomes the context of the handshakes from then on, so an uploaded certificate or a new
 * profile counts without a restart. A client that ends a handshake with an alert (curl that does not trust the
 * device's CA sends unknown_ca) raises the remote TLS alarm (§6.2 0x000c02xx) with the source
 * `<service> client <address>`; that client's next finished handshake clears it.
 */
export function followTlsContext(
  server: TlsServer,
  service: string,
  tls: () => TlsPolicy | undefined,
  initial: SecureContextOptions,
): void {
  let current = initial;
  // Ours runs before the TLS server's own "connection" listener wraps the socket in the context it has.
  server.prependListener("connection", (tcp: Socket) => {
    // Asked now, while the socket is open: a client's alert may come after Node closed it (clientPeer).
    void tcp.remoteAddress;
    const next = tls()?.options();
    if (next === undefined || next === current) return;
    current = next;
    server.setSecureContext(next);
  });
  server.on("tlsClientError", (err, sock) => {
    const alert = receivedAlert(err);
    if (alert !== undefined) tls()?.peerAlert(alert, clientPeer(service, sock));
  });
  server.on("secureConnection", (sock: TLSSocket) => tls()?.acceptedBy(clientPeer(service, sock)));
}

/**
 * A client of a device server as the alarms name it. Node may have closed the TLS socket by the time it reports the
 * client's alert (a TLS 1.3 client judges the server's certificate after the server's part of the handshake), and a
 * closed socket only knows its address if it was asked before; the TCP socket it wraps was asked at accept.
 */
function clientPeer(service: string, sock: TLSSocket): TlsPeer {
  const address = sock.remoteAddress ?? (sock as TLSSocket & { _parent?: Socket })._parent?.remoteAddress ?? "?";
  return `${service} client ${address.replace(/^::ffff:/, "")}`;
}
