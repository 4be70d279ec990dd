import { createServer, type Server } from "node:http";
import { listening } from "./listening.js";
import type { Exposition } from "./promMetrics.js";

/**
 * The process-level `/metrics` of `ipdect node --metrics <ip:port>` (docs/user-guide.md "Metrics"): every device of
 * the process with a `device` label, for a Prometheus scrape. No login: it is not a device page but the host's, on
 * an address the operator chooses (loopback or a management network), and it carries counters only, never a name
 * of a user, a key or a password. Anything but `GET /metrics` is 404.
 */
export async function startMetricsServer(
  host: string,
  port: number,
  render: () => Promise<Exposition>,
  onError: (err: unknown) => void,
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://metrics").pathname;
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("only GET /metrics here\n");
      return;
    }
    render().then(
      (e) => res.writeHead(200, { "content-type": e.contentType }).end(req.method === "HEAD" ? undefined : e.text),
      (err: unknown) => {
        onError(err);
        res.writeHead(500, { "content-type": "text/plain" }).end("internal error (logged)\n");
      },
    );
  });
  await listening(server, (ready) => server.listen({ host, port }, ready));
  return server;
}
