import assert from "node:assert/strict";
import { request } from "node:http";
import { after, describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import type { Device } from "../../src/device/Device.js";
import type { ApiRequest } from "../../src/mgmt/api.js";
import { ANSWER_MAX_AGE_MS, forgetAnswers, keptAnswer, lastChange } from "../../src/mgmt/answerCache.js";
import type { ApiResponse } from "../../src/mgmt/route.js";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { startHttpServer } from "../../src/platform/node/HttpServer.js";
import { apiApp } from "../../src/platform/node/httpApi.js";
import { handleApi } from "../helpers/api.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { startFleet } from "../helpers/sim.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";

/** A device as the cache sees it: its clock only. */
function clockDevice(): { device: Device; at: (t: number) => void } {
  let now = 1000;
  const device = { env: { clock: { now: () => now } } } as unknown as Device;
  return { device, at: (t) => (now = t) };
}

const event = (t: number, kind: string, fields: Record<string, unknown> = {}) =>
  ({ t, device: "d", kind, ...fields }) as unknown as DeviceEvent;

describe("kept answers (mgmt/answerCache.ts): fresh for ANSWER_MAX_AGE_MS, ended by events and commands", () => {
  test("a kept answer serves until its age, a newer event, a command, or a clock set back ends it", async () => {
    const { device, at } = clockDevice();
    let builds = 0;
    const build = async (): Promise<ApiResponse> => ({ status: 200, body: ++builds });
    const get = (last?: DeviceEvent) => keptAnswer(device, "status?", last, ANSWER_MAX_AGE_MS, build);
    const e1 = event(1, "state");
    assert.equal((await get(e1)).body, 1);
    at(1000 + ANSWER_MAX_AGE_MS - 1);
    assert.equal((await get(e1)).body, 1, "still fresh");
    at(1000 + ANSWER_MAX_AGE_MS);
    assert.equal((await get(e1)).body, 2, "aged out");
    assert.equal((await get(event(2, "alarm"))).body, 3, "a newer event");
    forgetAnswers(device);
    assert.equal((await get(event(2, "alarm"))).body, 4, "a command changed the device");
    at(10);
    assert.equal((await get(event(2, "alarm"))).body, 5, "the clock went back: its age is unknown");
  });

  test("requests arriving while an answer is built share it; a refusal or a failure is not kept", async () => {
    const { device } = clockDevice();
    let builds = 0;
    let release: () => void = () => undefined;
    const slow = () =>
      new Promise<ApiResponse>((r) => {
        builds++;
        release = () => r({ status: 200, body: "x" });
      });
    const a = keptAnswer(device, "k", undefined, 1000, slow);
    const b = keptAnswer(device, "k", undefined, 1000, slow);
    release();
    assert.equal(await a, await b);
    assert.equal(builds, 1);
    const refused = async (): Promise<ApiResponse> => ({ status: 400, body: builds++ });
    await keptAnswer(device, "r", undefined, 1000, refused);
    await keptAnswer(device, "r", undefined, 1000, refused);
    assert.equal(builds, 3);
    await assert.rejects(keptAnswer(device, "f", undefined, 1000, () => Promise.reject(new Error("boom"))));
    assert.equal(
      (await keptAnswer(device, "f", undefined, 1000, async () => ({ status: 200, body: "ok" }))).body,
      "ok",
    );
  });

  test("login attempts and ends of sessions are not changes; an account change is", () => {
    const change = event(1, "alarm");
    const login = (action: string) => event(2, "login", { action, user: "admin" });
    for (const action of ["ok", "failed", "blocked", "refused", "logout", "idle-logout"])
      assert.equal(lastChange([change, login(action), login("ok")]), change, action);
    const changed = login("account-changed");
    assert.equal(lastChange([change, changed, login("ok")]), changed);
    assert.equal(lastChange([login("ok")]), undefined);
  });
});

const ADMIN = basic("admin", "changeme");
const req = (method: string, path: string, body = ""): ApiRequest => {
  const url = new URL(path, "http://x");
  return { method, path: url.pathname, query: url.searchParams, authorization: ADMIN, body };
};

describe("GET /api/status kept and gzipped (docs/design.md 'Management API under load')", async () => {
  const fleet = await startFleet(
    withLab(`
name: api-kept
devices:
  - { name: gk, kind: IPVM, mac: "00:90:33:01:00:01", ip: 127.0.1.1, master: { mode: active } }
`),
  );
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("gk"), events: () => fleet.events.events };

  test("a change made through the API is in the next status at once, kept or not", async () => {
    const status = async () => (await handleApi(ctx, req("GET", "/api/status"))).body as { pendingReset: boolean };
    assert.equal((await status()).pendingReset, false);
    const put = await handleApi(ctx, req("PUT", "/api/gatekeeper", JSON.stringify({ proxy: "127.0.0.1:5070" })));
    assert.equal(put.status, 202);
    assert.equal((await status()).pendingReset, true);
  });

  test("over HTTP: gzip for a client that accepts it, the same JSON; none for q=0 or no Accept-Encoding", async () => {
    const ip = loopbackBlock()(1);
    const app = await apiApp(
      () => ctx,
      () => undefined,
    );
    const server = await startHttpServer(ip, 18082, app.routing);
    const get = (encoding?: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const headers = { authorization: ADMIN, ...(encoding === undefined ? {} : { "accept-encoding": encoding }) };
        request(`http://${ip}:18082/api/status`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        })
          .on("error", reject)
          .end();
      });
    try {
      const plain = await get();
      assert.equal(plain.headers["content-encoding"], undefined);
      assert.equal(plain.headers["vary"], "accept-encoding");
      assert.match(String(plain.headers["content-type"]), /^application\/json/);
      const zipped = await get("br, gzip;q=0.8");
      assert.equal(zipped.headers["content-encoding"], "gzip");
      const json = JSON.parse(gunzipSync(zipped.body).toString()) as { name: string };
      assert.equal(json.name, "gk");
      assert.deepEqual(json, JSON.parse(plain.body.toString()));
      assert.equal((await get("gzip;q=0")).headers["content-encoding"], undefined);
      assert.equal((await get("*")).headers["content-encoding"], "gzip");
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
