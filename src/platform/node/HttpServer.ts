import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { listening } from "./listening.js";
import { deviceTlsServer } from "./tlsServer.js";
import type { ApiRequest, ApiResponse } from "../../mgmt/api.js";
import type { TlsPolicy } from "../../wire/Transport.js";

/** Requests larger than this are refused (413) before they are read into memory. */
const MAX_BODY = 1 << 20;

/**
 * The node:http adapter for the management API; one server per device, on the device's own address. With `tls` it
 * is HTTPS (§4.9.3): the device certificate and key, the TLS profile's versions and ciphers, followed without a
 * restart, and the clients' TLS alerts reported (deviceTlsServer).
 */
export async function startHttpServer(
  host: string,
  port: number,
  handle: (req: ApiRequest) => Promise<ApiResponse>,
  onError: (err: unknown) => void,
  tls?: () => TlsPolicy | undefined,
): Promise<Server> {
  const serve = apiHandler(handle, onError);
  const server = tls === undefined ? createServer(serve) : httpsServer(tls, serve);
  await listening(server, (ready) => server.listen({ host, port }, ready));
  return server;
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

function httpsServer(tls: () => TlsPolicy | undefined, serve: ReturnType<typeof apiHandler>): Server {
  // No client certificate is asked for: admin logins by certificate are §4.1's "require user certificate" (later).
  return deviceTlsServer("https", tls, (options) => createHttpsServer(options, serve));
}

function apiHandler(
  handle: (req: ApiRequest) => Promise<ApiResponse>,
  onError: (err: unknown) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const reply = (r: ApiResponse) => {
      // A document (e.g. the sync tree SVG) goes out as it is; everything else is JSON.
      const raw = r.contentType !== undefined && typeof r.body === "string";
      res.writeHead(r.status, {
        "content-type": raw ? r.contentType! : "application/json",
        ...(r.status === 401 ? { "www-authenticate": 'Basic realm="ipdect"' } : {}),
      });
      res.end(raw ? (r.body as string) : JSON.stringify(r.body, null, 2) + "\n");
    };
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY && !refused) {
        refused = true;
        reply({ status: 413, body: { error: { code: "TOO_LARGE", message: `request body over ${MAX_BODY} bytes` } } });
        req.destroy();
      } else if (!refused) chunks.push(c);
    });
    req.on("end", () => {
      if (refused) return;
      const url = new URL(req.url ?? "/", "http://device");
      const body = Buffer.concat(chunks);
      handle({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        body: body.toString("utf8"),
        bytes: new Uint8Array(body.buffer, body.byteOffset, body.length),
      }).then(reply, (err: unknown) => {
        onError(err);
        reply({ status: 500, body: { error: { code: "INTERNAL", message: "internal error (logged)" } } });
      });
    });
  };
}
