import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { startHttpServer } from "../../src/platform/node/HttpServer.js";
import { apiApp } from "../../src/platform/node/httpApi.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { handleApi } from "../helpers/api.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { startFleet } from "../helpers/sim.js";
import { basic } from "../helpers/testRealm.js";

/** `GET /api/events/stream`: Server-Sent Events of the device's events, behind a login (issue 18, live alarms). */
describe("the event stream of the management API", async () => {
  const fleet = await startFleet(redundancyFleetYaml({ radios: 1, mode: "standby" }));
  after(() => fleet.close());
  const listeners = new Set<(e: DeviceEvent) => void>();
  const ctx = {
    device: () => fleet.device("a"),
    events: () => fleet.events.events,
    subscribe: (l: (e: DeviceEvent) => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
  const ip = loopbackBlock()(1);
  const server = await startHttpServer(
    ip,
    18082,
    (
      await apiApp(
        () => ctx,
        () => undefined,
      )
    ).routing,
  );
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const url = `http://${ip}:18082/api/events/stream`;

  test("each new event arrives as a message named by its kind, with the event as data; it ends when the client goes", async () => {
    const res = await fetch(url, { headers: { authorization: basic("admin", "changeme") } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const reader = res.body!.getReader();
    const raised = fleet.events.events.find((e) => e.kind === "state")!;
    for (const l of listeners) l(raised);
    let text = "";
    while (!text.includes("data: ")) text += new TextDecoder().decode((await reader.read()).value);
    while (!text.endsWith("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
    assert.match(text, /^retry: 2000\n\n/);
    const message = text.split("\n\n")[1]!.split("\n");
    assert.deepEqual(message.slice(0, 2), ["id: 1", `event: ${raised.kind}`]);
    assert.deepEqual(JSON.parse(message[2]!.slice("data: ".length)), raised);
    assert.equal(listeners.size, 1);
    await reader.cancel();
    for (let i = 0; i < 50 && listeners.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(listeners.size, 0, "the stream let go of its listener");
  });

  test("no login: 401 before any stream; a User Administrator: 403", async () => {
    assert.equal((await fetch(url)).status, 401);
    const ua = JSON.stringify({ longName: "UA", name: "ua", password: "ua-pw" });
    const created = await fetch(`http://${ip}:18082/api/user-admins`, {
      method: "POST",
      headers: { authorization: basic("admin", "changeme") },
      body: ua,
    });
    assert.equal(created.status, 201);
    assert.equal((await fetch(url, { headers: { authorization: basic("ua", "ua-pw") } })).status, 403);
    assert.equal(listeners.size, 0);
  });

  test("a world without live events (the sim) answers 409 NO_STREAM", async () => {
    const r = await handleApi(
      { device: () => fleet.device("b"), events: () => [] },
      {
        method: "GET",
        path: "/api/events/stream",
        query: new URLSearchParams(),
        authorization: basic("admin", "changeme"),
      },
    );
    assert.equal(r.status, 409);
    assert.equal((r.body as { error: { code: string } }).error.code, "NO_STREAM");
  });
});
