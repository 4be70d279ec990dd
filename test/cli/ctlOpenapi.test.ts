import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { COMMANDS } from "../../src/mgmt/commands/index.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { handleApi } from "../helpers/api.js";
import { startFleet } from "../helpers/sim.js";
import { basic } from "../helpers/testRealm.js";

interface Operation {
  readonly parameters?: readonly { name: string; in: string }[];
  readonly requestBody?: { content: Record<string, { schema: { properties?: object } }> };
}

/**
 * `ipdect ctl` speaks the API the device describes (issue 18): every ctl word's request, as ctl builds it from the
 * command table, is an operation of the served OpenAPI document, with the same path, query and body fields.
 */
describe("ipdect ctl against the OpenAPI document", async () => {
  const fleet = await startFleet(redundancyFleetYaml({ radios: 1, mode: "standby" }));
  after(() => fleet.close());
  const res = await handleApi(
    { device: () => fleet.device("a"), events: () => fleet.events.events },
    {
      method: "GET",
      path: "/api/openapi.json",
      query: new URLSearchParams(),
      authorization: basic("admin", "changeme"),
    },
  );
  const doc = res.body as { paths: Record<string, Record<string, Operation>> };

  test("every ctl command is an operation of the document, with the parameters ctl sends", () => {
    const ctl = COMMANDS.filter((c) => c.ctl !== undefined);
    assert.ok(ctl.length > 50);
    for (const c of ctl) {
      const path = c.path.replace(/:(\w+)/g, "{$1}");
      const op = doc.paths[path]?.[c.method.toLowerCase()];
      assert.ok(op !== undefined, `${c.name}: ${c.method} ${path} is not in the document`);
      const named = (where: string) =>
        (op.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => p.name)
          .sort();
      const params = Object.entries(c.params);
      const of = (where: string) =>
        params
          .filter(([, p]) => p.in === where)
          .map(([k]) => k)
          .sort();
      assert.deepEqual(named("path"), of("path"), `${c.name}: path parameters`);
      assert.deepEqual(named("query"), of("query"), `${c.name}: query parameters`);
      const fields = of("json");
      if (fields.length > 0) {
        const schema = Object.values(op.requestBody?.content ?? {})[0]?.schema;
        assert.deepEqual(Object.keys(schema?.properties ?? {}).sort(), fields, `${c.name}: body fields`);
      }
      if (params.some(([, p]) => p.in === "body" || p.in === "bytes"))
        assert.ok(op.requestBody !== undefined, `${c.name}: the document shows its body`);
    }
  });
});
