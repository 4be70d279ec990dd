import { Writable } from "node:stream";
import { Client, FTPError } from "basic-ftp";
import { IoError } from "../../core/errors.js";
import { UpdateCode } from "../../update/errors.js";
import { urlForLog, type UpdateUrl } from "../../update/updateUrl.js";

/** A server that neither answers nor closes does not hold the client forever (as HttpUpdateFetcher's requests). */
const TIMEOUT_MS = 30_000;
const FTP_PORT = 21;
/** RFC 959 §4.2.2 "550 Requested action not taken. File unavailable (e.g., file not found, no access)". */
const FILE_UNAVAILABLE = 550;

/**
 * Reads one file over FTP (RFC 959) for the second provisioning dialect's `ftp://` URLs (seed 002 "Provisioning Server
 * (Protocols and Files)": `ftp://user:password@provisioning.example.com`): the one adapter of basic-ftp
 * (docs/architecture.md). Passive mode (the client opens the data connection: basic-ftp's EPSV, then PASV), binary;
 * the user and password of the URL, else `anonymous` (RFC 1635). `host` is an address (resolveHost). basic-ftp binds no
 * local address, so FTP connections leave from the host's route, not the device's own address (the one
 * difference from HTTP and TFTP, docs/design.md "The second provisioning dialect").
 */
export async function ftpGet(url: UpdateUrl, maxBytes: number): Promise<Uint8Array> {
  const client = new Client(TIMEOUT_MS);
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new Error(`larger than ${maxBytes} bytes`));
      chunks.push(chunk);
      done();
    },
  });
  try {
    await client.access({
      host: url.host,
      port: url.port ?? FTP_PORT,
      user: url.user ?? "anonymous",
      password: url.user === undefined ? "anonymous@" : (url.password ?? ""),
      secure: false,
    });
    await client.downloadTo(sink, decodeURIComponent(url.path));
    return new Uint8Array(Buffer.concat(chunks));
  } catch (err) {
    const reason = err instanceof FTPError ? `FTP ${err.message}` : (err as Error).message;
    const code = err instanceof FTPError && err.code === FILE_UNAVAILABLE ? UpdateCode.UpNotFound : UpdateCode.UpFetch;
    throw new IoError(code, `${urlForLog(url)}: ${reason}`);
  } finally {
    client.close();
  }
}
