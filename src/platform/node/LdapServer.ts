import { createServer, type Socket } from "node:net";
import type { Server as TlsServer } from "node:tls";
import type { Logger } from "../../core/Logger.js";
import { LdapFramer } from "../../ldap/framer.js";
import type { LdapListen } from "../../ldap/listener.js";
import type { LdapSession, Reply } from "../../ldap/LdapSession.js";
import { LDAP_MAX_CONNECTIONS } from "../../ldap/limits.js";
import { LdapjsDecoder } from "./ldapjsAdapter.js";
import type { TlsPolicy } from "../../wire/Transport.js";
import { listening } from "./listening.js";
import { mutualTlsServer } from "./tlsServer.js";

/**
 * The LDAP server's TCP side (§4.5.1, App. H port 389, or LDAPS on 636 with `tls`): per connection a framer (whole messages, size limit), the
 * ldapjs decoder and a session of the service. Requests of one connection are answered in order. Reading pauses
 * while the client does not take its answers, so a client that only sends cannot make the node buffer without
 * bound. Bad bytes end that connection only.
 */
export const listenLdap: LdapListen = async (ip, port, service, log, tls) => {
  const sockets = new Set<Socket>();
  const accept = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serve(socket, service.open((socket.remoteAddress ?? "?").replace(/^::ffff:/, "")), log);
  };
  const server = tls === undefined ? createServer(accept) : ldapsServer(tls, accept, log);
  server.maxConnections = LDAP_MAX_CONNECTIONS;
  await listening(server, (ready) => server.listen({ host: ip, port }, ready));
  server.on("error", (err) => log.log("error", "ldap server error", { error: String(err) }));
  return {
    ip,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
};

/**
 * LDAPS: the same service inside TLS with the device certificate and profile. A client certificate is asked for and,
 * when one is presented, must validate against the trust list (mutualTlsServer); a failed handshake ends that socket.
 */
function ldapsServer(tls: TlsPolicy, accept: (socket: Socket) => void, log: Logger): TlsServer {
  const server = mutualTlsServer("ldaps", tls, accept);
  server.on("tlsClientError", (err) => log.log("warn", "ldaps handshake failed", { error: err.message }));
  return server;
}

function serve(socket: Socket, session: LdapSession, log: Logger): void {
  const framer = new LdapFramer();
  const decoder = new LdapjsDecoder();
  let queue: Promise<void> = Promise.resolve();
  /** No more requests are read once one asked to close (unbind, bad bytes). */
  let reading = true;

  const send = (reply: Reply) => {
    if (socket.destroyed || socket.writableEnded) return;
    socket.cork();
    let full = false;
    for (const f of reply.frames) full = !socket.write(f) || full;
    socket.uncork();
    if (reply.close === true) socket.end(() => socket.destroy());
    else if (full) {
      socket.pause();
      socket.once("drain", () => socket.resume());
    }
  };
  const then = (answer: () => Reply | Promise<Reply>) => {
    queue = queue
      .then(answer)
      .then(send)
      .catch((err: unknown) => {
        log.log("error", "ldap request failed", { error: String(err) });
        socket.destroy();
      });
  };

  socket.on("data", (chunk: Buffer) => {
    if (!reading) return;
    let frames: Uint8Array[];
    try {
      frames = framer.push(chunk);
    } catch (err) {
      reading = false;
      then(() => session.malformed(undefined, (err as Error).message));
      return;
    }
    for (const frame of frames) {
      const req = decoder.decode(frame);
      if (typeof req === "string") {
        const reply = session.malformed(frame, req);
        then(() => reply);
        reading = reply.close !== true;
      } else {
        then(() => session.handle(req));
        reading = req.op !== "unbind";
      }
      if (!reading) break;
    }
  });
  socket.on("error", (err) => log.log("debug", "ldap connection error", { error: String(err) }));
  socket.on("close", () => session.close());
}
