import type { Command, Param } from "./command.js";
import { ErrorBody, S, type TSchema } from "./schema.js";

/**
 * The JSON Schemas of one route, from its command entry: what the HTTP adapter validates before the command runs
 * (path, query, JSON body) and what the OpenAPI document shows (`/api/openapi.json`). The entry stays the one source:
 * a command's parameters give the request schema, its `response` the answer's.
 */
export interface RouteSchema {
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: TSchema;
  readonly querystring?: TSchema;
  /** Validated: a JSON object body (its fields) or a JSON document (`body` with a schema) or text. */
  readonly body?: TSchema;
  /** The request body's media type for the OpenAPI document. */
  readonly consumes?: readonly string[];
  readonly produces: readonly string[];
  readonly response: Readonly<Record<string, TSchema>>;
}

/** How a route's body reaches its command: none, a JSON object of fields, a JSON document, text or bytes. */
export type BodyKind = "none" | "fields" | "json" | "text" | "bytes";

/** A text field of a JSON body: 1 to 64 characters (route.ts `fieldValue`). */
const FieldText = S.String({ minLength: 1, maxLength: 64 });

const FIELD_SHAPES: Readonly<Record<NonNullable<Param<unknown>["shape"]>, TSchema>> = {
  string: FieldText,
  number: S.Number(),
  "string[]": S.Array(S.String()),
};

const entries = (c: Command, where: Param<unknown>["in"]) => Object.entries(c.params).filter(([, p]) => p.in === where);

/** An object of the given parameters; `additionalProperties: false`, so an unknown field is named and refused. */
function objectOf(
  params: [string, Param<unknown>][],
  schemaOf: (p: Param<unknown>) => TSchema,
  requirable = true,
): TSchema | undefined {
  if (params.length === 0) return undefined;
  // TypeBox makes every property required unless it is wrapped in Optional.
  const properties = Object.fromEntries(
    params.map(([k, p]) => {
      const s = schemaOf(p);
      const described = p.description === undefined ? s : { ...s, description: p.description };
      const required = requirable && p.optional !== true && p.default === undefined;
      return [k, required ? described : S.Optional(described)];
    }),
  );
  return S.Object(properties, { additionalProperties: false });
}

/** How the command takes its body. */
export function bodyKind(c: Command): BodyKind {
  if (entries(c, "json").length > 0) return "fields";
  const [whole] = entries(c, "body");
  if (whole !== undefined) return whole[1].media === "application/json" ? "json" : "text";
  return entries(c, "bytes").length > 0 ? "bytes" : "none";
}

/** The request body's schema and media type. */
function requestBody(c: Command): Pick<RouteSchema, "body" | "consumes"> {
  const kind = bodyKind(c);
  if (kind === "none") return {};
  if (kind === "fields") {
    const body = objectOf(entries(c, "json"), (p) => FIELD_SHAPES[p.shape ?? "string"])!;
    return { body, consumes: ["application/json"] };
  }
  const [, p] = (kind === "bytes" ? entries(c, "bytes") : entries(c, "body"))[0]!;
  if (kind === "bytes") return { consumes: [p.media ?? "application/octet-stream"] };
  const media = p.media ?? "text/plain";
  return {
    body: p.schema ?? S.String({ ...(p.description === undefined ? {} : { description: p.description }) }),
    consumes: [media],
  };
}

/** The route's schemas; `errors` are the error statuses it may answer (401 and 403 always). */
export function routeSchema(c: Command): RouteSchema {
  const params = objectOf(entries(c, "path"), (p) => S.String({ pattern: `^(?:${p.pattern!})$` }));
  // A query value is never required: an absent one is the command's default (readParam).
  const querystring = objectOf(
    entries(c, "query"),
    (p) => (p.default === undefined ? S.String() : S.String({ default: p.default })),
    false,
  );
  const success = c.response;
  return {
    summary: c.summary,
    tags: [tagOf(c.path)],
    ...(params === undefined ? {} : { params }),
    ...(querystring === undefined ? {} : { querystring }),
    ...requestBody(c),
    produces: [c.contentType ?? "application/json"],
    response: {
      ...Object.fromEntries([c.status, ...(c.replies ?? [])].map((status) => [String(status), success])),
      "4XX": S.Ref(ErrorBody.$id!),
      "5XX": S.Ref(ErrorBody.$id!),
    },
  };
}

/** The area a route belongs to, from its path: `/api/certs/trust` → `certs`. */
const tagOf = (path: string): string => path.split("/")[2]?.replace(/\..*$/, "") ?? "api";
