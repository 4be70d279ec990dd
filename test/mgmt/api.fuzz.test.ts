import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { SeededRng } from "../../src/core/Rng.js";
import { handleApi } from "../helpers/api.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { startFleet } from "../helpers/sim.js";

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
      assert.equal(typeof r.body, method === "HEAD" ? "string" : "object");
    }
    assert.equal(fleet.device("a").pendingConfig, undefined, "no garbage configuration was stored");
  });
});
