import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { TLSSocket } from "node:tls";
import { listening } from "./listening.js";
import { deviceTlsServer, trustedClient } from "./tlsServer.js";
import type { ApiContext } from "../../mgmt/route.js";
import { apiApp, type ApiTarget } from "./httpApi.js";
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
  ctx: ApiContext,
  onError: (err: unknown) => void,
  tls?: { readonly policy: () => TlsPolicy | undefined; readonly mutual: boolean },
): Promise<Server> {
  const app = await sharedApp();
  const target: ApiTarget = { ctx, onError };
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    targets.set(req, target);
    app.handle(req, res);
  };
  const server = tls === undefined ? createServer(serve) : httpsServer(tls.policy, serve, tls.mutual);
  for (const l of app.clientError) server.on("clientError", l);
  await listening(server, (ready) => server.listen({ host, port }, ready));
  return server;
}

/** Each request and the device whose server took it, for the shared application. */
const targets = new WeakMap<IncomingMessage, ApiTarget>();
let shared: Promise<{ handle: RequestListener; clientError: ((...args: unknown[]) => void)[] }> | undefined;

/**
 * One Fastify application for every device of the process, built at the first server. Building one compiles every
 * route's JSON Schemas, about 250 ms of CPU and 2 MB of heap: one per server made a node of 1023 radios (an HTTP and
 * an HTTPS server each) take 5 minutes to start and hold 2.9 GB (docs/performance.md "Management API under load").
 * Each device keeps its own server on its own address; the server tags a request with its device, and the
 * application answers as that device. Fastify's handler for malformed requests goes on every server.
 */
function sharedApp() {
  shared ??= (async () => {
    let handle: RequestListener | undefined;
    const unused = createServer();
    await apiApp(
      (req) => targets.get(req)!,
      (h) => ((handle = h), unused),
    );
    return { handle: handle!, clientError: unused.listeners("clientError") as ((...args: unknown[]) => void)[] };
  })();
  return shared;
}

/**
 * §4.9.3 "Redirect HTTP to HTTPS": every plain HTTP request is answered 301 to the same path on HTTPS, before its
 * body is read and before any login, so no credential crosses the LAN in clear text.
 */
export async function startHttpsRedirect(host: string, port: number, httpsPort: number): Promise<Server> {
  const server = createServer((req, res) => {
    const authority = httpsPort === 443 ? host : `${host}:${httpsPort}`;
    res.writeHead(301, { location: `https://${authority}${req.url ?? "/"}`, connection: "close" });
    res.end();
    req.destroy();
  });
  await listening(server, (ready) => server.listen({ host, port }, ready));
  return server;
}

function httpsServer(
  policy: () => TlsPolicy | undefined,
  serve: (req: IncomingMessage, res: ServerResponse) => void,
  mutual: boolean,
): Server {
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
