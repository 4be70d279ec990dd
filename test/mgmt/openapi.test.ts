import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { allows, type AccessLevel } from "../../src/auth/levels.js";
import { API_ROUTES } from "../../src/mgmt/api.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { handleApi } from "../helpers/api.js";
import { startFleet } from "../helpers/sim.js";
import { basic, setUpLab, withLab } from "../helpers/testRealm.js";

/**
 * The OpenAPI document of the management API (issue 18): it validates as OpenAPI 3, it lists every route, and each of
 * its routes answers every access level as §3.4.2 says (401 without a login, 403 below its level) and a bad body with
 * 400 naming the field, before the command runs.
 */

interface Operation {
  readonly operationId: string;
  readonly "x-access-level"?: AccessLevel;
  readonly parameters?: readonly { name: string; in: string; schema: { pattern?: string } }[];
  readonly requestBody?: {
    content: Record<string, { schema: { type?: string; maxLength?: number; properties?: object } }>;
  };
}
type Doc = { paths: Record<string, Record<string, Operation>> };

/** A value of each path parameter that its pattern takes. */
const SAMPLES = ["00:90:33:00:00:01", "1000", "0", "x", "a".repeat(64), "LAB.EXAMPLE"];

/** `/api/radios/{mac}` with a value its pattern takes in every parameter. */
function concrete(path: string, op: Operation): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const pattern = op.parameters?.find((p) => p.in === "path" && p.name === name)?.schema.pattern;
    const fits = SAMPLES.find((v) => pattern === undefined || new RegExp(pattern).test(v));
    assert.ok(fits !== undefined, `${path}: no sample for {${name}} ${pattern}`);
    return encodeURIComponent(fits);
  });
}

/** A body the route must refuse with 400, and the field it must name (JSON object bodies). */
function badBody(op: Operation): { body: string; field?: string } | undefined {
  const content = op.requestBody?.content;
  if (content === undefined) return undefined;
  const [media, { schema }] = Object.entries(content)[0]!;
  if (media === "application/json" && schema.type === "object" && op.operationId !== "login")
    return { body: JSON.stringify({ notAField: 1 }), field: "notAField" };
  if (media === "application/json") return { body: "[" };
  // A text of a length limit: one character more. Other texts and uploads: bytes that are no native text, CSV, PEM,
  // DER or PKCS#12.
  const max = schema.maxLength;
  return { body: max === undefined ? "\u0000\u00ff not what this route takes \u0000" : "x".repeat(max + 1) };
}

/** The fields of a JSON object body. */
const fieldsOf = (op: Operation): string[] =>
  Object.keys(Object.values(op.requestBody?.content ?? {})[0]?.schema.properties ?? {});

describe("the OpenAPI document of the management API", async () => {
  const fleet = await startFleet(withLab(redundancyFleetYaml({ radios: 1, mode: "standby" }), ["a"]));
  await setUpLab(fleet);
  after(() => fleet.close());
  const ctx = { device: () => fleet.device("a"), events: () => fleet.events.events };
  const ADMIN = basic("admin", "changeme");
  const call = (method: string, path: string, authorization?: string, body?: string) => {
    const url = new URL(path, "http://device");
    return handleApi(ctx, {
      method,
      path: url.pathname,
      query: url.searchParams,
      authorization,
      ...(body === undefined ? {} : { body }),
    });
  };
  const ua = JSON.stringify({ longName: "UA", name: "ua", password: "ua-pw" });
  assert.equal((await call("POST", "/api/user-admins", ADMIN, ua)).status, 201);
  const callers: readonly (readonly [string, AccessLevel])[] = [
    [ADMIN, "system-admin"],
    [basic("ua", "ua-pw"), "user-admin"],
    [basic("kaudit@LAB", "kaudit-pw"), "auditor"],
  ];
  const res = await call("GET", "/api/openapi.json", ADMIN);
  const doc = res.body as Doc;
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

  test("is served to a logged-in caller, refused (401) without a login, and validates as OpenAPI 3", async () => {
    assert.equal(res.status, 200);
    assert.equal((await call("GET", "/api/openapi.json")).status, 401);
    const result = await new Validator().validate(doc as never);
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
  });

  test("lists every route of the device once, with its access level", () => {
    const listed = operations.map((o) => o.op.operationId).sort();
    const routes = API_ROUTES.map((r) => r.name).sort();
    assert.deepEqual(listed, routes);
    for (const { op } of operations) {
      const route = API_ROUTES.find((r) => r.name === op.operationId)!;
      assert.equal(op["x-access-level"], route.need, op.operationId);
    }
  });

  test("every route: 401 without a login, 403 below its level, 400 naming the field for a bad body", async () => {
    let checked = 0;
    for (const { path, method, op } of operations) {
      const url = concrete(path, op);
      const need = op["x-access-level"];
      const bad = badBody(op);
      if (need === undefined) {
        // The login routes anyone may call: a bad body is still 400.
        if (bad !== undefined) assert.equal((await call(method, url, undefined, bad.body)).status, 400, url);
        continue;
      }
      assert.equal((await call(method, url, undefined, bad?.body)).status, 401, `${method} ${url}`);
      for (const [auth, level] of callers) {
        const r = await call(method, url, auth, bad?.body);
        const where = `${level} ${method} ${url}`;
        if (!allows(level, need)) assert.equal(r.status, 403, where);
        else if (bad !== undefined) {
          assert.equal(r.status, 400, `${where}: ${JSON.stringify(r.body)}`);
          const error = (r.body as { error: { code: string; field?: string } }).error;
          // An unknown field, or a required one it lacks: either way the answer names it.
          if (bad.field !== undefined)
            assert.ok(error.field === bad.field || fieldsOf(op).includes(error.field!), where);
        }
        checked++;
      }
    }
    assert.ok(checked >= API_ROUTES.length * 2, `${checked} checks`);
  });
});
