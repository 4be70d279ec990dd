import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { API_ROUTES, type ApiRequest, type ApiResponse } from "../../src/mgmt/api.js";
import type { Command } from "../../src/mgmt/command.js";
import { COMMANDS } from "../../src/mgmt/commands/index.js";
import { syncFleetDevices } from "../../sim/generators/sync.js";
import { basic } from "../helpers/testRealm.js";
import { handleApi } from "../helpers/api.js";
import { assertAnswerSchema, validatorOf } from "../helpers/answerSchema.js";
import { startFleet } from "../helpers/sim.js";

/**
 * Every answer is what its response schema says (issue 18 item 2): the schemas the OpenAPI document shows and the
 * GUI and generated clients read, checked against real answers of a PARI Master with users, a gatekeeper and an LDAP
 * server, its Standby (full replication, §4.5.3.1) and two radios in one sync region.
 */

const ADMIN = basic("admin", "changeme");

/** A success whose body fits its route's schema (handleApi checks every answer; this also asks for a 2xx). */
function assertFitsSchema(c: Command, r: ApiResponse): unknown {
  assert.ok(r.status >= 200 && r.status < 300, `${c.name}: ${r.status} ${JSON.stringify(r.body)}`);
  const route = API_ROUTES.find((x) => x.name === c.name)!;
  if (c.contentType === undefined) assertAnswerSchema(route, r.status, r.body);
  return r.body;
}

const byName = (name: string): Command => {
  const c = COMMANDS.find((x) => x.name === name);
  assert.ok(c !== undefined, name);
  return c;
};

const devices = syncFleetDevices({
  systemId: 3,
  radios: [
    { name: "m", x: 0, y: 0, syncMode: "master" },
    { name: "s", x: 40, y: 0 },
  ],
});
Object.assign(devices[0]!, {
  kind: "IPVM",
  master: { mode: "active", id: 1 },
  users: [
    { longName: "Ann", number: "100", ipei: "0001905920153" },
    { longName: "Bob", number: "101", displayName: "Bob B." },
  ],
  gatekeeper: { proxy: "127.0.0.1:5070", anonymous: { name: "Emergency", number: "112" } },
  ldap: { server: { user: "ldap-user", password: "ldap-secret", writeAccess: true } },
});
devices.push({
  name: "standby",
  kind: "IPVM",
  mac: "00:90:33:01:00:02",
  ip: "127.0.1.2",
  master: { mode: "standby", id: 1, primary: "127.0.1.1" },
  ldap: { replicator: { type: "full", enabled: true, user: "ldap-user", password: "ldap-secret" } },
});
// An alien system next to radio s: heard stronger than s's sync (§4.12.2) and found by its RFP Scan (§4.23.10).
const FLEET = JSON.stringify({
  name: "response-schemas",
  until: "10m",
  air: { shadowingDb: 0, aliens: [{ name: "neighbour", systemId: 42, position: { x: 45, y: 0 } }] },
  devices,
});

describe("answers fit their response schemas (issue 18: a schema for every route)", async () => {
  const fleet = await startFleet(FLEET);
  after(() => fleet.close());
  await fleet.runFor(60_000);

  const call = (device: string, c: Command, path = c.path, body = ""): ReturnType<typeof handleApi> => {
    const url = new URL(path, "http://x");
    const request: ApiRequest = {
      method: c.method,
      path: url.pathname,
      query: url.searchParams,
      authorization: ADMIN,
      body,
    };
    return handleApi({ device: () => fleet.device(device), events: () => fleet.events.events }, request);
  };
  /** Runs the command `name` on `device` and checks its answer against its schema. */
  const fits = async (device: string, name: string, path?: string, body?: string): Promise<unknown> => {
    const c = byName(name);
    return assertFitsSchema(c, await call(device, c, path, body));
  };

  test("every reading command, on every device that answers it, answers what its schema says", async () => {
    const readers = COMMANDS.filter((c) => c.method === "GET" && !c.path.includes(":"));
    const answered = new Set<string>();
    for (const device of fleet.names)
      for (const c of readers) {
        const r = await call(device, c);
        if (r.status >= 400) continue; // not this device's function (409) or not this world's (metrics in the sim)
        assertFitsSchema(c, r);
        answered.add(c.name);
      }
    for (const name of [
      "alarms",
      "alarm-events",
      "radios",
      "sync",
      "sync-svg",
      "disturbances",
      "ldap-replicator",
      "ldap-server",
      "user-admins",
      "users",
      "users-export",
      "anonymous-export",
      "anonymous",
      "handsets",
      "directory",
      "dect-system",
      "sip",
      "sip-registrations",
      "gatekeeper",
    ])
      assert.ok(answered.has(name), `${name} answered somewhere`);
    const disturbances = await fits("pari", "disturbances");
    assert.ok(Array.isArray(disturbances) && disturbances.length > 0, "the alien disturbs radio s");
    const replicator = (await fits("standby", "ldap-replicator")) as { type: string };
    assert.equal(replicator.type, "full");
    assert.deepEqual(await fits("m", "ldap-replicator"), { state: "stopped" });
  });

  test("changes answer what their schemas say, a Reply's body included", async () => {
    await fits("pari", "user-add", "/api/users", '{"longName":"Cid","number":"102","ipei":"00019 0592016 4"}');
    await fits("pari", "user-change", "/api/users/102", '{"displayName":"Cid C."}');
    await fits("pari", "allow-subscription", "/api/users/102/allow-subscription");
    await fits("pari", "user-remove", "/api/users/102");
    await fits("pari", "users-import", undefined, "Dee;dee;103;;;;;;\n");
    await fits("pari", "user-admin-add", undefined, '{"longName":"Ua","name":"ua1","password":"pw-of-ua1"}');
    await fits("pari", "user-admin-remove", "/api/user-admins/ua1");
    await fits("pari", "dect-system-set", undefined, '{"subscription":"system-ac"}');
    await fits("pari", "sari", undefined, '{"saris":["B-0A5E-0B-1"]}');
    await fits("pari", "sync-clear", undefined, '{"region":0}');
    await fits("pari", "sync-carriers", undefined, '{"carriers":"0,1,2,3,4"}');
    await fits("s", "rfp-scan");
    await fits("pari", "data-set", "/api/master/data/k", "v");
    await fits("pari", "alarm-events-clear");
    await fits("pari", "directory", "/api/directory?entries=0");
    await fits("pari", "gatekeeper-set", undefined, '{"proxy":"127.0.0.9","temporaryFailure":503}');
    const removed = byName("gatekeeper-remove");
    const first = await call("pari", removed);
    assert.equal(first.status, 202);
    assertFitsSchema(removed, first);
    const nothing = await call("pari", removed);
    assert.equal(nothing.status, 200, "nothing left to remove: a Reply");
    assertFitsSchema(removed, nothing);
  });

  test("request body schemas: a user body (§4.10.3) and the gatekeeper section", () => {
    const userBody = (name: string) =>
      validatorOf(byName(name).params["user"]?.schema ?? byName(name).params["patch"]!.schema!);
    assert.equal(userBody("user-add")({ longName: "Dee", number: "103" }), true);
    assert.equal(userBody("user-add")({ longName: "Dee" }), false, "Number is required");
    assert.equal(userBody("user-add")({ longName: "Dee", number: "103", stun: "x" }), false, "unknown field");
    assert.equal(userBody("user-change")({}), true, "a change names only what changes");
    assert.equal(userBody("user-change")({ name: "" }), false, "1 to 64 characters");
    const gatekeeper = byName("gatekeeper-set").params["settings"]!;
    assert.equal(gatekeeper.media, "application/json");
    assert.equal(validatorOf(gatekeeper.schema!)({ proxy: "x" }), true, "its reader names the wrong field");
  });
});
