import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import type { ApiRequest } from "../../src/mgmt/api.js";
import { handleApi } from "../helpers/api.js";
import { assertBadBody } from "../helpers/badBody.js";
import { startFleet } from "../helpers/sim.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";

const ADMIN = basic("admin", "changeme");
const AUDITOR = basic("LAB\\kaudit", "kaudit-pw");

const req = (method: string, authorization: string, body = ""): ApiRequest => ({
  method,
  path: "/api/settings",
  query: new URLSearchParams(),
  authorization,
  body,
});

describe("the settings as JSON over HTTP (the web GUI's wizard §3.3 and DECT pages §4.6): pending until reset (§4.24)", async () => {
  const fleet = await startFleet(
    withLab(`
name: api-settings
devices:
  - name: m
    kind: IPBS
    mac: 00:90:33:01:00:01
    ip: 127.0.1.1
    master: { mode: active }
    users:
      - { longName: Ann, number: "2000" }
`),
  );
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("m"), events: () => fleet.events.events };
  const call = (method: string, body = "", who = ADMIN) => handleApi(ctx, req(method, who, body));

  test("an Auditor reads them, only a System Administrator changes them (403); users and certificates are apart", async () => {
    assert.equal((await call("GET", "", AUDITOR)).status, 200, "read access to device parameter settings (§3.4.3)");
    assert.equal((await call("PATCH", '{"mask":"255.255.255.0"}', AUDITOR)).status, 403);
    const r = await call("GET");
    assert.equal(r.status, 200);
    const { running, pending } = r.body as { running: Record<string, unknown>; pending: unknown };
    assert.equal(pending, null);
    assert.equal((running["master"] as { mode: string }).mode, "active");
    assert.equal(running["users"], undefined);
    assert.equal(running["certificates"], undefined);
  });

  test("a bad change is 400 naming the field, and nothing is stored", async () => {
    const bad = async (body: string, code: string, field?: string) =>
      assertBadBody(await call("PATCH", body), body, code, field);
    await bad("{", "BAD_JSON");
    await bad("[]", "BAD_FIELD"); // the route's schema: a JSON object
    assert.match(await bad('{"ip":"127.0.1.2"}', "BAD_FIELD"), /ip cannot be changed here/);
    assert.match(await bad('{"users":[]}', "BAD_FIELD"), /\/api\/users/);
    await bad('{"master":{"mode":"sideways"}}', ConfigCode.MasterMode, "master.mode");
    await bad('{"master":{"mode":"standby"}}', ConfigCode.StandbyNeedsPrimary, "master.primary");
    await bad('{"radio":{"region":250}}', ConfigCode.Region, "radio.region");
    // A section another one needs cannot go alone: the gatekeeper registers through the Master (§4.6.23).
    await bad('{"master":null,"gatekeeper":{"proxy":"127.0.0.9"}}', ConfigCode.GatekeeperNeedsMaster, "gatekeeper");
    assert.equal(fleet.device("m").pendingConfig, undefined);
  });

  test("a change answers 202 with the pending settings; after the reset it runs, and the users stay", async () => {
    const r = await call(
      "PATCH",
      JSON.stringify({
        master: { mode: "standby", primary: "127.0.1.9" },
        system: { name: "site", password: "S1te!" },
      }),
    );
    assert.equal(r.status, 202);
    const answer = r.body as { pending: { master: { mode: string } }; note: string };
    assert.equal(answer.pending.master.mode, "standby");
    assert.equal(answer.note, "takes effect after reset (§4.18.1, §4.24)");
    assert.equal(fleet.device("m").config.master?.mode, "active", "running until the reset");
    // A second change edits the pending settings, keeping the first.
    assert.equal((await call("PATCH", '{"radio":{"region":3}}')).status, 202);
    assert.equal((await call("PATCH", '{"mask":null}')).status, 202);
    assert.equal(
      (
        await handleApi(ctx, {
          ...req("POST", ADMIN),
          path: "/api/reset",
          query: new URLSearchParams("mode=immediate"),
        })
      ).status,
      200,
    );
    const d = fleet.device("m");
    assert.equal(d.config.master?.mode, "standby");
    assert.equal(d.config.master?.primary, "127.0.1.9");
    assert.equal(d.config.system.name, "site");
    assert.equal(d.config.radio?.region, 3);
    assert.deepEqual(
      d.directory().users.map((u) => u.longName),
      ["Ann"],
    );
  });
});
