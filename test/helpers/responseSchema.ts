import assert from "node:assert/strict";
import { createRequire } from "node:module";
import type { ApiResponse } from "../../src/mgmt/api.js";
import type { Command } from "../../src/mgmt/command.js";
import type { TSchema } from "../../src/mgmt/schema.js";

/**
 * Checks a real answer against its command's response schema with Ajv 8, the validator Fastify itself compiles
 * schemas with. The package's top-level `ajv` is ESLint's Ajv 6, so Ajv 8 and ajv-formats are loaded from where
 * Fastify's ajv-compiler finds them.
 */

interface Validate {
  (data: unknown): boolean;
  errors?: readonly { instancePath: string; message?: string }[] | null;
}
interface Ajv {
  compile(schema: object): Validate;
}

const fromFastify = createRequire(createRequire(import.meta.url).resolve("@fastify/ajv-compiler"));
const AjvClass = (fromFastify("ajv") as { default: new (options: object) => Ajv }).default;
const addFormats = (fromFastify("ajv-formats") as { default: (ajv: Ajv) => Ajv }).default;
const ajv = addFormats(new AjvClass({ strict: true, allErrors: true }));
const compiled = new Map<TSchema, Validate>();

/**
 * `schema` with its top-level fields closed: an answer's object (or each object of a list answer) may hold only the
 * fields its schema describes. Nested objects may be described by their main fields only; they stay open.
 */
function closed(schema: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(schema["anyOf"]))
    return { ...schema, anyOf: (schema["anyOf"] as Record<string, unknown>[]).map(closed) };
  if (schema["type"] === "array") return { ...schema, items: closed(schema["items"] as Record<string, unknown>) };
  if (schema["type"] === "object" && schema["additionalProperties"] === undefined)
    return { ...schema, additionalProperties: false };
  return schema;
}

/** A validator of answers for `schema`, with the top-level fields closed. */
export function validatorOf(schema: TSchema): Validate {
  let v = compiled.get(schema);
  if (v === undefined) {
    v = ajv.compile(closed(schema));
    compiled.set(schema, v);
  }
  return v;
}

/**
 * Asserts that `r` is a success whose body fits `c.response`; a JSON body is checked as it goes over the wire (its
 * undefined fields dropped). Returns the body.
 */
export function assertFitsSchema(c: Command, r: ApiResponse): unknown {
  assert.ok(r.status >= 200 && r.status < 300, `${c.name}: ${r.status} ${JSON.stringify(r.body)}`);
  assert.ok(c.response !== undefined, `${c.name} has no response schema`);
  const body = c.contentType === undefined ? (JSON.parse(JSON.stringify(r.body)) as unknown) : r.body;
  const validate = validatorOf(c.response);
  const errors = validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
  assert.deepEqual(errors, [], `${c.name}: the answer does not fit its schema: ${JSON.stringify(body)}`);
  return body;
}
