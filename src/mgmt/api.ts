import { IpdectError } from "../core/errors.js";
import { allows } from "../auth/levels.js";
import { CsvError } from "../users/csv.js";
import { admit, type Admitted } from "./admission.js";
import { fieldType, readParam, Reply, type Args, type Command, type Param } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { httpStatusOf } from "./httpStatus.js";
import { LOGIN_BODY_MAX, publicRoute } from "./loginRoutes.js";
import { jsonBody, ok, refuse, type ApiContext, type ApiHead, type ApiRequest, type ApiResponse } from "./route.js";

export type { ApiContext, ApiHead, ApiRequest, ApiResponse } from "./route.js";

/** Bodies larger than this are refused (413) before they are read into memory. */
export const API_BODY_MAX = 1 << 20;

/** What the API decides from a request's head: answer now, or read at most `maxBody` bytes of body and go on. */
export type ApiGate =
  | { readonly answer: ApiResponse }
  | { readonly maxBody: number; readonly proceed: (req: ApiRequest) => Promise<ApiResponse> };

/**
 * The device's HTTP management API. Every operator command of the table (src/mgmt/commands) is a route that names
 * the access level it needs. The caller is decided from the head alone (`admit`), so a request without a valid login
 * is answered before its body is read (issue 16); only the login form, with a small body, is read first. Errors are
 * JSON `{ error: { code, message } }`; a refused CSV import adds every refused row (§3.14.3).
 */
export async function apiGate(ctx: ApiContext, head: ApiHead): Promise<ApiGate> {
  const open = publicRoute(head.path, head.method);
  if (open !== undefined) return { maxBody: LOGIN_BODY_MAX, proceed: (req) => open(ctx, req) };
  const who = await admit(ctx, head);
  if (!("principal" in who)) return { answer: who };
  const matching = COMMANDS.filter((c) => c.route.test(head.path));
  if (matching.length === 0) return { answer: refuse(404, "NOT_FOUND", `no such resource: ${head.path}`) };
  const c = matching.find((r) => r.method === head.method);
  if (c === undefined) return { answer: refuse(405, "METHOD", `use ${matching.map((r) => r.method).join(" or ")}`) };
  const { user, level } = who.principal;
  if (!allows(level, c.need))
    return { answer: refuse(403, "FORBIDDEN", `needs access level ${c.need}; ${user} is ${level}`) };
  return { maxBody: API_BODY_MAX, proceed: (req) => run(ctx, c, req, who) };
}

/** The whole request at once (tests, and the HTTP adapter's path once the body is in). */
export async function handleApi(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
  const gate = await apiGate(ctx, req);
  return "answer" in gate ? gate.answer : gate.proceed(req);
}

async function run(ctx: ApiContext, c: Command, req: ApiRequest, who: Admitted): Promise<ApiResponse> {
  const answer = await answerOf(ctx, c, req, who);
  return who.headers === undefined ? answer : { ...answer, headers: { ...who.headers, ...answer.headers } };
}

async function answerOf(ctx: ApiContext, c: Command, req: ApiRequest, who: Admitted): Promise<ApiResponse> {
  try {
    const args = apiArgs(c, req, c.route.exec(req.path)!);
    const target = { device: ctx.device(), events: ctx.events, principal: who.principal };
    const answer = await c.run(ctx.metrics === undefined ? target : { ...target, metrics: ctx.metrics }, args);
    if (answer instanceof Reply) return ok(answer.body, answer.status);
    return c.contentType === undefined
      ? ok(answer, c.status)
      : { status: c.status, body: answer, contentType: c.contentType };
  } catch (err) {
    if (!(err instanceof IpdectError)) throw err;
    const error = { code: err.code, message: err.message };
    return ok(err instanceof CsvError ? { error, rejected: err.rejected } : { error }, httpStatusOf(err));
  }
}

/**
 * The arguments of `c` from a request: the JSON object body is checked as a whole first (jsonBody), then every
 * parameter is read in the entry's order.
 */
function apiArgs(c: Command, req: ApiRequest, m: RegExpExecArray): Args {
  const params = Object.entries(c.params);
  const fields = params.filter(([, p]) => p.in === "json").map(([k, p]) => [k, fieldType(p)]);
  const json = fields.length === 0 ? {} : jsonBody(req.body, Object.fromEntries(fields));
  const raw = (k: string, where: Param<unknown>["in"]): unknown => {
    if (where === "path") return decodeURIComponent(m.groups![k]!);
    if (where === "query") return req.query.get(k);
    if (where === "bytes") return req.bytes ?? new TextEncoder().encode(req.body);
    return where === "json" ? json[k] : req.body;
  };
  return Object.fromEntries(params.map(([k, p]) => [k, readParam(p, raw(k, p.in), k)]));
}
