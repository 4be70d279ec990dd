import { createServer, type Server as TlsServer, type SecureContextOptions, type TLSSocket } from "node:tls";
import { IoError } from "../../core/errors.js";
import type { TlsPolicy } from "../../wire/Transport.js";
import { PlatformCode } from "./errors.js";
import { judgePeer } from "./tlsPeer.js";

/**
 * A TLS server of the device (HTTPS, LDAPS, SIPS) made by `create` from the device's TLS options now, and kept on its
 * current certificate and profile (`followTlsContext`). `service` names it in the error when the device has no
 * certificate yet: every caller waits for one first (§4.1.10.4.1: "HTTPS is deactivated during the generation").
 */
export function deviceTlsServer<S extends TlsServer>(
  service: string,
  tls: () => SecureContextOptions | undefined,
  create: (options: SecureContextOptions) => S,
): S {
  const initial = tls();
  if (initial === undefined)
    throw new IoError(PlatformCode.TlsNotReady, `${service}: the device has no certificate yet`);
  const server = create(initial);
  followTlsContext(server, tls, initial);
  return server;
}

/**
 * A device TLS server that asks its clients for a certificate (LDAPS, SIPS; §4.1.10.2). `accept` gets the connections
 * whose client presented none (the service's own login applies) or a chain that validates against the trust list and
 * passes the §4.7.2.1 clientAuth check. Any other chain goes to the rejected list as `in` with the local TLS alarm
 * (`judgePeer`), and the connection is closed in the handshake's own callback, before a byte of it is read.
 */
export function mutualTlsServer(service: string, policy: TlsPolicy, accept: (sock: TLSSocket) => void): TlsServer {
  return deviceTlsServer(
    service,
    () => policy.options(),
    // Asked, not required: OpenSSL would abort a client without one and drop the chain the rejected list needs.
    (options) =>
      createServer({ ...options, requestCert: true, rejectUnauthorized: false }, (sock) => {
        if (sock.getPeerCertificate().raw === undefined) return accept(sock);
        const peer = { ip: sock.remoteAddress?.replace(/^::ffff:/, "") ?? "?", port: sock.remotePort ?? 0 };
        if (judgePeer(policy, sock, peer, "in") === undefined) return accept(sock);
        sock.destroy();
      }),
  );
}

/**
 * Keeps a TLS server on the device's current certificate and TLS profile (§4.1.10, §4.3.3): `tls` is asked on every
 * TCP accept and returns the same object while nothing changed (undefined: keep the one in use, e.g. during a reset);
 * a new object becomes the context of the handshakes from then on, so an uploaded certificate, a newly trusted CA or
 * a new profile counts without a restart.
 */
function followTlsContext(
  server: TlsServer,
  tls: () => SecureContextOptions | undefined,
  initial: SecureContextOptions,
): void {
  let current = initial;
  // Ours runs before the TLS server's own "connection" listener wraps the socket in the context it has.
  server.prependListener("connection", () => {
    const next = tls();
    if (next === undefined || next === current) return;
    current = next;
    server.setSecureContext(next);
  });
}
