import { createServer, type Server, type Socket } from "node:net";
import type { Server as TlsServer, TLSSocket } from "node:tls";
import type { Logger } from "../../core/Logger.js";
import { LdapFramer } from "../../ldap/framer.js";
import type { LdapListen } from "../../ldap/listener.js";
import type { LdapService } from "../../ldap/LdapService.js";
import type { LdapSession, Reply } from "../../ldap/LdapSession.js";
import { LdapjsDecoder } from "./ldapjsAdapter.js";
import type { TlsPolicy } from "../../wire/Transport.js";
import { listening } from "./listening.js";
import { mutualTlsServer } from "./tlsServer.js";

/**
 * The LDAP server's TCP side (§4.5.1, App. H port 389, or LDAPS on 636 with `tls`): per connection a framer (whole
 * messages, size limit), the ldapjs decoder and a session of the service. Requests of one connection are answered in
 * order. Reading pauses while the client does not take its answers, so a client that only sends cannot make the node
 * buffer without bound. Bad bytes end that connection only. Each TCP connection asks the service for a slot first
 * (limits.ts: 256 in all, 32 per client address) and is closed at once without one; for LDAPS before its handshake,
 * so handshakes that never finish hold slots too and the session's idle watch closes them.
 */
export const listenLdap: LdapListen = async (ip, port, service, log, tls) => {
  const sockets = new Set<Socket>();
  /** LDAPS: admitted connections whose TLS handshake is still running, by the client's address and port. */
  const handshaking = new Map<string, Admitted>();
  const connection = (tcp: Socket): Admitted | undefined => {
    const admitted = admit(tcp, service, log);
    if (admitted === undefined) return undefined;
    sockets.add(tcp);
    tcp.on("close", () => sockets.delete(tcp));
    return admitted;
  };
  let server: Server | TlsServer;
  if (tls === undefined) server = createServer((tcp) => connection(tcp)?.serve(tcp));
  else {
    server = ldapsServer(tls, log, (sock) => {
      const admitted = handshaking.get(peerKey(sock));
      if (admitted === undefined) return sock.destroy();
      handshaking.delete(peerKey(sock));
      admitted.serve(sock);
    });
    // Before the TLS server's own listener, so a refused connection is closed before a handshake starts.
    server.prependListener("connection", (tcp: Socket) => {
      const admitted = connection(tcp);
      if (admitted === undefined) return;
      const key = peerKey(tcp);
      handshaking.set(key, admitted);
      tcp.on("close", () => handshaking.delete(key));
    });
  }
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

/** A TCP connection the service gave a slot and a session: served on the TCP socket or, for LDAPS, its TLS socket. */
interface Admitted {
  serve(socket: Socket): void;
}

/** A slot and a session for `tcp`, or undefined: refused (limits.ts), and `tcp` closed at once. */
function admit(tcp: Socket, service: LdapService, log: Logger): Admitted | undefined {
  /** Where the session's requests come from: `tcp`, or the TLS socket over it once its handshake is done. */
  let current: Socket = tcp;
  const session = service.open(clientAddress(tcp), () => current.destroy());
  if (session === undefined) {
    tcp.destroy();
    return undefined;
  }
  // The TCP socket closes in every case (TLS or not, either side ending it), so the slot is always given back.
  tcp.on("close", () => session.close());
  return {
    serve: (socket) => {
      current = socket;
      serve(socket, session, log);
    },
  };
}

/** The client's address as a slot counts it: an IPv4 client on a dual-stack socket as its IPv4 address. */
const clientAddress = (sock: Socket) => (sock.remoteAddress ?? "?").replace(/^::ffff:/, "");
/** A TCP connection to this listener, the same for the TCP socket and the TLS socket over it. */
const peerKey = (sock: Socket) => `${sock.remoteAddress ?? "?"}|${sock.remotePort ?? 0}`;

/**
 * LDAPS: the same service inside TLS with the device certificate and profile. A client certificate is asked for and,
 * when one is presented, must validate against the trust list (mutualTlsServer); a failed handshake ends that socket.
 * A handshake cut by a reset (a client gone, or a connection refused or left idle here) is no TLS failure to warn of.
 */
function ldapsServer(tls: TlsPolicy, log: Logger, accept: (socket: TLSSocket) => void): TlsServer {
  const server = mutualTlsServer("ldaps", tls, accept);
  server.on("tlsClientError", (err: NodeJS.ErrnoException) =>
    log.log(err.code === "ECONNRESET" ? "debug" : "warn", "ldaps handshake failed", { error: err.message }),
  );
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
}
