import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { ApiResponse } from "../../mgmt/route.js";

const compress = promisify(gzip);

/** Each kept answer's gzip form, made once (in libuv's thread pool, off the event loop) and dropped with it. */
const gzipped = new WeakMap<Uint8Array, Promise<Buffer>>();

/**
 * A JSON answer serialised once (mgmt/answerCache.ts), gzipped for a client that accepts it (RFC 9110 §8.4.1.3,
 * §12.5.3), as every browser does. GET /api/status of a PARI Master with 1023 radios is about 900 kB of JSON and
 * some 40 kB gzipped: 200 clients polling it once a second move 8 MB/s instead of 180 MB/s (docs/performance.md).
 * Other answers go out as they are.
 */
export async function encoded(r: ApiResponse, acceptEncoding: string | undefined): Promise<ApiResponse> {
  if (!(r.body instanceof Uint8Array) || r.contentType !== "application/json") return r;
  const vary = { ...r.headers, vary: "accept-encoding" };
  if (!acceptsGzip(acceptEncoding)) return { ...r, headers: vary };
  let gz = gzipped.get(r.body);
  if (gz === undefined) gzipped.set(r.body, (gz = compress(r.body)));
  return { ...r, body: await gz, headers: { ...vary, "content-encoding": "gzip" } };
}

/** Whether `Accept-Encoding` names gzip (or `*`) with a weight above 0 (RFC 9110 §12.5.3). */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? "").split(",").some((part) => {
    const [coding, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    return (coding === "gzip" || coding === "*") && (q === undefined || Number(q.slice(2)) > 0);
  });
}
