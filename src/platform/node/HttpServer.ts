import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { TLSSocket } from "node:tls";
import { guiAsset } from "./guiAssets.js";
import { listening } from "./listening.js";
import { deviceTlsServer, trustedClient } from "./tlsServer.js";
import type { ApiGate } from "../../mgmt/api.js";
import type { ApiHead, ApiResponse } from "../../mgmt/route.js";
import type { TlsPolicy } from "../../wire/Transport.js";

/** The API's decision on a request from its head (mgmt/api.ts `apiGate`). */
export type GateFn = (head: ApiHead) => Promise<ApiGate>;

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
  gate: GateFn,
  onError: (err: unknown) => void,
  tls?: { readonly policy: () => TlsPolicy | undefined; readonly mutual: boolean },
): Promise<Server> {
  const serve = apiHandler(gate, onError);
  const server = tls === undefined ? createServer(serve) : httpsServer(tls.policy, serve, tls.mutual);
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

function httpsServer(
  policy: () => TlsPolicy | undefined,
  serve: ReturnType<typeof apiHandler>,
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

/** The Subject Alternative Names of the client's certificate, judged trusted at the handshake (httpsServer). */
function certificateNames(req: IncomingMessage): readonly string[] | undefined {
  const sock = req.socket as Partial<TLSSocket>;
  if (sock.getPeerCertificate === undefined || sock.authorized !== true) return undefined;
  const san = sock.getPeerCertificate().subjectaltname;
  if (san === undefined) return [];
  // "DNS:a, email:b@REALM, URI:c": the value after the first colon of each entry.
  return san.split(", ").map((entry) => entry.slice(entry.indexOf(":") + 1));
}

function apiHandler(
  gate: GateFn,
  onError: (err: unknown) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const reply = (r: ApiResponse, close = false) => {
      // A document (e.g. the sync tree SVG) goes out as it is; everything else is JSON.
      const raw = r.contentType !== undefined && typeof r.body === "string";
      res.writeHead(r.status, {
        "content-type": raw ? r.contentType! : "application/json",
        ...r.headers,
        ...(close ? { connection: "close" } : {}),
      });
      res.end(raw ? (r.body as string) : JSON.stringify(r.body, null, 2) + "\n");
      // A body left unread is never read: the connection goes once the answer is out.
      if (close) res.once("finish", () => req.destroy());
    };
    const failed = (err: unknown) => {
      onError(err);
      reply({ status: 500, body: { error: { code: "INTERNAL", message: "internal error (logged)" } } }, true);
    };
    const url = new URL(req.url ?? "/", "http://device");
    const asset = req.method === "GET" ? guiAsset(url.pathname) : undefined;
    if (asset !== undefined) return void res.writeHead(200, asset.headers).end(asset.body);
    const head: ApiHead = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
      source: (req.socket.remoteAddress ?? "?").replace(/^::ffff:/, ""),
      certificateNames: certificateNames(req),
      secure: "encrypted" in req.socket,
    };
    gate(head).then((g) => {
      if ("answer" in g) {
        // Nothing of the body is read: the connection closes after the answer.
        reply(g.answer, true);
        return;
      }
      readBody(req, g.maxBody).then(
        (body) =>
          body === undefined
            ? reply(
                {
                  status: 413,
                  body: { error: { code: "TOO_LARGE", message: `request body over ${g.maxBody} bytes` } },
                },
                true,
              )
            : g
                .proceed({
                  ...head,
                  body: body.toString("utf8"),
                  bytes: new Uint8Array(body.buffer, body.byteOffset, body.length),
                })
                .then((r) => reply(r), failed),
        failed,
      );
    }, failed);
  };
}

/** The body, or undefined as soon as it passes `max` bytes (nothing more is read). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= max) return void chunks.push(c);
      req.off("data", onData);
      req.pause();
      resolve(undefined);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
