import { request, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { createConnection } from "node:net";
import { IoError } from "../../core/errors.js";
import { UpdateCode } from "../../update/errors.js";
import type { UpdateFetcher } from "../../update/UpdateHost.js";
import { urlForLog, type UpdateUrl } from "../../update/updateUrl.js";
import type { TlsPolicy } from "../../wire/Transport.js";
import { openTls } from "./tlsClient.js";
import { ftpGet } from "./ftpClient.js";
import { resolveHost } from "./resolveHost.js";
import { tftpGet } from "./tftpClient.js";

/** A server that neither answers nor closes does not hold the update client forever. */
const TIMEOUT_MS = 30_000;

/**
 * The update client's downloads and uploads on a real node (App. A.1.1: "HTTP, HTTPS and TFTP"), and FTP for the second
 * provisioning dialect (seed 002 "Provisioning Server (Protocols and Files)"). Connections leave
 * from the device's own address. HTTPS validates the server against the device's trust list like every TLS client
 * of the device (tlsClient.ts: an untrusted server gets nothing, and lands on the rejected list). A user and password
 * in the URL go as HTTP Basic authentication (RFC 7617); PUT is the `scfg` upload (A.1.4, A.1.8).
 */
export class HttpUpdateFetcher implements UpdateFetcher {
  readonly #localAddress: string;
  readonly #tls: () => TlsPolicy | undefined;

  constructor(localAddress: string, tls: () => TlsPolicy | undefined) {
    this.#localAddress = localAddress;
    this.#tls = tls;
  }

  async get(url: UpdateUrl, maxBytes: number): Promise<Uint8Array> {
    if (url.scheme === "tftp") return tftpGet(await resolved(url), maxBytes, this.#localAddress);
    if (url.scheme === "ftp") return ftpGet(await resolved(url), maxBytes);
    const res = await this.#request(url, "GET");
    if (res.statusCode !== 200) {
      res.resume();
      const answer = `HTTP ${res.statusCode ?? 0} ${res.statusMessage ?? ""}`.trim();
      if (res.statusCode === 404) throw new IoError(UpdateCode.UpNotFound, `${urlForLog(url)}: ${answer}`);
      throw fetchError(url, answer);
    }
    return readBody(res, url, maxBytes);
  }

  async put(url: UpdateUrl, body: Uint8Array): Promise<void> {
    if (url.scheme === "tftp" || url.scheme === "ftp")
      throw new IoError(UpdateCode.UpPut, `${urlForLog(url)}: scfg uploads with HTTP PUT`);
    const res = await this.#request(url, "PUT", body);
    res.resume();
    // WebDAV answers 201 Created for a new file and 204 No Content for a replaced one (RFC 4918 §9.7.1).
    if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299)
      throw new IoError(UpdateCode.UpPut, `${urlForLog(url)}: HTTP ${res.statusCode ?? 0} ${res.statusMessage ?? ""}`);
  }

  #request(url: UpdateUrl, method: "GET" | "PUT", body?: Uint8Array): Promise<IncomingMessage> {
    const port = url.port ?? (url.scheme === "https" ? 443 : 80);
    const auth = url.user === undefined ? {} : { auth: `${url.user}:${url.password ?? ""}` };
    return new Promise((resolve, reject) => {
      const fail = (reason: string) => reject(fetchError(url, reason));
      const req = request({
        host: url.host,
        port,
        method,
        path: url.path,
        ...auth,
        headers: body === undefined ? {} : { "content-length": body.length },
        timeout: TIMEOUT_MS,
        createConnection: (_o: unknown, done: (err: Error | null, sock: Socket) => void) =>
          url.scheme === "https"
            ? this.#tlsSocket(url.host, port, done, fail)
            : createConnection({ host: url.host, port, localAddress: this.#localAddress }),
      });
      req.once("response", resolve);
      req.once("timeout", () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
      req.once("error", (err) => fail(err.message));
      req.end(body);
    });
  }

  /** HTTPS: the request is written only once the server is trusted (nothing goes to an untrusted one). */
  #tlsSocket(
    host: string,
    port: number,
    done: (err: Error | null, sock: Socket) => void,
    fail: (reason: string) => void,
  ): undefined {
    const policy = this.#tls();
    if (policy === undefined) {
      fail("HTTPS: the device has no TLS settings");
      return undefined;
    }
    // A device makes its default certificate at its first start (§4.1.10.4.1): TLS waits for it.
    policy.ready().then(
      () => openTls(policy, { ip: host, port }, this.#localAddress, (sock) => done(null, sock), fail),
      (err: unknown) => fail(String(err)),
    );
    return undefined;
  }
}

/**
 * A URL whose host is a name (seed 002 allows them; App. A.1.2 does not) with the host resolved to an IPv4 address:
 * TFTP matches answers by their source address, FTP's passive data connection goes to an address. HTTP and HTTPS
 * resolve in node's own request.
 */
async function resolved(url: UpdateUrl): Promise<UpdateUrl> {
  try {
    return { ...url, host: await resolveHost(url.host) };
  } catch (err) {
    throw fetchError(url, `cannot resolve ${url.host}: ${(err as Error).message}`);
  }
}

function fetchError(url: UpdateUrl, reason: string): IoError {
  return new IoError(UpdateCode.UpFetch, `${urlForLog(url)}: ${reason}`);
}

function readBody(res: IncomingMessage, url: UpdateUrl, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(fetchError(url, `larger than ${maxBytes} bytes`));
      } else chunks.push(chunk);
    });
    res.once("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    res.once("error", (err) => reject(fetchError(url, err.message)));
  });
}
