import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { formatNativeText } from "../../src/config/nativeText.js";
import { SeededRng } from "../../src/core/Rng.js";
import { API_ROUTES, type ApiRoute } from "../../src/mgmt/api.js";
import { handleApi } from "../helpers/api.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { startFleet } from "../helpers/sim.js";

/** Requests per route that takes input: with some 45 such routes, over 5000 in all (issue 18). */
const PER_ROUTE = 120;
const ADMIN = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;
const METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"];
const PATHS = [
  "/api/status",
  "/api/events",
  "/api/config",
  "/api/gatekeeper",
  "/api/reset",
  "/api/master/activate-mirror",
  "/api/master/data/",
  "/",
  "/api/../etc/passwd",
];

describe("management API fuzz", async () => {
  const fleet = await startFleet(redundancyFleetYaml({ radios: 1, mode: "mirror" }));
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("a"), events: () => fleet.events.events };

  test("2000 random requests as admin: every answer is a 2xx/4xx JSON body, never an exception or a 500", async () => {
    const rng = new SeededRng("api-fuzz");
    const junk = () => Array.from({ length: rng.int(200) }, () => String.fromCharCode(rng.int(0x3000))).join("");
    for (let i = 0; i < 2000; i++) {
      const path = PATHS[rng.int(PATHS.length)]! + (rng.next() < 0.3 ? encodeURIComponent(junk().slice(0, 20)) : "");
      const query = new URLSearchParams(
        rng.next() < 0.5 ? { mode: junk().slice(0, 10), since: junk().slice(0, 5) } : {},
      );
      const body = rng.next() < 0.5 ? junk() : `config change MASTER0 /mode ${junk().slice(0, 8)}\n`;
      const method = METHODS[rng.int(METHODS.length)]!;
      const r = await handleApi(ctx, {
        method,
        path,
        query,
        authorization: ADMIN,
        body,
      });
      assert.ok(r.status >= 200 && r.status < 500, `request ${i} got ${r.status}`);
      // HEAD answers have no body; GET / is the web GUI's page.
      const page = method === "HEAD" || (method === "GET" && path === "/");
      assert.equal(typeof r.body, page ? "string" : "object", `${method} ${path}`);
    }
    assert.equal(fleet.device("a").pendingConfig, undefined, "no garbage configuration was stored");
  });
});

/**
 * Every route that takes input (a path value, a query value or a body) gets random, truncated, oversized and wrongly
 * encoded requests from a System Administrator: none is answered 500 (handleApi checks every answer against its
 * route's schema too), and nothing on flash is left half-written. Routes that take no input are not fuzzed: there is
 * nothing in them to get wrong.
 */
describe("management API fuzz: every route", async () => {
  const fleet = await startFleet(redundancyFleetYaml({ radios: 1, mode: "standby" }));
  after(() => fleet.close());
  const device = () => fleet.device("a");
  const ctx = { device, events: () => fleet.events.events };
  const rng = new SeededRng("api-routes-fuzz");
  const junk = (n: number) => Array.from({ length: rng.int(n) }, () => String.fromCharCode(rng.int(0x3000))).join("");
  /** Bytes that are no UTF-8: lone continuation bytes and a truncated sequence. */
  const badUtf8 = () => Buffer.from([0x7b, 0x22, 0x80, 0xbf, 0xe2, 0x82]);
  /** A body of the route's kind, broken in one of several ways. */
  const body = (route: ApiRoute): { body?: string; bytes?: Uint8Array } => {
    const fields = Object.keys((route.schema.body as { properties?: object } | undefined)?.properties ?? {});
    const valid = JSON.stringify(
      Object.fromEntries(fields.map((f) => [f, rng.next() < 0.5 ? junk(20) : rng.int(1e6)])),
    );
    switch (rng.int(6)) {
      case 0:
        return { body: junk(300) };
      case 1:
        return { body: valid.slice(0, rng.int(valid.length)) }; // truncated
      case 2:
        return { bytes: badUtf8() };
      case 3:
        return { bytes: new Uint8Array(Array.from({ length: rng.int(400) }, () => rng.int(256))) };
      case 4:
        return { body: valid };
      default:
        return { body: JSON.stringify(rng.next() < 0.5 ? [valid] : { [junk(10)]: junk(10) }) };
    }
  };
  const pathOf = (route: ApiRoute) =>
    route.path.replace(/:\w+/g, () =>
      encodeURIComponent(rng.next() < 0.5 ? junk(30) : "00:90:33:00:00:0" + rng.int(10)),
    );
  /** The route's own query parameters (its schema), else a name no route has. */
  const queryNames = (route: ApiRoute): string[] => {
    const names = Object.keys((route.schema.querystring as { properties?: object } | undefined)?.properties ?? {});
    return names.length > 0 ? names : [junk(8)];
  };
  const fuzzed = API_ROUTES.filter(
    (r) =>
      r.streams !== true && (r.body !== "none" || r.schema.params !== undefined || r.schema.querystring !== undefined),
  );

  test(`${PER_ROUTE} requests to each route that takes input: never a 500, flash never half-written`, async (t) => {
    let sent = 0;
    for (const route of fuzzed) {
      for (let i = 0; i < PER_ROUTE; i++) {
        const names = queryNames(route);
        const query = new URLSearchParams(rng.next() < 0.5 ? { [names[rng.int(names.length)]!]: junk(12) } : {});
        const r = await handleApi(ctx, {
          method: route.method,
          path: pathOf(route),
          query,
          authorization: ADMIN,
          ...(route.body === "none" ? {} : body(route)),
        });
        assert.ok(r.status < 500, `${route.name} request ${i}: ${r.status} ${JSON.stringify(r.body)}`);
        sent++;
      }
      // One oversized body per route that reads one: refused before it is read.
      if (route.body !== "none") {
        const big = await handleApi(ctx, {
          method: route.method,
          path: pathOf(route),
          query: new URLSearchParams(),
          authorization: ADMIN,
          body: "x".repeat(route.maxBody + 1),
        });
        assert.ok([400, 413].includes(big.status), `${route.name} oversized: ${big.status}`);
        sent++;
      }
    }
    assert.ok(sent >= 5000, `${sent} requests`);
    t.diagnostic(`${sent} requests to ${fuzzed.length} routes`);
    for (const key of await device().env.store.keys())
      if (key.endsWith(".json")) {
        const text = new TextDecoder().decode(await device().env.store.get(key));
        assert.doesNotThrow(() => JSON.parse(text), key);
      }
    const pending = device().pendingConfig;
    if (pending !== undefined) assert.doesNotThrow(() => formatNativeText(pending));
  });
});
