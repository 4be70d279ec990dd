import type { AccessLevel } from "../auth/levels.js";
import type { Method } from "./command.js";
import type { Admitted, ApiContext, ApiHead, ApiResponse } from "./route.js";
import type { BodyKind, RouteSchema } from "./routeSchema.js";

/** A request once its route is known and its body read and checked against the route's schema. */
export interface ApiCall extends ApiHead {
  /** The path parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The body as the route takes it (BodyKind): a JSON value, text, bytes, or undefined. */
  readonly body: unknown;
  /** The body as UTF-8 text ("" without one). */
  readonly text: string;
  /** Who is calling; undefined on a public route. */
  readonly who?: Admitted;
}

/**
 * One route of the management API, for the HTTP adapter (src/platform/node/HttpServer.ts): its method and path
 * (`:name` segments), the level it needs (undefined: anyone, the login routes of §3.4.1), how much body it reads, how
 * it takes the body, its schemas, and what answers it.
 */
export interface ApiRoute {
  readonly name: string;
  readonly method: Method;
  readonly path: string;
  readonly need: AccessLevel | undefined;
  readonly maxBody: number;
  readonly body: BodyKind;
  readonly schema: RouteSchema;
  readonly answer: (ctx: ApiContext, call: ApiCall) => Promise<ApiResponse>;
  /** The HTTP adapter streams this route's answer (EVENTS_STREAM) where the context can subscribe to events. */
  readonly streams?: true;
}
