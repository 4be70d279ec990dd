import assert from "node:assert/strict";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { API_ROUTES, type ApiRoute } from "../../src/mgmt/api.js";
import { COMMANDS } from "../../src/mgmt/commands/index.js";
import { ErrorBody, type TSchema } from "../../src/mgmt/schema.js";

/**
 * Every answer a test gets from the API is checked against its route's response schema (src/mgmt/routeSchema.ts),
 * so the OpenAPI document says what the device really answers: a success against the command's `response`, an
 * error against the one error schema.
 */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(ErrorBody, "Error");
const compiled = new WeakMap<TSchema, ValidateFunction>();

/** The route a request reaches, if any: a command by its compiled path, else a login route by its path. */
export function routeOf(method: string, path: string): ApiRoute | undefined {
  const command = COMMANDS.find((c) => c.method === method && c.route.test(path));
  return API_ROUTES.find((r) =>
    command === undefined ? r.need === undefined && r.method === method && r.path === path : r.name === command.name,
  );
}

/** Fails the test when `body` (JSON) is not what `route` says it answers with `status`. */
export function assertAnswerSchema(route: ApiRoute, status: number, body: unknown): void {
  const schema = status >= 400 ? ErrorBody : route.schema.response[String(status)];
  assert.ok(schema !== undefined, `${route.name}: ${status} is not among its documented answers`);
  let validate = compiled.get(schema);
  if (validate === undefined) compiled.set(schema, (validate = ajv.compile(schema)));
  assert.ok(validate(body), `${route.name} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
}
