import { IpdectError } from "../core/errors.js";
import { allows } from "../auth/levels.js";
import { CsvError } from "../users/csv.js";
import { admit } from "./admission.js";
import { forgetAnswers, keptAnswer, lastChange } from "./answerCache.js";
import { readParam, Reply, type Args, type Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { httpStatusOf } from "./httpStatus.js";
import { EVENTS_STREAM } from "./eventStream.js";
import { LOGIN_ROUTES } from "./loginRoutes.js";
import { bodyKind, routeSchema } from "./routeSchema.js";
import { ok, prepared, refuse, type Admitted, type ApiContext, type ApiHead, type ApiResponse } from "./route.js";
import type { ApiCall, ApiRoute } from "./apiRoute.js";

export type { ApiContext, ApiHead, ApiRequest, ApiResponse } from "./route.js";
export type { ApiCall, ApiRoute } from "./apiRoute.js";

/** Bodies larger than this are refused (413) before they are read into memory. */
export const API_BODY_MAX = 1 << 20;

/**
 * Every route: the login routes anyone may call, then every operator command of the table (src/mgmt/commands), each
 * needing its access level.
 */
export const API_ROUTES: readonly ApiRoute[] = [
  ...LOGIN_ROUTES,
  EVENTS_STREAM,
  ...COMMANDS.map((c): ApiRoute => ({
    name: c.name,
    method: c.method,
    path: c.path,
    need: c.need,
    maxBody: c.maxBody ?? API_BODY_MAX,
    body: bodyKind(c),
    schema: routeSchema(c),
    answer: (ctx, call) => run(ctx, c, call),
  })),
];

/**
 * Who may go on, decided from the request's head alone, before a byte of its body is read (issue 16, issue 18):
 * `route` undefined is a path no route has, which is answered 401 without a login, so routes cannot be listed by
 * anyone; a public route needs nobody; every other route needs a login of its level (403 otherwise).
 */
export async function admitTo(
  ctx: ApiContext,
  head: ApiHead,
  route: ApiRoute | undefined,
): Promise<Admitted | ApiResponse | undefined> {
  if (route !== undefined && route.need === undefined) return undefined;
  const who = await admit(ctx, head);
  if (!("principal" in who) || route === undefined) return who;
  const { user, level } = who.principal;
  if (!allows(level, route.need!))
    return refuse(403, "FORBIDDEN", `needs access level ${route.need}; ${user} is ${level}`);
  return who;
}

/** The answer to a logged-in caller's request for a path no route of that method has: 405 if another method has it. */
export function notFound(head: ApiHead): ApiResponse {
  const methods = COMMANDS.filter((c) => c.route.test(head.path)).map((c) => c.method);
  if (methods.length === 0) return refuse(404, "NOT_FOUND", `no such resource: ${head.path}`);
  return refuse(405, "METHOD", `use ${methods.join(" or ")}`, { allow: methods.join(", ") });
}

async function run(ctx: ApiContext, c: Command, call: ApiCall): Promise<ApiResponse> {
  const device = ctx.device();
  // The answer does not depend on who asks (a command that needs only a level), so one kept answer serves everyone.
  const answer =
    c.maxAgeMs === undefined
      ? await answerOf(ctx, c, call)
      : await keptAnswer(device, `${c.name}?${call.query}`, lastChange(ctx.events()), c.maxAgeMs, async () =>
          prepared(await answerOf(ctx, c, call)),
        );
  if (c.method !== "GET") forgetAnswers(device);
  const headers = call.who?.headers;
  return headers === undefined ? answer : { ...answer, headers: { ...headers, ...answer.headers } };
}

async function answerOf(ctx: ApiContext, c: Command, call: ApiCall): Promise<ApiResponse> {
  try {
    const args = apiArgs(c, call);
    const target = { device: ctx.device(), events: ctx.events, principal: call.who!.principal };
    const answer = await c.run(ctx.metrics === undefined ? target : { ...target, metrics: ctx.metrics }, args);
    if (answer instanceof Reply) return ok(answer.body, answer.status);
    return c.contentType === undefined
      ? ok(answer, c.status)
      : { status: c.status, body: answer, contentType: c.contentType };
  } catch (err) {
    if (!(err instanceof IpdectError)) throw err;
    return errorAnswer(err);
  }
}

/** An IpdectError as the API answers it: its class decides the status; a refused CSV import adds its rows. */
export function errorAnswer(err: IpdectError): ApiResponse {
  const field = err.context.field;
  const error = { code: err.code, message: err.message, ...(field === undefined ? {} : { field }) };
  return ok(err instanceof CsvError ? { error, rejected: err.rejected } : { error }, httpStatusOf(err));
}

/**
 * The arguments of `c` from a checked request, every parameter read in the entry's order: its shape was checked
 * against the route's schema already, `read` checks its rule (a MAC, a region, native text).
 */
function apiArgs(c: Command, call: ApiCall): Args {
  const fields = (call.body ?? {}) as Readonly<Record<string, unknown>>;
  const raw = (k: string, where: Command["params"][string]["in"]): unknown => {
    if (where === "path") return call.params[k];
    if (where === "query") return call.query.get(k);
    if (where === "json") return fields[k];
    if (where === "bytes") return call.body;
    return call.text;
  };
  return Object.fromEntries(Object.entries(c.params).map(([k, p]) => [k, readParam(p, raw(k, p.in), k)]));
}
