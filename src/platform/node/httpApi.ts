import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from "fastify";
import swagger from "@fastify/swagger";
import { DecodeError, IpdectError } from "../../core/errors.js";
import { SOFTWARE_VERSION } from "../../core/version.js";
import { admitTo, API_ROUTES, errorAnswer, notFound } from "../../mgmt/api.js";
import { streamEvents } from "./eventStream.js";
import { guiAsset } from "./guiAssets.js";
import { MgmtCode } from "../../mgmt/errors.js";
import type { ApiRoute } from "../../mgmt/apiRoute.js";
import { jsonText, refuse, type Admitted, type ApiContext, type ApiHead, type ApiResponse } from "../../mgmt/route.js";
import { ErrorBody } from "../../mgmt/schema.js";
import { encoded } from "./gzipAnswer.js";

/**
 * Fastify, the management API's HTTP framework, behind this one adapter (docs/architecture.md). Every route of
 * `API_ROUTES` is a Fastify route with its JSON Schemas (src/mgmt/routeSchema.ts): Fastify checks path, query and
 * body against them before the command runs, and @fastify/swagger turns them into the OpenAPI 3 document served at
 * `/api/openapi.json`. The caller is decided in `onRequest`, before the body is read (issue 16): a request refused
 * there is answered at once and its connection closed, so no body of an unknown caller is ever buffered.
 */

/** What `onRequest` learnt, for the handler: whose device the request is for, and who calls. */
interface Admission {
  ctx: ApiContext;
  head: ApiHead;
  who?: Admitted;
}

/** The device a request is for (by the address it came in on), or undefined when the process has none there. */
export type ContextOf = (req: IncomingMessage) => ApiContext | undefined;

const admissions = new WeakMap<FastifyRequest, Admission>();

/** The OpenAPI document's path; any logged-in caller may read it. */
export const OPENAPI_PATH = "/api/openapi.json";

/**
 * The Fastify application of a process: one for all its devices, which share the compiled routes and schemas (a
 * process of 1000 radios would otherwise build 1000 of them). Every device's node:http or node:https server
 * (HttpServer.ts) hands its requests to `app.routing`; `contextOf` tells which device a request is for.
 */
export async function apiApp(contextOf: ContextOf, onError: (err: unknown) => void) {
  const app = Fastify({
    // The largest body of any route; each route sets its own limit.
    bodyLimit: Math.max(...API_ROUTES.map((r) => r.maxBody)),
    // The schemas refuse what they do not describe: no coercion, no defaults filled in, no fields dropped.
    ajv: { customOptions: { coerceTypes: false, useDefaults: false, removeAdditional: false, allErrors: false } },
    // A path that is not valid percent-encoding (%E0%A4%A) is the caller's fault: 400, before any login.
    frameworkErrors: (err, _req, reply) => {
      void send(reply, refuse(400, "BAD_URL", err.message), true);
    },
    logger: false,
  });
  app.addSchema(ErrorBody);
  // Every body is taken as bytes whatever its Content-Type; the route decides what they are (preValidation).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  // Answers go out as the commands gave them (pretty JSON); the response schemas document them and tests check them.
  app.setSerializerCompiler(() => jsonText);
  await app.register(swagger, {
    openapi: openapiInfo(),
    // An upload's body is bytes, which Fastify does not validate; the document still shows it as binary.
    transform: ({ schema, url, route }) => {
      const api = (route.config as { api?: ApiRoute } | undefined)?.api;
      return api?.body === "bytes" ? { url, schema: { ...schema, body: BINARY } } : { url, schema };
    },
  });
  app.addHook("onRequest", async (req, reply) => {
    const route = req.routeOptions.config as { api?: ApiRoute } | undefined; // undefined: no route
    const head = headOf(req);
    const ctx = contextOf(req.raw);
    if (ctx === undefined) return send(reply, refuse(404, "NO_DEVICE_HERE", "no device answers on this address"), true);
    const who = await admitTo(ctx, head, route?.api);
    if (who !== undefined && !("principal" in who)) return send(reply, who, true);
    admissions.set(req, who === undefined ? { ctx, head } : { ctx, head, who });
    return undefined;
  });
  // §4.9.3 "No Cache": the browser is asked to keep nothing of any answer.
  app.addHook("onSend", async (req, reply) => {
    if (admissions.get(req)?.ctx.device().config.http?.noCache === true) reply.header("cache-control", "no-store");
  });
  app.setNotFoundHandler((req, reply) => send(reply, notFound(admissions.get(req)?.head ?? headOf(req))));
  app.setErrorHandler((err: FastifyError, req, reply) => send(reply, failure(err, req, onError), true));
  for (const route of API_ROUTES) app.route(fastifyRoute(route));
  // The web GUI's files: the page and its scripts load without a login (§3.4.1), the API behind them needs one.
  for (const url of ["/", "/gui/:file"])
    app.get(url, { config: { api: GUI_FILES }, schema: { hide: true } }, async (req, reply) => {
      const asset = guiAsset(new URL(req.url, "http://device").pathname);
      if (asset === undefined) return send(reply, notFound(admissions.get(req)!.head));
      return reply.code(200).headers(asset.headers).send(asset.body);
    });
  app.get(OPENAPI_PATH, { config: { api: openapiRoute }, schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}

/** The web GUI's files in the access rules: public, no body; not part of the API's document. */
const GUI_FILES: ApiRoute = {
  name: "gui",
  method: "GET",
  path: "/gui/:file",
  need: undefined,
  maxBody: 0,
  body: "none",
  schema: { summary: "the web GUI's files", tags: ["gui"], produces: ["text/html"], response: {} },
  answer: async () => refuse(500, "UNREACHABLE", "served by the adapter"),
};

/** An upload's body in the OpenAPI document. */
const BINARY = { type: "string", format: "binary", description: "the file as it is" };

/** The document route's place in the access rules: any logged-in caller (auditor upwards). */
const openapiRoute: ApiRoute = {
  name: "openapi",
  method: "GET",
  path: OPENAPI_PATH,
  need: "auditor",
  maxBody: 0,
  body: "none",
  schema: { summary: "this document", tags: ["api"], produces: ["application/json"], response: {} },
  answer: async () => refuse(500, "UNREACHABLE", "served by the adapter"),
};

function fastifyRoute(route: ApiRoute) {
  const { summary, tags, params, querystring, body, consumes, produces, response } = route.schema;
  return {
    method: route.method,
    url: route.path,
    bodyLimit: Math.max(route.maxBody, 1),
    config: { api: route },
    schema: {
      operationId: route.name,
      summary,
      tags: [...tags],
      ...(route.need === undefined ? { security: [] } : { "x-access-level": route.need }),
      ...(params === undefined ? {} : { params }),
      ...(querystring === undefined ? {} : { querystring }),
      ...(body === undefined ? {} : { body }),
      ...(consumes === undefined ? {} : { consumes: [...consumes] }),
      produces: [...produces],
      response,
    },
    // The bytes read become what the route takes, so that the body schema checks a JSON value, not bytes.
    preValidation: async (req: FastifyRequest) => {
      req.rawBody = req.body as Buffer | undefined;
      req.body = bodyOf(route, req.rawBody);
    },
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const a = admissions.get(req)!;
      const ctx = a.ctx;
      if (route.streams === true && ctx.subscribe !== undefined) return streamEvents(ctx.subscribe, reply);
      const raw = req.rawBody;
      const answer = await route.answer(ctx, {
        ...a.head,
        ...(a.who === undefined ? {} : { who: a.who }),
        params: req.params as Record<string, string>,
        body: req.body,
        text: raw === undefined ? "" : raw.toString("utf8"),
      });
      return send(reply, await encoded(answer, req.headers["accept-encoding"]));
    },
  };
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route's entry: its access level and body rules (onRequest, the error handler). */
    api?: ApiRoute;
  }
  interface FastifyRequest {
    /** The body as received (bodyOf keeps it for text and `read` functions). */
    rawBody?: Buffer;
  }
}

/** The body as the route takes it: parsed JSON (refused with BAD_JSON), text, bytes or nothing. */
function bodyOf(route: ApiRoute, bytes: Buffer | undefined): unknown {
  if (route.body === "none") return undefined;
  const buf = bytes ?? Buffer.alloc(0);
  if (route.body === "bytes") return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  const text = buf.toString("utf8");
  if (route.body === "text") return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new DecodeError(MgmtCode.BadJson, "the request body is not JSON", { cause });
  }
}

/** What the API knows of a request before its body: method, path, query, credentials, the client's address. */
function headOf(req: FastifyRequest): ApiHead {
  const url = new URL(req.url, "http://device");
  const sock = req.raw.socket;
  return {
    method: req.method,
    path: url.pathname,
    query: url.searchParams,
    authorization: req.headers.authorization,
    cookie: req.headers.cookie,
    source: (sock.remoteAddress ?? "?").replace(/^::ffff:/, ""),
    certificateNames: certificateNames(sock as Partial<TLSSocket>),
    secure: "encrypted" in sock,
  };
}

/** The Subject Alternative Names of the client's certificate, judged trusted at the handshake (HttpServer.ts). */
function certificateNames(sock: Partial<TLSSocket>): readonly string[] | undefined {
  if (sock.getPeerCertificate === undefined || sock.authorized !== true) return undefined;
  const san = sock.getPeerCertificate().subjectaltname;
  if (san === undefined) return [];
  // "DNS:a, email:b@REALM, URI:c": the value after the first colon of each entry.
  return san.split(", ").map((entry) => entry.slice(entry.indexOf(":") + 1));
}

/**
 * Sends an answer: a document (e.g. the sync tree SVG, a CSV) as it is, everything else as JSON. With `close`, the
 * connection goes once the answer is out: a body left unread is never read.
 */
function send(reply: FastifyReply, r: ApiResponse, close = false): FastifyReply {
  // A document's text, or a JSON answer serialised before (mgmt/answerCache.ts), goes out as it is.
  const raw = r.contentType !== undefined && (typeof r.body === "string" || r.body instanceof Uint8Array);
  reply.code(r.status).headers({ ...r.headers, ...(close ? { connection: "close" } : {}) });
  if (close) reply.raw.once("finish", () => reply.request.raw.destroy());
  return raw ? reply.type(r.contentType!).send(r.body) : reply.type("application/json").send(r.body);
}

/** A failure before or in a handler as the API answers it; our own bugs are logged and answered 500. */
function failure(err: FastifyError, req: FastifyRequest, onError: (err: unknown) => void): ApiResponse {
  if (err instanceof IpdectError) return errorAnswer(err);
  const v = err.validation?.[0];
  if (v !== undefined) {
    const p = v.params as { missingProperty?: string; additionalProperty?: string };
    const field = p.missingProperty ?? p.additionalProperty ?? v.instancePath.replace(/^\//, "").replace(/\//g, ".");
    const where = err.validationContext === "body" ? "" : `${err.validationContext} `;
    const message =
      p.additionalProperty !== undefined
        ? `unknown field ${field}`
        : p.missingProperty !== undefined
          ? `${where}${field} is required`
          : `${where}${field || "body"} ${v.message ?? "is wrong"}`;
    return { status: 400, body: { error: { code: MgmtCode.BadField, message, ...(field ? { field } : {}) } } };
  }
  if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    const max = (req.routeOptions.config as { api?: ApiRoute }).api?.maxBody;
    return refuse(413, "TOO_LARGE", `request body over ${max ?? "the limit of"} bytes`);
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return refuse(status, err.code ?? "BAD_REQUEST", err.message);
  onError(err);
  return refuse(500, "INTERNAL", "internal error (logged)");
}

/** The OpenAPI document's head: the API's version, how callers log in (§3.4, §4.1.6–§4.1.8.7). */
function openapiInfo() {
  return {
    openapi: "3.0.3" as const,
    info: {
      title: "ipdect device management API",
      version: SOFTWARE_VERSION.replace(/^ipdect /, ""),
      description:
        "Every route of the device's web GUI and `ipdect ctl`. `x-access-level` names the access level a route " +
        "needs (§3.4.2). Errors answer `{ error: { code, message, field? } }` (docs/errors.md).",
    },
    components: {
      securitySchemes: {
        basic: { type: "http" as const, scheme: "basic", description: "HTTP Basic, unless §4.1.6 disables it" },
        session: {
          type: "apiKey" as const,
          in: "cookie",
          name: "ipdect_session",
          description: "POST /api/login (§3.4.4.1)",
        },
        negotiate: { type: "http" as const, scheme: "negotiate", description: "SPNEGO in a Kerberos realm (§4.1.8.7)" },
      },
    },
    security: [{ basic: [] }, { session: [] }, { negotiate: [] }] as Record<string, string[]>[],
  };
}
