import type { Server as TlsServer, SecureContextOptions } from "node:tls";

/**
 * Keeps a TLS server on the device's current certificate and TLS profile (§4.1.10, §4.3.3): `tls` is asked on every
 * TCP accept and returns the same object while nothing changed (undefined: keep the one in use, e.g. during a reset);
 * a new object becomes the context of the handshakes from then on, so an uploaded certificate or a new profile counts
 * without a restart.
 */
export function followTlsContext(
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
