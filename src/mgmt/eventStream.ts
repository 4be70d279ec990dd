import type { DeviceEvent } from "../role/EventLog.js";
import type { ApiRoute } from "./apiRoute.js";
import { refuse } from "./route.js";
import { S } from "./schema.js";

/**
 * `GET /api/events/stream`: the device's events as they happen, as Server-Sent Events (WHATWG HTML §9.2), for the web
 * GUI's live alarms (§4.23.3) and events (§4.23.4) and for scripts. Each event is one message whose `event` is its
 * kind and whose `data` is the event as `GET /api/events` lists it. The HTTP adapter streams it where the world has
 * live events (real nodes); elsewhere the route answers 409.
 */
export const EVENTS_STREAM: ApiRoute = {
  name: "events-stream",
  method: "GET",
  path: "/api/events/stream",
  need: "auditor",
  maxBody: 0,
  body: "none",
  streams: true,
  schema: {
    summary: "the device's events as they happen, as Server-Sent Events (§4.23.3, §4.23.4)",
    tags: ["events"],
    produces: ["text/event-stream"],
    response: {
      "200": S.String({ description: "`event: <kind>` and `data: <the event as JSON>` per event; `: keep-alive`" }),
    },
  },
  answer: async () => refuse(409, "NO_STREAM", "this device has no live events to stream (a simulated device)"),
};

/** One event as a Server-Sent Events message; `id` lets a client see what it missed. */
export const sseMessage = (id: number, e: DeviceEvent): string =>
  `id: ${id}\nevent: ${e.kind}\ndata: ${JSON.stringify(e)}\n\n`;
