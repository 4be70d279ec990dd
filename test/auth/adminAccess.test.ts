import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { BLOCK_MAX_MS, BLOCK_MIN_MS } from "../../src/auth/LoginGuard.js";
import { allows, type AccessLevel } from "../../src/auth/levels.js";
import type { ApiRequest } from "../../src/mgmt/api.js";
import { apiGate, handleApi } from "../helpers/api.js";
import { COMMANDS } from "../../src/mgmt/commands/index.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { startFleet } from "../helpers/sim.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";

const req = (method: string, path: string, authorization?: string, body = "", cookie?: string): ApiRequest => {
  const url = new URL(path, "http://x");
  return {
    method,
    path: url.pathname,
    query: url.searchParams,
    authorization,
    body,
    source: "127.0.0.9",
    ...(cookie === undefined ? {} : { cookie }),
  };
};

const yaml = (admin = "") =>
  redundancyFleetYaml({ radios: 1, mode: "standby" }).replace(/(\n {2}- name: a\n)/, `$1${admin}`);

/** Administrator access in virtual time (§3.4, §4.1): the same code as on real nodes, on the fleet's clock. */
describe("administrator access in virtual time (§3.4, §4.1.1–§4.1.7)", async () => {
  const fleet = await startFleet(withLab(redundancyFleetYaml({ radios: 1, mode: "standby" }), ["a"]));
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("a"), events: () => fleet.events.events };
  const call = (r: ApiRequest) => handleApi(ctx, r);
  const loginEvents = () => fleet.events.events.filter((e) => e.kind === "login");

  test("login block (§3.4.5.1): 5 s after a failure, doubling with each failure to 1800 s; the right password waits", async () => {
    const right = basic("admin", "changeme");
    const wrong = basic("admin", "nope");
    const expected: number[] = [];
    for (let block = BLOCK_MIN_MS; expected.length < 12; block = Math.min(block * 2, BLOCK_MAX_MS))
      expected.push(block);
    const seen: number[] = [];
    for (const block of expected) {
      const r = await call(req("GET", "/api/status", wrong));
      assert.equal(r.status, 401);
      seen.push(Number(r.headers?.["retry-after"]) * 1000);
      // Just before the block ends the right password is refused, unchecked; at its end it would work.
      await fleet.runFor(block - 100);
      const early = await call(req("GET", "/api/status", right));
      assert.equal(early.status, 401);
      assert.equal((early.body as { error: { code: string } }).error.code, "LOGIN_BLOCKED");
      await fleet.runFor(100);
    }
    assert.deepEqual(seen, expected);
    assert.equal(expected.at(-1), 1_800_000, "the block stops growing at 1800 s");
    const ok = await call(req("GET", "/api/status", right));
    assert.equal(ok.status, 200);
    const failed = loginEvents().filter((e) => e.action === "failed");
    assert.equal(failed.length, 12);
    assert.ok(
      failed.every((e) => e.user === "admin" && e.source === "127.0.0.9" && !JSON.stringify(e).includes("nope")),
    );
    assert.equal(loginEvents().filter((e) => e.action === "blocked").length, 12, "one event per block, not per try");
  });

  test("brute force: 1000 wrong passwords in 1000 s give no success, a growing block and logged events", async () => {
    const before = loginEvents().length;
    let lastBlock = 0;
    let checked = 0;
    for (let i = 0; i < 1000; i++) {
      const r = await call(req("GET", "/api/status", basic("LAB\\kadmin", `guess-${i}`)));
      assert.equal(r.status, 401);
      const code = (r.body as { error: { code: string } }).error.code;
      if (code === "UNAUTHORIZED") {
        checked++;
        const block = Number(r.headers?.["retry-after"]);
        assert.ok(block > lastBlock || block === 1800, "each checked failure blocks longer");
        lastBlock = block;
      } else assert.equal(code, "LOGIN_BLOCKED");
      await fleet.runFor(1000);
    }
    // 5 + 10 + … s: in 1000 s only a handful of guesses were even checked.
    assert.ok(checked <= 8, `${checked} guesses checked`);
    assert.equal((await call(req("GET", "/api/status", basic("LAB\\kadmin", "kadmin-pw")))).status, 401);
    const logged = loginEvents().slice(before);
    assert.equal(logged.filter((e) => e.action === "failed").length, checked);
    assert.ok(logged.some((e) => e.action === "blocked" && e.user === "LAB\\kadmin"));
  });

  test("form login (§3.4.4.1): the link must fit the level; welcome shows failures and last login; logout ends it", async () => {
    const form = (user: string, password: string, link?: string) =>
      call(req("POST", "/api/login", undefined, JSON.stringify({ user, password, ...(link ? { link } : {}) })));
    const page = await call(req("GET", "/api/login"));
    assert.equal(page.status, 200);
    const wrongLink = await form("admin", "changeme", "user");
    assert.equal(wrongLink.status, 401, "a System Administrator uses the System link");
    // A refused form login offers no Basic challenge: a browser would open its own dialog over the web GUI.
    assert.equal(wrongLink.headers?.["www-authenticate"], undefined);
    const r = await form("admin", "changeme", "system");
    assert.equal(r.status, 200);
    const cookie = r.headers?.["set-cookie"]?.split(";")[0];
    assert.match(cookie ?? "", /^ipdect_session=[A-Za-z0-9_-]{43}$/);
    assert.match(r.headers?.["set-cookie"] ?? "", /HttpOnly; SameSite=Strict/);
    const welcome = r.body as { user: string; level: AccessLevel; failedLogins: number; sessions: unknown[] };
    assert.equal(welcome.level, "system-admin");
    assert.equal(welcome.sessions.length, 1);
    assert.equal((await call(req("GET", "/api/status", undefined, "", cookie))).status, 200);
    // The login page names the cookie's session, so the web GUI opened again goes straight to its pages.
    const again = await call(req("GET", "/api/login", undefined, "", cookie));
    assert.deepEqual((again.body as { session?: unknown }).session, { user: "admin", level: "system-admin" });
    assert.equal((page.body as { session?: unknown }).session, undefined);
    assert.equal((await call(req("POST", "/api/logout", undefined, "", cookie))).status, 200);
    const stale = await call(req("GET", "/api/status", undefined, "", cookie));
    assert.equal(stale.status, 401);
    assert.equal(stale.headers?.["www-authenticate"], undefined, "a stale session cookie gets no Basic challenge");
    const none = await call(req("GET", "/api/status"));
    assert.match(none.headers?.["www-authenticate"] ?? "", /^Basic /, "a request without a cookie still does");
  });
});

describe("sessions: automatic logout and limits (§4.1.4, §4.1.5), Disable Native Authentication (§4.1.6)", async () => {
  const fleet = await startFleet(
    withLab(
      yaml(
        "    admin: { autoLogoutMinutes: 10, sessionLimitUser: 2, sessionLimitSystem: 3, disableNativeAuth: true }\n",
      ),
      ["a"],
    ),
  );
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("a"), events: () => fleet.events.events };
  const call = (r: ApiRequest) => handleApi(ctx, r);
  const login = async (user: string, password: string) => {
    const r = await call(req("POST", "/api/login", undefined, JSON.stringify({ user, password })));
    return { status: r.status, cookie: r.headers?.["set-cookie"]?.split(";")[0] };
  };

  test("Basic is refused when native authentication is disabled; the form still works", async () => {
    const r = await call(req("GET", "/api/status", basic("admin", "changeme")));
    assert.equal(r.status, 401);
    assert.equal((r.body as { error: { code: string } }).error.code, "NATIVE_AUTH_DISABLED");
    assert.ok(!(r.headers?.["www-authenticate"] ?? "").includes("Basic"));
  });

  test("a session idle for 10 minutes is logged out; one in use stays", async () => {
    const idle = await login("admin", "changeme");
    const busy = await login("admin", "changeme");
    for (let i = 0; i < 3; i++) {
      await fleet.runFor(4 * 60_000);
      assert.equal((await call(req("GET", "/api/status", undefined, "", busy.cookie))).status, 200);
    }
    assert.equal((await call(req("GET", "/api/status", undefined, "", idle.cookie))).status, 401);
    assert.ok(fleet.events.events.some((e) => e.kind === "login" && e.action === "idle-logout"));
    await call(req("POST", "/api/logout", undefined, "", busy.cookie));
  });

  test("two sessions per user, three per system: the next login is refused (429) until one ends", async () => {
    const a1 = await login("admin", "changeme");
    const a2 = await login("admin", "changeme");
    assert.equal((await login("admin", "changeme")).status, 429);
    const k1 = await login("LAB\\kadmin", "kadmin-pw");
    assert.equal(k1.status, 200);
    assert.equal((await login("LAB\\kaudit", "kaudit-pw")).status, 429, "the system limit");
    await call(req("POST", "/api/logout", undefined, "", a1.cookie));
    assert.equal((await login("LAB\\kaudit", "kaudit-pw")).status, 200);
    assert.ok(a2.cookie !== undefined);
  });
});

describe("the default System Administrator account (§3.2.2, §3.4.5.2)", async () => {
  const fleet = await startFleet(redundancyFleetYaml({ radios: 1, mode: "standby" }));
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("a"), events: () => fleet.events.events };
  const put = (body: object, who = basic("admin", "changeme")) =>
    handleApi(ctx, req("PUT", "/api/admin/account", who, JSON.stringify(body)));

  test("the device says it is on the factory password; name and password change together, with the old one", async () => {
    assert.equal(fleet.device("a").status().factoryAdminPassword, true);
    assert.equal((await put({ user: "boss", password: "S3cret!" })).status, 400, "the old password is required");
    assert.equal((await put({ user: "boss", oldPassword: "changeme" })).status, 400, "with the new password");
    assert.equal((await put({ user: "boss", oldPassword: "changeme", password: "x".repeat(16) })).status, 400);
    assert.equal((await put({ user: "boss", oldPassword: "changeme", password: "tab\there" })).status, 400);
    assert.equal((await put({ user: "bo:ss", oldPassword: "changeme", password: "S3cret!" })).status, 400);
    assert.equal((await put({ user: "boss", oldPassword: "wrong", password: "S3cret!" })).status, 409);
    const ok = await put({ user: "boss", oldPassword: "changeme", password: "S3cret!{|}~" });
    assert.equal(ok.status, 200);
    assert.equal(fleet.device("a").status().factoryAdminPassword, false);
  });

  test("after a restart the new account works and changeme does not; the flash holds a hash", async () => {
    await fleet.stopDevice("a");
    await fleet.startDevice("a");
    await fleet.runFor(60_000);
    assert.equal((await handleApi(ctx, req("GET", "/api/status", basic("boss", "S3cret!{|}~")))).status, 200);
    assert.equal((await handleApi(ctx, req("GET", "/api/status", basic("admin", "changeme")))).status, 401);
    const stored = new TextDecoder().decode(await fleet.device("a").env.store.get("auth/admin.json"));
    assert.match(stored, /"hash":"scrypt\$16384\$8\$1\$/);
    assert.ok(!stored.includes("S3cret"));
  });
});

describe("every route answers each access level as §3.4.2 says", async () => {
  const fleet = await startFleet(withLab(redundancyFleetYaml({ radios: 1, mode: "standby" }), ["a"]));
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("a"), events: () => fleet.events.events };
  const ua = JSON.stringify({ longName: "UA", name: "ua", password: "ua-pw" });
  assert.equal((await handleApi(ctx, req("POST", "/api/user-admins", basic("admin", "changeme"), ua))).status, 201);
  const callers: readonly (readonly [string, string, AccessLevel])[] = [
    ["System Administrator", basic("admin", "changeme"), "system-admin"],
    ["User Administrator", basic("ua", "ua-pw"), "user-admin"],
    ["Kerberos Administrator", basic("LAB\\kadmin", "kadmin-pw"), "system-admin"],
    ["Kerberos Auditor", basic("kaudit@LAB", "kaudit-pw"), "auditor"],
  ];
  /** A value of each path parameter that its pattern takes. */
  const samples = ["00:90:33:00:00:01", "1000", "0", "x", "a".repeat(64)];
  const pathOf = (path: string, route: RegExp): string => {
    const names = path.match(/:[a-zA-Z]+/g) ?? [];
    const fill = (i: number, p: string): string | undefined =>
      i === names.length
        ? route.test(p)
          ? p
          : undefined
        : samples.map((v) => fill(i + 1, p.replace(names[i]!, v))).find((x) => x !== undefined);
    return fill(0, path) ?? path;
  };

  for (const [who, auth, level] of callers)
    test(`${who}: every route is admitted or refused (403) as its level says, before any body`, async () => {
      for (const c of COMMANDS) {
        const path = pathOf(c.path, c.route);
        assert.ok(c.route.test(path), `${c.name}: ${path}`);
        const gate = await apiGate(ctx, req(c.method, path, auth));
        const status = "answer" in gate ? gate.answer.status : "admitted";
        assert.equal(
          status,
          allows(level, c.need) ? "admitted" : 403,
          `${who} ${c.method} ${c.path} (needs ${c.need})`,
        );
      }
    });

  test("a Join Realm account and an unknown user are refused everywhere (401)", async () => {
    for (const auth of [basic("LAB\\kjoin", "kjoin-pw"), basic("LAB\\ghost", "x")]) {
      const gate = await apiGate(ctx, req("GET", "/api/status", auth));
      assert.ok("answer" in gate && gate.answer.status === 401);
    }
  });
});
