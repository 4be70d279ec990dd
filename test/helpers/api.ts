import type { Device } from "../../src/device/Device.js";
import {
  admitTo,
  API_ROUTES,
  type ApiContext,
  type ApiHead,
  type ApiRequest,
  type ApiResponse,
} from "../../src/mgmt/api.js";
import { COMMANDS } from "../../src/mgmt/commands/index.js";
import { apiApp } from "../../src/platform/node/httpApi.js";
import { assertAnswerSchema, routeOf } from "./answerSchema.js";

/**
 * The device's HTTP API in-process: the same Fastify application a real node serves (src/platform/node/httpApi.ts),
 * with the request injected instead of sent over a socket. One application per device; it calls the latest context
 * given for that device.
 */
const apps = new WeakMap<Device, { app: Awaited<ReturnType<typeof apiApp>>; ctx: { current: ApiContext } }>();

async function appOf(ctx: ApiContext) {
  const device = ctx.device();
  const known = apps.get(device);
  if (known !== undefined) {
    known.ctx.current = ctx;
    return known.app;
  }
  const ref = { current: ctx };
  const through: ApiContext = {
    device: () => ref.current.device(),
    events: () => ref.current.events(),
    metrics: () =>
      ref.current.metrics === undefined ? Promise.reject(new Error("no metrics")) : ref.current.metrics(),
  };
  // A 500 is seen by the test in its status; the cause goes to stderr.
  const app = await apiApp(() => ({ ctx: through, onError: (err) => console.error("API handler failed:", err) }));
  apps.set(device, { app, ctx: ref });
  return app;
}

/** A request as tests write it: method, path and query, credentials, body. */
export type TestRequest = Pick<ApiRequest, "method" | "path" | "query" | "authorization"> &
  Partial<Pick<ApiRequest, "cookie" | "source" | "body" | "bytes">> & { readonly contentType?: string };

/** The answer to `req`, as the device's HTTP API gives it: status, JSON body (or text), headers. */
export async function handleApi(ctx: ApiContext, req: TestRequest): Promise<ApiResponse> {
  const app = await appOf(ctx);
  const query = req.query.toString();
  const payload = req.bytes !== undefined ? Buffer.from(req.bytes) : req.body;
  const res = await app.inject({
    method: req.method as "GET",
    url: req.path + (query === "" ? "" : `?${query}`),
    headers: {
      ...(req.authorization === undefined ? {} : { authorization: req.authorization }),
      ...(req.cookie === undefined ? {} : { cookie: req.cookie }),
      ...(req.contentType === undefined ? {} : { "content-type": req.contentType }),
    },
    ...(req.source === undefined ? {} : { remoteAddress: req.source }),
    ...(payload === undefined || payload === "" ? {} : { payload }),
  });
  const type = String(res.headers["content-type"] ?? "");
  // HEAD answers have the head of GET's answer and no body.
  const json = type.startsWith("application/json") && res.body !== "";
  const headers = Object.fromEntries(
    Object.entries(res.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
  );
  const route = routeOf(req.method, req.path);
  if (route !== undefined && json && res.statusCode !== 401 && res.statusCode !== 403)
    assertAnswerSchema(route, res.statusCode, JSON.parse(res.body));
  return {
    status: res.statusCode,
    body: json ? (JSON.parse(res.body) as unknown) : res.body,
    ...(type.startsWith("application/json") ? {} : { contentType: type }),
    headers,
  };
}

/**
 * What the API decides from a request's head alone, before its body (mgmt/api.ts `admitTo`): an answer now, or
 * `proceed` to read the body. A path no route has is undefined route: 401 without a login.
 */
export async function apiGate(
  ctx: ApiContext,
  head: ApiHead,
): Promise<{ readonly answer: ApiResponse } | { readonly proceed: true }> {
  const command = COMMANDS.find((c) => c.method === head.method && c.route.test(head.path));
  const route = API_ROUTES.find((r) => r.name === command?.name);
  const who = await admitTo(ctx, head, route);
  return who === undefined || "principal" in who ? { proceed: true } : { answer: who };
}
