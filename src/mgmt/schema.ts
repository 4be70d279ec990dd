import { Type, type Static, type TSchema } from "@sinclair/typebox";

/**
 * The JSON Schema language of the management API: TypeBox builds each route's request and response schema as plain
 * JSON Schema (what Fastify validates and the OpenAPI document shows) and gives its TypeScript type, so a command's
 * answer is checked against its schema when it compiles. This file is TypeBox's one adapter (docs/architecture.md).
 */
export const S = Type;
export type { Static, TSchema };

/** The error answer of every route: `{ error: { code, message, field? } }` (docs/errors.md). */
export const ErrorBody = S.Object(
  {
    error: S.Object({
      code: S.String({ description: "stable error code (docs/errors.md)" }),
      message: S.String(),
      field: S.Optional(S.String({ description: "the request field that is wrong" })),
    }),
    rejected: S.Optional(
      S.Array(S.Object({ row: S.Integer(), reason: S.String() }), {
        description: "a refused CSV import: every refused row (§3.14.3)",
      }),
    ),
  },
  { $id: "Error" },
);

/**
 * `{ result }`: what an action did, with its extra fields. The schema allows only `result` itself; its TypeScript type
 * is string, since a literal does not survive an async command's return.
 */
export function Result<P extends Record<string, TSchema>>(result: string, extra: P = {} as P) {
  return S.Object({ result: OneOf([result]), ...extra });
}

/** One of these texts (JSON Schema `enum`), typed as string. */
export const OneOf = (texts: readonly string[], description?: string) =>
  S.Unsafe<string>({ type: "string", enum: texts, ...(description === undefined ? {} : { description }) });

/** An ISO 8601 date-time text. */
export const DateTime = S.String({ format: "date-time" });

/** A MAC address text, canonical (aa:bb:cc:dd:ee:ff). */
export const MacText = S.String({ pattern: "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$" });

/** Any JSON object: a section of settings whose rules its reader checks (the answer names the field). */
export const Settings = (description: string) => S.Object({}, { additionalProperties: true, description });

/**
 * A time on the device's clock in milliseconds: since the epoch on a real node, since the fleet started in the sim
 * (the sim's virtual clock starts at 0).
 */
export const ClockMs = (what: string) =>
  S.Number({ description: `${what}: ms since the epoch (node) or since the fleet started (sim)` });

/**
 * An array, typed as a readonly one: the models the commands answer hand out readonly lists, which TypeBox's mutable
 * array type would not accept. The JSON Schema is the array's.
 */
export const List = <T extends TSchema>(item: T, options?: Parameters<typeof Type.Array>[1]) =>
  S.Unsafe<readonly Static<T>[]>(S.Array(item, options));
