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
const ajv = new Ajv({ strict: true, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(ErrorBody);
const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * `schema` with its top-level fields closed: an answer's object (or each object of a list answer) may hold only the
 * fields its schema describes, so a field the OpenAPI document does not show fails the test. Nested objects may be
 * described by their main fields only; they stay open.
 */
function closed(schema: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(schema["anyOf"]))
    return { ...schema, anyOf: (schema["anyOf"] as Record<string, unknown>[]).map(closed) };
  if (schema["type"] === "array") return { ...schema, items: closed(schema["items"] as Record<string, unknown>) };
  if (schema["type"] === "object" && schema["additionalProperties"] === undefined)
    return { ...schema, additionalProperties: false };
  return schema;
}

/** A validator for `schema`, its top-level fields closed. */
export function validatorOf(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) compiled.set(schema, (validate = ajv.compile(closed(schema))));
  return validate;
}

/** The route a request reaches, if any: a command by its compiled path, else a login route by its path. */
export function routeOf(method: string, path: string): ApiRoute | undefined {
  const command = COMMANDS.find((c) => c.method === method && c.route.test(path));
  return API_ROUTES.find((r) =>
    command === undefined ? r.need === undefined && r.method === method && r.path === path : r.name === command.name,
  );
}

/** Fails the test when `body` (JSON) is not what `route` says it answers with `status`. */
export function assertAnswerSchema(route: ApiRoute, status: number, body: unknown): void {
  const schema = route.schema.response[String(status)];
  assert.ok(status >= 400 || schema !== undefined, `${route.name}: ${status} is not among its documented answers`);
  const validate = status >= 400 ? ajv.getSchema(ErrorBody.$id!)! : validatorOf(schema!);
  assert.ok(validate(body), `${route.name} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
}
