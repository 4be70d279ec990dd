import { createServer, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { listening } from "./listening.js";
import { deviceTlsServer, trustedClient } from "./tlsServer.js";
import type { TlsPolicy } from "../../wire/Transport.js";

/**
 * The node:http adapter for the management API; one server per device, on the device's own address. With `tls` it
 * is HTTPS (§4.9.3): the device certificate and key, the TLS profile's versions and ciphers, followed without a
 * restart, and the clients' TLS alerts reported (deviceTlsServer). With `mutual` (§4.9.3 "Mutual TLS") it asks the
 * client for a certificate: a chain the trust list refuses closes the connection and goes to the rejected list; a
 * trusted one's Subject Alternative Names reach the login (§4.1.7).
 */
export async function startHttpServer(
  host: string,
  port: number,
  serve: RequestListener,
  tls?: { readonly policy: () => TlsPolicy | undefined; readonly mutual: boolean },
  allowed: Allowed = () => true,
): Promise<Server> {
  const server = tls === undefined ? createServer(serve) : httpsServer(tls.policy, serve, tls.mutual);
  return listen(server, host, port, allowed);
}

/** §4.9.3 "Allowed stations": whether a client at this address may reach the web server (read at each connection). */
export type Allowed = (address: string) => boolean;

/** Listens; a client that is no allowed station loses its connection before a byte of it is read. */
async function listen(server: Server, host: string, port: number, allowed: Allowed): Promise<Server> {
  server.on("connection", (sock: Socket) => {
    if (!allowed(sock.remoteAddress ?? "")) sock.destroy();
  });
  await listening(server, (ready) => server.listen({ host, port }, ready));
  return server;
}

/**
 * §4.9.3 "Redirect HTTP to HTTPS": every plain HTTP request is answered 301 to the same path on HTTPS, before its
 * body is read and before any login, so no credential crosses the LAN in clear text.
 */
export async function startHttpsRedirect(
  host: string,
  port: number,
  httpsPort: number,
  allowed: Allowed = () => true,
): Promise<Server> {
  const server = createServer((req, res) => {
    const authority = httpsPort === 443 ? host : `${host}:${httpsPort}`;
    res.writeHead(301, { location: `https://${authority}${req.url ?? "/"}`, connection: "close" });
    res.end();
    req.destroy();
  });
  return listen(server, host, port, allowed);
}

function httpsServer(policy: () => TlsPolicy | undefined, serve: RequestListener, mutual: boolean): Server {
  return deviceTlsServer("https", policy, (options) => {
    // Asked, not required: a browser without a certificate still reaches the login page (§4.1.7).
    const server = createHttpsServer(
      { ...options, ...(mutual ? { requestCert: true, rejectUnauthorized: false } : {}) },
      serve,
    );
    if (mutual)
      server.on("secureConnection", (sock: TLSSocket) => {
        const p = policy();
        if (p !== undefined && !trustedClient("https", p, sock)) sock.destroy();
      });
    return server;
  });
}
