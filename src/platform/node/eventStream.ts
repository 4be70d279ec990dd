import type { FastifyReply } from "fastify";
import { sseMessage } from "../../mgmt/eventStream.js";
import type { ApiContext } from "../../mgmt/route.js";

/** A comment line this often keeps proxies and browsers from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * Streams the device's events to one client as Server-Sent Events (mgmt/eventStream.ts) until it goes away. The
 * reply is taken from Fastify (hijack): the answer never ends by itself.
 */
export function streamEvents(subscribe: NonNullable<ApiContext["subscribe"]>, reply: FastifyReply): void {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  // Tells an EventSource to come back after 2 s when the device resets.
  res.write("retry: 2000\n\n");
  let id = 0;
  const stop = subscribe((e) => res.write(sseMessage(++id, e)));
  const timer = setInterval(() => res.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
  res.once("close", () => {
    clearInterval(timer);
    stop();
  });
}
