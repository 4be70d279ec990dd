import { request } from "node:http";
import type { SiteAnswer, SiteHttp, SiteRequest } from "../../upgrade/HttpSiteOps.js";

/** The largest answer read: a PARI Master's status with 1023 radios is about 900 kB (docs/design.md "HTTP API"). */
const ANSWER_MAX_BYTES = 32 * 1024 * 1024;

/**
 * The rolling upgrade's requests to the site's devices (src/upgrade/HttpSiteOps.ts) over HTTP: from `localAddress`
 * when given (a device asks from its own address, as its other clients do), each ended after its `timeoutMs`. It
 * rejects when nothing answers; an answer of any status resolves.
 */
export function siteRequest(localAddress?: string): SiteRequest {
  return (ip, port, path, init) =>
    new Promise<SiteAnswer>((resolve, reject) => {
      const req = request({
        host: ip,
        port,
        path,
        method: init.method,
        ...(localAddress === undefined ? {} : { localAddress }),
        headers: {
          authorization: init.authorization,
          ...(init.body === undefined ? {} : { "content-length": Buffer.byteLength(init.body) }),
        },
        timeout: init.timeoutMs,
      });
      req.once("timeout", () => req.destroy(new Error(`no answer within ${init.timeoutMs / 1000} s`)));
      req.once("error", reject);
      req.once("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > ANSWER_MAX_BYTES) res.destroy(new Error(`answer larger than ${ANSWER_MAX_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.once("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.once("error", reject);
      });
      req.end(init.body);
    });
}

/** The site's devices at `port` (§4.9.3: every device of the site serves its API on the same port). */
export const siteHttp = (port: number, localAddress?: string): SiteHttp => ({
  port,
  request: siteRequest(localAddress),
});
