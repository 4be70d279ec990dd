import { IpdectError } from "../core/errors.js";
import { allows } from "../auth/Accounts.js";
import { CsvError } from "../users/csv.js";
import { fieldType, readParam, Reply, type Args, type Command, type Param } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { httpStatusOf } from "./httpStatus.js";
import { jsonBody, ok, type ApiContext, type ApiRequest, type ApiResponse } from "./route.js";

export type { ApiContext, ApiRequest, ApiResponse } from "./route.js";

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

/**
 * The device's HTTP management API: every operator command of the table (src/mgmt/commands) is a route. Every
 * route names the access level it needs and the caller's Basic credentials are checked on every call, before the
 * request is read (manual 003 §3.4). Errors are JSON `{ error: { code, message } }`; a refused CSV import adds
 * every refused row (§3.14.3).
 */
export async function handleApi(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
  const matching = COMMANDS.filter((c) => c.route.test(req.path));
  if (matching.length === 0) return ok({ error: { code: "NOT_FOUND", message: `no such resource: ${req.path}` } }, 404);
  const c = matching.find((r) => r.method === req.method);
  if (c === undefined)
    return ok({ error: { code: "METHOD", message: `use ${matching.map((r) => r.method).join(" or ")}` } }, 405);
  const account = ctx.accounts.check(req.authorization, (user) => ctx.device().userAdmins()?.account(user));
  if (account === undefined) return ok({ error: { code: "UNAUTHORIZED", message: "login required" } }, 401);
  if (!allows(account.level, c.need))
    return ok(
      { error: { code: "FORBIDDEN", message: `needs access level ${c.need}; ${account.user} is ${account.level}` } },
      403,
    );
  try {
    const args = apiArgs(c, req, c.route.exec(req.path)!);
    const answer = await c.run({ device: ctx.device(), accounts: ctx.accounts, events: ctx.events }, args);
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
