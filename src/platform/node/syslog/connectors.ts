import { createConnection, type Socket } from "node:net";
import type { TlsPolicy, Endpoint } from "../../../wire/Transport.js";
import { NO_CERTIFICATE, openTls } from "../tlsClient.js";

/** Opens a stream to the server; `ready` once it may carry data, `failed` with the reason otherwise (once). */
export type Connector = (ready: (sock: Socket) => void, failed: (reason: string) => void) => Socket | undefined;

/** Plain TCP from the device's own address (RFC 6587; HTTP). */
export function tcpConnector(from: string, to: Endpoint): Connector {
  return (ready, failed) => {
    const sock = createConnection({ host: to.ip, port: to.port, localAddress: from });
    sock.once("connect", () => ready(sock));
    sock.once("error", (err) => failed(err.message));
    return sock;
  };
}

/**
 * TLS through the device's TLS client (tlsClient.ts): the server is judged against the trust list, a refused chain
 * goes to the rejected list (§4.1.10.2), unless "Allow untrusted" is set (§4.9.2). Without a certificate yet the
 * attempt fails and the sender tries again later.
 */
export function tlsConnector(from: string, to: Endpoint, tls: () => TlsPolicy | undefined, verify: boolean): Connector {
  return (ready, failed) => {
    const policy = tls();
    if (policy === undefined) {
      failed(NO_CERTIFICATE);
      return undefined;
    }
    return openTls(policy, to, from, ready, failed, verify);
  };
}
