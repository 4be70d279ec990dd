import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ConfigCode } from "../../src/core/config/configCodes.js";
import { formatNativeText } from "../../src/config/nativeText.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";
import type { ApiRequest } from "../../src/mgmt/api.js";
import { handleApi } from "../helpers/api.js";
import { startHttpServer } from "../../src/platform/node/HttpServer.js";
import { apiApp } from "../../src/platform/node/httpApi.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { loopbackBlock } from "../helpers/loopback.js";
import { startFleet } from "../helpers/sim.js";
import { assertBadBody } from "../helpers/badBody.js";

const ADMIN = basic("admin", "changeme");
const AUDITOR = basic("LAB\\kaudit", "kaudit-pw");

const req = (method: string, path: string, authorization: string | undefined, body = ""): ApiRequest => {
  const url = new URL(path, "http://x");
  return { method, path: url.pathname, query: url.searchParams, authorization, body };
};

describe("management API access control and input checks (manual 003 §3.4)", async () => {
  const fleet = await startFleet(withLab(redundancyFleetYaml({ radios: 1, mode: "standby" }), ["a"]));
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("a"), events: () => fleet.events.events };

  test("no credentials or a wrong password: 401, nothing done", async () => {
    assert.equal((await handleApi(ctx, req("GET", "/api/status", undefined))).status, 401);
    assert.equal((await handleApi(ctx, req("GET", "/api/status", basic("admin", "wrong")))).status, 401);
    assert.equal((await handleApi(ctx, req("GET", "/api/status", "Basic !!!"))).status, 401);
    assert.equal(
      (await handleApi(ctx, req("POST", "/api/reset?mode=immediate", basic("admin", "changemex")))).status,
      401,
    );
    // The failures blocked `admin` (§3.4.5.1): its block ends before the next test.
    await fleet.runFor(60_000);
  });

  test("an Auditor may read status and events but not change anything (403)", async () => {
    assert.equal((await handleApi(ctx, req("GET", "/api/status", AUDITOR))).status, 200);
    assert.equal((await handleApi(ctx, req("GET", "/api/events?since=0", AUDITOR))).status, 200);
    for (const [m, p] of [
      ["POST", "/api/reset"],
      ["PUT", "/api/config"],
      ["GET", "/api/config"],
      ["POST", "/api/master/activate-mirror"],
      ["PUT", "/api/master/data/x"],
    ])
      assert.equal((await handleApi(ctx, req(m!, p!, AUDITOR))).status, 403, `${m} ${p}`);
  });

  test("unknown resources are 404, wrong methods 405", async () => {
    assert.equal((await handleApi(ctx, req("GET", "/api/nothing", ADMIN))).status, 404);
    assert.equal((await handleApi(ctx, req("DELETE", "/api/status", ADMIN))).status, 405);
  });

  test("a malformed %-escape is a malformed path: 400 BAD_URL with or without a login, not a crash", async () => {
    for (const path of ["/api/master/data/%E0%A4%A", "/api/radios/%E0%A4%A", "/api/%E0%A4%A"])
      for (const who of [ADMIN, undefined]) {
        const r = await handleApi(ctx, req("PUT", path, who, "x"));
        assert.equal(r.status, 400, path);
        assert.equal((r.body as { error: { code: string } }).error.code, "BAD_URL");
      }
  });

  test("a bad configuration text is refused with its line, and the pending configuration is unchanged", async () => {
    const text = formatNativeText(fleet.device("a").config).replace("/mode active", "/mode sideways");
    const line = text.split("\n").findIndex((l) => l.includes("sideways")) + 1;
    const r = await handleApi(ctx, req("PUT", "/api/config", ADMIN, text));
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body), new RegExp(`request body:${line}: MASTER0 /mode`));
    assert.equal(fleet.device("a").pendingConfig, undefined);
  });

  test("a mirror command on a non-mirror Master is a 409 with the reason", async () => {
    const r = await handleApi(ctx, req("POST", "/api/master/switch-mirror", ADMIN));
    assert.equal(r.status, 409);
    assert.match(JSON.stringify(r.body), /needs Master mode Mirror/);
  });

  test("reset mode must be idle or immediate", async () => {
    assert.equal((await handleApi(ctx, req("POST", "/api/reset?mode=later", ADMIN))).status, 400);
  });

  test("the configuration read back never contains the admin password", async () => {
    const r = await handleApi(ctx, req("GET", "/api/config", ADMIN));
    assert.equal(r.status, 200);
    assert.doesNotMatch(JSON.stringify(r.body), /changeme/);
  });

  test("over HTTP: a request body over 1 MiB is refused with 413 and the server keeps serving", async () => {
    const ip = loopbackBlock()(1);
    const server = await startHttpServer(
      ip,
      18081,
      (
        await apiApp(
          () => ctx,
          () => undefined,
        )
      ).routing,
    );
    try {
      const big = await fetch(`http://${ip}:18081/api/config`, {
        method: "PUT",
        headers: { authorization: ADMIN },
        body: "x".repeat(2 << 20),
      }).catch(() => undefined);
      assert.ok(big === undefined || big.status === 413);
      const ok = await fetch(`http://${ip}:18081/api/status`, { headers: { authorization: ADMIN } });
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { name: string }).name, "a");
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe("air sync routes (§4.12): overview, picture, statistics, carriers, RFP scan", async () => {
  const { syncFleetYaml } = await import("../../sim/generators/sync.js");
  const fleet = await startFleet(
    withLab(
      syncFleetYaml({
        name: "api-sync",
        systemId: 3,
        radios: [
          { name: "m", x: 0, y: 0, syncMode: "master" },
          { name: "s", x: 40, y: 0 },
        ],
      }),
    ),
  );
  await setUpLab(fleet);
  after(() => fleet.close());
  await fleet.runFor(60_000);
  const pari = { device: () => fleet.device("pari"), events: () => fleet.events.events };
  const radio = { device: () => fleet.device("s"), events: () => fleet.events.events };

  test("an Auditor reads the overview as JSON and SVG and the disturbances; changes need System Admin", async () => {
    const json = await handleApi(pari, req("GET", "/api/sync", AUDITOR));
    assert.equal(json.status, 200);
    assert.equal((json.body as { regions: { nodes: unknown[] }[] }).regions[0]!.nodes.length, 2);
    const svg = await handleApi(pari, req("GET", "/api/sync.svg", AUDITOR));
    assert.equal(svg.contentType, "image/svg+xml");
    assert.match(String(svg.body), /^<\?xml[\s\S]*<svg[\s\S]*class="node green"/);
    assert.equal((await handleApi(pari, req("GET", "/api/sync/disturbances", AUDITOR))).status, 200);
    for (const [m, p] of [
      ["POST", "/api/sync/resync"],
      ["POST", "/api/sync/clear"],
      ["PUT", "/api/sync/carriers"],
      ["POST", "/api/radio/scan"],
    ])
      assert.equal((await handleApi(pari, req(m!, p!, AUDITOR, '{"region":0}'))).status, 403, `${m} ${p}`);
  });

  test("bad bodies are 400 with the field; a state that does not allow it is 409", async () => {
    const post = (p: string, body: string) => handleApi(pari, req("POST", p, ADMIN, body));
    assert.equal((await post("/api/sync/clear", '{"region":250}')).status, 400);
    assert.equal((await post("/api/sync/clear", '{"region":"0"}')).status, 400);
    assert.equal((await post("/api/sync/clear", "{")).status, 400);
    const carriers = (body: string) => handleApi(pari, req("PUT", "/api/sync/carriers", ADMIN, body));
    assert.equal((await carriers('{"carriers":"11"}')).status, 400, "§4.6.7: carrier 11 is not of 1880–1900 MHz");
    assert.equal((await carriers('{"carriers":""}')).status, 400);
    assert.equal((await carriers('{"carriers":"all","band":"mars"}')).status, 400);
    const noRef = await post("/api/sync/resync", '{"region":0}');
    assert.equal(noRef.status, 409);
    assert.match(JSON.stringify(noRef.body), /no Reference RFPI/);
    assert.equal((await post("/api/sync/clear", '{"region":0}')).status, 200);
    assert.equal((await handleApi(radio, req("POST", "/api/radio/scan", ADMIN))).status, 200);
    assert.equal((await handleApi(radio, req("GET", "/api/sync", ADMIN))).status, 409, "a radio has no PARI function");
  });
});

describe("users over HTTP (§3.14.3, §4.10): add, CSV import with refused rows, export without secrets", async () => {
  const fleet = await startFleet(withLab(redundancyFleetYaml({ radios: 1, mode: "standby" }), ["a"]));
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("a"), events: () => fleet.events.events };
  const call = (m: string, p: string, body = "", who = ADMIN) => handleApi(ctx, req(m, p, who, body));

  test("User Administrators (§3.4.5.4): created by a System Administrator only, log in with Name and password, manage users and nothing else", async () => {
    const ua = basic("ua1", "pw-of-ua1");
    assert.equal((await call("GET", "/api/users", "", ua)).status, 401, "no such account yet");
    // That failure blocked the name for 5 s (§3.4.4.1); the block passes in virtual time.
    await fleet.runFor(6_000);
    const body = JSON.stringify({ longName: "User Admin One", name: "ua1", password: "pw-of-ua1" });
    assert.equal((await call("POST", "/api/user-admins", body, AUDITOR)).status, 403);
    assert.equal((await call("POST", "/api/user-admins", body)).status, 201);
    assert.equal((await call("POST", "/api/user-admins", body)).status, 409, "login names are unique");
    const long = JSON.stringify({ longName: "X", name: "ua2", password: "x".repeat(24) });
    assert.equal((await call("POST", "/api/user-admins", long)).status, 400, "24 characters: one more than §3.4.5.4");
    const max = JSON.stringify({ longName: "X", name: "ua2", password: "x".repeat(23) });
    assert.equal((await call("POST", "/api/user-admins", max)).status, 201);
    assert.equal(
      (await call("POST", "/api/user-admins", JSON.stringify({ longName: "A", name: "admin", password: "p" }))).status,
      409,
    );
    assert.equal((await call("GET", "/api/users", "", ua)).status, 200);
    assert.equal((await call("POST", "/api/users", '{"longName":"Ua made","number":"9001"}', ua)).status, 201);
    assert.equal((await call("GET", "/api/users", "", basic("ua1", "wrong"))).status, 401);
    assert.equal((await call("GET", "/api/users", "", ua)).status, 401, "blocked: the right password is refused");
    await fleet.runFor(11_000);
    // §3.4.4: a User Administrator may view the User Administrators, not manage them.
    assert.equal((await call("GET", "/api/user-admins", "", ua)).status, 200);
    for (const [m, p] of [
      ["GET", "/api/config"],
      ["GET", "/api/dect/system"],
      ["POST", "/api/user-admins"],
      ["POST", "/api/reset"],
    ] as const)
      assert.equal((await call(m, p, "", ua)).status, 403, `${m} ${p}`);
    const list = (await call("GET", "/api/user-admins")).body as { name: string; password?: string }[];
    assert.deepEqual(
      list.map((a) => a.name),
      ["ua1", "ua2"],
    );
    assert.ok(list.every((a) => a.password === undefined));
    assert.equal((await call("DELETE", "/api/users/9001", "", ua)).status, 200);
    assert.equal((await call("DELETE", "/api/user-admins/ua1")).status, 200);
    assert.equal((await call("GET", "/api/users", "", ua)).status, 401);
  });

  test("import, refused rows with their line, export without Auth. Code and Password; Auditors cannot read users", async () => {
    const csv =
      "Long Name;Name;Number;Display Name;Auth Name (SIP);Idle Display;IPEI/IPDI;Password;\nAnn;ann;100;;;;;s3cret;\nBob;bob;101;;;;;;\n";
    const r = await call("POST", "/api/users/import", csv);
    assert.deepEqual(r.body, { result: "imported", count: 2 });
    const refused = await call("POST", "/api/users/import", "Cid;c;102;;;;;;\nDup;d;100;;;;;;\n");
    assert.equal(refused.status, 400);
    assert.deepEqual((refused.body as { rejected: unknown }).rejected, [
      { row: 2, reason: "Number 100 is already used" },
    ]);
    const users = (await call("GET", "/api/users")).body as { number: string; authCode: string; password?: string }[];
    assert.deepEqual(
      users.map((u) => u.number),
      ["100", "101"],
    );
    assert.ok(users.every((u) => u.password === undefined && /^\d{4}$/.test(u.authCode)));
    const out = await call("GET", "/api/users/export");
    assert.equal(out.contentType, "text/csv; charset=utf-8");
    assert.doesNotMatch(String(out.body), /s3cret|Password|Auth\. Code/);
    assert.equal((await call("GET", "/api/users", "", AUDITOR)).status, 403);
    assert.equal((await call("POST", "/api/users", '{"longName":"Dee","number":"100"}')).status, 409);
    assert.equal((await call("POST", "/api/users", '{"longName":"Dee"}')).status, 400);
    assert.equal((await call("POST", "/api/users", '{"longName":"Dee","number":"103"}')).status, 201);
    assert.equal((await call("DELETE", "/api/users/103")).status, 200);
    assert.equal((await call("DELETE", "/api/users/103")).status, 409);
  });

  test('§4.10.3 "To view the PARK and the PARK 3rd pty code: Select Users → Users": GET /api/park on the PARI Master', async () => {
    const r = await call("GET", "/api/park");
    assert.equal(r.status, 200);
    const codes = r.body as { park?: string; park3rdParty: string };
    assert.match(codes.park3rdParty, /^PARK\{27\} B-[0-9A-F]{4}-[0-9A-F]{2}-0$/);
    assert.equal(codes.park, undefined, "no SARI set");
    assert.equal((await call("GET", "/api/park", "", AUDITOR)).status, 403);
  });

  test('§4.10.8 Add an Anonymous Handset, one at a time: "Click new. Enter the IPEI for the anonymous handset. Click OK."', async () => {
    const added = await call("POST", "/api/anonymous", '{"ipei":"00019 0592015 3"}');
    assert.equal(added.status, 201);
    assert.deepEqual(added.body, { result: "added", ipei: "0001905920153" });
    assert.deepEqual((await call("GET", "/api/anonymous")).body, ["0001905920153"]);
    const again = await call("POST", "/api/anonymous", '{"ipei":"0001905920153"}');
    assert.equal(again.status, 409, "an IPEI already known");
    assert.match(JSON.stringify(again.body), /already known/);
    const bad = await call("POST", "/api/anonymous", '{"ipei":"12345"}');
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /not an IPEI/);
    assert.equal((await call("POST", "/api/anonymous", '{"ipei":"0001905920161"}', AUDITOR)).status, 403);
    assert.deepEqual((await call("GET", "/api/anonymous")).body, ["0001905920153"], "nothing else added");
  });
});

describe("gatekeeper settings over HTTP (§4.6.23, §4.6.24): stored pending, in force after a reset (§4.24)", async () => {
  const fleet = await startFleet(
    withLab(`
name: api-gatekeeper
devices:
  - name: gk
    kind: IPVM
    mac: 00:90:33:01:00:01
    ip: 127.0.1.1
    master: { mode: active }
    users:
      - { longName: Ann, number: "2000" }
  - name: r
    kind: IPBS
    mac: 00:90:33:02:00:01
    ip: 127.0.2.1
    radio: { master: 127.0.1.1 }
`),
  );
  await setUpLab(fleet);
  after(() => fleet.close());
  const at = (name: string) => ({ device: () => fleet.device(name), events: () => fleet.events.events });
  const call = (m: string, body = "", who = ADMIN, name = "gk") =>
    handleApi(at(name), req(m, "/api/gatekeeper", who, body));
  const PUT_BODY = JSON.stringify({
    protocol: "sip-tcp",
    proxy: "127.0.0.1:5070",
    altProxies: ["127.0.0.2:5070"],
    anonymous: { name: "Emergency", number: "112" },
  });

  test("an Auditor reads running and pending; PUT and DELETE need a System Administrator (403, 401)", async () => {
    const r = await call("GET", "", AUDITOR);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { running: null, pending: null });
    assert.equal((await call("PUT", PUT_BODY, AUDITOR)).status, 403);
    assert.equal((await call("DELETE", "", AUDITOR)).status, 403);
    assert.equal((await handleApi(at("gk"), req("PUT", "/api/gatekeeper", undefined, PUT_BODY))).status, 401);
    assert.equal((await call("GET", "", basic("audit", "wrong"))).status, 401);
    assert.equal((await handleApi(at("gk"), req("POST", "/api/gatekeeper", ADMIN))).status, 405);
    assert.equal(fleet.device("gk").pendingConfig, undefined);
  });

  test("a bad body is 400 with the field, and nothing is stored", async () => {
    const bad = async (body: string, code: string, field?: string) =>
      assertBadBody(await call("PUT", body), body, code, field);
    await bad("{", "BAD_JSON");
    await bad("[]", "BAD_FIELD"); // the route's schema: a JSON object
    await bad("{}", ConfigCode.Required, "proxy");
    await bad('{"proxy":"127.0.0.1","stun":"x"}', ConfigCode.UnknownKey, "stun");
    await bad('{"proxy":"pbx:0"}', ConfigCode.SipAddress, "proxy");
    await bad(
      '{"proxy":"p1.example.com","altProxies":["p2.example.com","127.0.0.3"]}',
      ConfigCode.AltProxyDomainNames,
      "altProxies[1]",
    );
    await bad(
      '{"proxy":"127.0.0.1","anonymous":{"name":"a","number":"11x"}}',
      ConfigCode.Anonymous,
      "anonymous.number",
    );
    await bad('{"proxy":"127.0.0.1","temporaryFailure":404}', ConfigCode.Gatekeeper, "temporaryFailure");
    assert.equal(fleet.device("gk").pendingConfig, undefined);
  });

  test("a device without a Master role cannot have a gatekeeper (400 with the reason)", async () => {
    const r = await call("PUT", PUT_BODY, ADMIN, "r");
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body), /CONFIG_GATEKEEPER_NEEDS_MASTER.*need a Master role that is not off/);
    assert.equal(fleet.device("r").pendingConfig, undefined);
    assert.deepEqual((await call("GET", "", AUDITOR, "r")).body, { running: null, pending: null });
  });

  test("PUT answers 202 with the pending settings; they are in force after the reset, and users added since stay", async () => {
    assert.equal(
      (await handleApi(at("gk"), req("POST", "/api/users", ADMIN, '{"longName":"Bob","number":"2001"}'))).status,
      201,
    );
    const r = await call("PUT", PUT_BODY);
    assert.equal(r.status, 202);
    const pending = (r.body as { pending: Record<string, unknown>; note: string }).pending;
    assert.equal((r.body as { note: string }).note, "takes effect after reset (§4.6.23 step 17)");
    assert.equal(pending["protocol"], "sip-tcp");
    assert.equal(pending["localPort"], 5060);
    assert.equal(pending["temporaryFailure"], 480);
    assert.deepEqual((await call("GET", "", AUDITOR)).body, { running: null, pending });
    assert.equal(fleet.device("gk").status().pendingReset, true);
    // The native text of the pending configuration carries GK0 and GK0ANON.
    const config = (await handleApi(at("gk"), req("GET", "/api/config", ADMIN))).body as { pending: string };
    assert.match(config.pending, /^config change GK0 \/protocol sip-tcp \/proxy 127\.0\.0\.1:5070 /m);
    assert.match(config.pending, /^config change GK0ANON \/name Emergency \/number 112$/m);
    assert.equal((await handleApi(at("gk"), req("POST", "/api/reset?mode=immediate", ADMIN))).status, 200);
    assert.deepEqual((await call("GET", "", AUDITOR)).body, { running: pending, pending: null });
    const users = (await handleApi(at("gk"), req("GET", "/api/users", ADMIN))).body as { number: string }[];
    assert.deepEqual(users.map((u) => u.number).sort(), ["2000", "2001"]);
  });

  test("a second PUT edits the pending configuration; DELETE removes the section the same way", async () => {
    const first = await call("PUT", '{"proxy":"127.0.0.9"}');
    assert.equal(first.status, 202);
    const mode = await handleApi(
      at("gk"),
      req(
        "PUT",
        "/api/config",
        ADMIN,
        formatNativeText(fleet.device("gk").pendingConfig!).replace(
          "/proxy 127.0.0.9",
          "/proxy 127.0.0.8 /redirection",
        ),
      ),
    );
    assert.equal(mode.status, 202);
    // PUT /api/gatekeeper edits the pending configuration (keeping its other changes), not the running one.
    assert.equal((await call("PUT", '{"proxy":"127.0.0.7","instanceId":true}')).status, 202);
    const pending = fleet.device("gk").pendingConfig?.gatekeeper;
    assert.equal(pending?.proxy, "127.0.0.7");
    assert.equal(pending?.instanceId, true);
    assert.equal(pending?.redirection, false, "the whole section is replaced");
    const del = await call("DELETE");
    assert.equal(del.status, 202);
    assert.deepEqual(del.body, { pending: null, note: "takes effect after reset (§4.6.23 step 17)" });
    assert.equal(fleet.device("gk").pendingConfig?.gatekeeper, undefined);
    assert.notEqual(fleet.device("gk").config.gatekeeper, undefined, "still running until the reset");
    // Nothing left to remove: nothing is stored.
    const again = await call("DELETE");
    assert.equal(again.status, 200);
    assert.equal((await handleApi(at("gk"), req("POST", "/api/reset?mode=immediate", ADMIN))).status, 200);
    assert.deepEqual((await call("GET", "", AUDITOR)).body, { running: null, pending: null });
    assert.equal((await call("DELETE")).status, 200);
    assert.equal(fleet.device("gk").pendingConfig, undefined);
  });
});
