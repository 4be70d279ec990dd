import { TIMING_MAX_MS } from "./timing.js";

/**
 * JSON Schema (draft 2020-12) fragments for the configuration's keys. A reader declares the schema of its mapping
 * beside it from the same key list it hands FieldReader.mapping and the same limits it checks, so the fleet file's
 * schema (scripts/fleet-schema.mjs, docs/design.md "Fleet file schema") cannot list a key the reader refuses nor miss
 * one it reads. The readers stay the rule: the schema is what an editor can check while typing.
 */
export type JsonSchema = { readonly [key: string]: unknown };

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

/** A non-empty text (FieldReader.text). */
export const TEXT: JsonSchema = { type: "string", minLength: 1 };
/** A dotted IPv4 address (ipv4.ts isIpv4). */
export const IPV4: JsonSchema = { type: "string", pattern: `^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$` };
export const BOOLEAN: JsonSchema = { type: "boolean" };
export const NUMBER: JsonSchema = { type: "number" };
/** A duration text (core/duration.ts: `90s`, `5m30s`, `250ms`) or a number of milliseconds. */
export const DURATION: JsonSchema = {
  anyOf: [
    { type: "number", minimum: 0 },
    { type: "string", pattern: "^\\s*(\\d+(\\.\\d+)?\\s*(h|m|s|ms)\\s*)+$" },
  ],
};
/** A timing field in whole milliseconds (timing.ts readTiming). */
export const TIMING: JsonSchema = { type: "integer", minimum: 1, maximum: TIMING_MAX_MS };

/** A whole number from `min` to `max` (FieldReader.integer). */
export function integer(min: number, max: number): JsonSchema {
  return { type: "integer", minimum: min, maximum: max };
}

/** A number, with the bounds the reader checks. */
export function numberIn(min?: number, max?: number): JsonSchema {
  return {
    type: "number",
    ...(min === undefined ? {} : { minimum: min }),
    ...(max === undefined ? {} : { maximum: max }),
  };
}

/** One of `choices` (FieldReader.oneOf). */
export function oneOf(choices: readonly (string | number | boolean)[]): JsonSchema {
  return { enum: [...choices] };
}

export function listOf(items: JsonSchema, minItems?: number): JsonSchema {
  return { type: "array", items, ...(minItems === undefined ? {} : { minItems }) };
}

/** Any of the forms. */
export function anyOf(...forms: JsonSchema[]): JsonSchema {
  return { anyOf: forms };
}

/**
 * A mapping with exactly the keys `keys` (the list the reader hands FieldReader.mapping); `typed` gives the schema of
 * the keys it knows more of, the others take any value. `required`: the keys the reader requires.
 */
export function mappingOf<K extends string>(
  keys: readonly K[],
  typed: { readonly [P in K]?: JsonSchema } = {},
  required: readonly K[] = [],
): JsonSchema {
  return {
    type: "object",
    properties: Object.fromEntries(keys.map((k) => [k, typed[k] ?? {}])),
    additionalProperties: false,
    ...(required.length === 0 ? {} : { required: [...required] }),
  };
}
