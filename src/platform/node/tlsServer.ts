import type { Socket } from "node:net";
import { createServer, type Server as TlsServer, type SecureContextOptions, type TLSSocket } from "node:tls";
import { IoError } from "../../core/errors.js";
import type { TlsPeer, TlsPolicy } from "../../wire/Transport.js";
import { PlatformCode } from "./errors.js";
import { receivedAlert } from "./tlsAlert.js";
import { judgePeer } from "./tlsPeer.js";

/** The device's TLS servers: the first word of their clients' names in alarms and the rejected list (TlsPeer). */
export type TlsService = "https" | "ldaps" | "sips";

/**
 * A TLS server of the device made by `create` from the device's TLS options now, and kept on its current certificate
 * and profile, its clients' alerts reported (`followTlsContext`). `tls` gives the device's policy now (HTTPS asks the
 * device, whose reset makes a new one). `service` names it in the error when the device has no certificate yet: every
 * caller waits for one first (§4.1.10.4.1: "HTTPS is deactivated during the generation").
 */
export function deviceTlsServer<S extends TlsServer>(
  service: TlsService,
  tls: () => TlsPolicy | undefined,
  create: (options: SecureContextOptions) => S,
): S {
  const initial = tls()?.options();
  if (initial === undefined)
    throw new IoError(PlatformCode.TlsNotReady, `${service.toUpperCase()}: the device has no certificate yet`);
  const server = create(initial);
  followTlsContext(server, service, tls, initial);
  return server;
}

/**
 * A device TLS server that asks its clients for a certificate (LDAPS, SIPS; §4.1.10.2). `accept` gets the connections
 * whose client presented none (the service's own login applies) or a chain that validates against the trust list and
 * passes the §4.7.2.1 clientAuth check. Any other chain goes to the rejected list as `in` with the local TLS alarm,
 * source `<service> client <address>` (`judgePeer`), and the connection is closed in the handshake's own callback,
 * before a byte of it is read.
 */
export function mutualTlsServer(service: TlsService, policy: TlsPolicy, accept: (sock: TLSSocket) => void): TlsServer {
  return deviceTlsServer(
    service,
    () => policy,
    // Asked, not required: OpenSSL would abort a client without one and drop the chain the rejected list needs.
    (options) =>
      createServer({ ...options, requestCert: true, rejectUnauthorized: false }, (sock) => {
        if (trustedClient(service, policy, sock)) accept(sock);
        else sock.destroy();
      }),
  );
}

/**
 * Whether a client of a server that asks for certificates may go on: it presented none, or a chain that the trust
 * list and the §4.7.2.1 clientAuth check accept; any other chain goes to the rejected list (`judgePeer`).
 */
export function trustedClient(service: TlsService, policy: TlsPolicy, sock: TLSSocket): boolean {
  if (sock.getPeerCertificate().raw === undefined) return true;
  return judgePeer(policy, sock, clientPeer(service, sock), "in") === undefined;
}

/**
 * Keeps a TLS server on the device's current certificate and TLS profile (§4.1.10, §4.3.3), and tells the device's
 * TLS policy what its clients say of them. `tls` is asked on every TCP accept; its options are the same object while
 * nothing changed (undefined: keep the one in use, e.g. during a reset); a new object becomes the context of the
 * handshakes from then on, so an uploaded certificate, a newly trusted CA or a new profile counts without a restart.
 * A client that ends a handshake with an alert (curl that does not trust the device's CA sends unknown_ca) raises the
 * remote TLS alarm (§6.2 0x000c02xx) with the source `<service> client <address>`; that client's next finished
 * handshake clears it.
 */
function followTlsContext(
  server: TlsServer,
  service: TlsService,
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
 * A client of a device server as the alarms and the rejected list name it. Node may have closed the TLS socket by the
 * time it reports the client's alert (a TLS 1.3 client judges the server's certificate after the server's part of the
 * handshake), and a closed socket only knows its address if it was asked before; the TCP socket it wraps was asked at
 * accept.
 */
function clientPeer(service: TlsService, sock: TLSSocket): TlsPeer {
  const address = sock.remoteAddress ?? (sock as TLSSocket & { _parent?: Socket })._parent?.remoteAddress ?? "?";
  return `${service} client ${address.replace(/^::ffff:/, "")}`;
}
