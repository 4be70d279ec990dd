/**
 * The PARI Master's site upgrade commands in-process (§4.15.2): the run's status answers its schema, the start's body
 * is checked field by field (400 naming the field), and a simulated device, which reaches no HTTP API, refuses to start.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { UpgradeCode } from "../../src/upgrade/errors.js";
import { IDLE, planned, recovered, withStep, type SiteRun } from "../../src/upgrade/siteRun.js";
import { siteRunText } from "../../src/upgrade/siteRunText.js";
import { handleApi } from "../helpers/api.js";
import { startFleet } from "../helpers/sim.js";

const ADMIN = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;
const START = { image: "http://10.0.9.8/firm/", serial: "0.9.0", password: "changeme" };

describe("site-upgrade and site-upgrade-start over HTTP (§4.15.2)", async () => {
  const fleet = await startFleet(`
name: api-site-upgrade
devices:
  - { name: m, kind: IPVM, mac: "00:90:33:21:11:01", ip: 127.0.1.1, master: { mode: active }, pari: {} }
`);
  after(() => fleet.close());
  const call = (method: string, body?: unknown) =>
    handleApi(
      { device: () => fleet.device("m"), events: () => fleet.events.events },
      {
        method,
        path: "/api/site-upgrade",
        query: new URLSearchParams(),
        authorization: ADMIN,
        body: body === undefined ? "" : JSON.stringify(body),
        contentType: "application/json",
      },
    );
  const error = (body: unknown) => (body as { error: { code: string; field?: string; message: string } }).error;

  test("no run yet: idle", async () => {
    const r = await call("GET");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, IDLE);
  });

  test("the start's body: each field's rule, the field named", async () => {
    for (const [body, field] of [
      [{ ...START, wave: 0 }, "wave"],
      [{ ...START, wave: 2.5 }, "wave"],
      [{ ...START, allowGaps: "yes" }, "allowGaps"],
      [{ ...START, standby: "10.0.0" }, "standby"],
      [{ ...START, stepTimeout: "soon" }, "stepTimeout"],
      [{ ...START, serial: "" }, "serial"],
      [{ ...START, colour: "red" }, "colour"],
      [{ image: START.image, serial: START.serial }, "password"],
    ] as const) {
      const r = await call("POST", body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(error(r.body).message, new RegExp(field), JSON.stringify(r.body));
    }
    const url = await call("POST", { ...START, image: "ftp://10.0.9.8/firm/" });
    assert.equal(url.status, 400);
    assert.equal(error(url.body).code, "UP_URL");
  });

  test("a simulated PARI Master reaches no other device's API: UPGRADE_NO_HTTP (409), still idle", async () => {
    const r = await call("POST", START);
    assert.equal(r.status, 409);
    assert.equal(error(r.body).code, UpgradeCode.NoSiteHttp);
    assert.equal(((await call("GET")).body as SiteRun).state, "idle");
  });
});

describe("site-upgrade for people (ipdect ctl)", () => {
  const request = {
    image: "http://10.0.9.8/firm/",
    serial: "0.9.0",
    version: "0.9.0",
    wave: 1,
    stepTimeoutMs: 600_000,
    allowGaps: true,
  };
  const plan = {
    steps: [
      { kind: "radios" as const, devices: ["r1"] },
      { kind: "master" as const, devices: ["m"] },
    ],
    gaps: [],
  };

  test("idle is one line; a run is its facts, its steps and its lines", () => {
    assert.equal(siteRunText(IDLE), "no site upgrade has run on this device\n");
    let run = planned(request, plan, Date.UTC(2026, 11, 7, 14), [
      { t: Date.UTC(2026, 11, 7, 14), line: "plan: 2 steps" },
    ]);
    run = withStep({ ...withStep(run, 0, { state: "done", ms: 3000 }), current: 1 }, 1, {
      state: "running",
      startedAt: 0,
    });
    const text = siteRunText(recovered(run, "m", "0.1.0", Date.UTC(2026, 11, 7, 14, 1)));
    assert.match(text, /^state +failed$/m);
    assert.match(text, /^failure +UPGRADE_STEP_FAILED: step 2 \(master\) not done: m runs 0\.1\.0, not 0\.9\.0/m);
    assert.match(text, /^device +m$/m);
    assert.match(text, /^step +kind +state +took +devices\n1 +radios +done +3s +r1\n2 +master +failed/m);
    assert.match(text, /^2026-12-07 14:00:00Z {2}plan: 2 steps$/m);
  });
});
