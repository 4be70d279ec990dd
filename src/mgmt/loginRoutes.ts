import { randomBytes } from "node:crypto";
import type { LoginLink } from "../auth/Administration.js";
import { admitted, SESSION_COOKIE, sessionToken, type Admitted } from "./admission.js";
import type { Method } from "./command.js";
import type { ApiCall, ApiRoute } from "./apiRoute.js";
import { ok, refuse, type ApiContext, type ApiResponse } from "./route.js";
import type { BodyKind } from "./routeSchema.js";
import { DateTime, OneOf, Result, S, type Static, type TSchema } from "./schema.js";

/** A login form's body is small: this many bytes at most are read before anyone is known. */
export const LOGIN_BODY_MAX = 4096;

const LINKS: Readonly<Record<string, LoginLink>> = { system: "system", user: "user" };

const LoginBody = S.Object(
  {
    user: S.String({ minLength: 1, maxLength: 64 }),
    password: S.String({ minLength: 1, maxLength: 64 }),
    link: S.Optional(OneOf(["system", "user"], "§3.4.2: each level logs in by its own link; default system")),
  },
  { additionalProperties: false },
);

const LoginPage = S.Object({
  banner: S.Optional(S.String({ description: "§4.1.3 login banner" })),
  links: S.Object({ system: S.String(), user: S.String() }),
  nativeAuth: S.Boolean({ description: "HTTP Basic is on (§4.1.6)" }),
  negotiate: S.Boolean({ description: "the device is in a Kerberos realm: SPNEGO is offered (§4.1.8.7)" }),
  requireCertificate: S.Boolean({ description: "§4.1.7 Require User Certificate" }),
  certificateUser: S.Optional(S.String({ description: "the name of the verified client certificate (§4.1.7)" })),
  session: S.Optional(
    S.Object(
      { user: S.String(), level: OneOf(["auditor", "user-admin", "system-admin"]) },
      { description: "who the request's live session cookie belongs to: the web GUI opened again skips the login" },
    ),
  ),
});

const Welcome = S.Object({
  user: S.String(),
  level: OneOf(["auditor", "user-admin", "system-admin"]),
  failedLogins: S.Integer(),
  lastLogin: S.Optional(DateTime),
  sessions: S.Array(S.Object({ source: S.String(), started: DateTime })),
});

/** A route anyone may call; it reads at most LOGIN_BODY_MAX bytes. */
const publicRoute = (
  name: string,
  method: Method,
  path: string,
  summary: string,
  response: TSchema,
  answer: (ctx: ApiContext, call: ApiCall) => Promise<ApiResponse>,
  body?: TSchema,
): ApiRoute => ({
  name,
  method,
  path,
  need: undefined,
  maxBody: LOGIN_BODY_MAX,
  body: (body === undefined ? "none" : "fields") satisfies BodyKind,
  schema: {
    summary,
    tags: ["login"],
    ...(body === undefined ? {} : { body, consumes: ["application/json"] }),
    produces: ["application/json"],
    response: { "200": response },
  },
  answer,
});

/**
 * The routes anyone may call (§3.4.1 login page, §3.4.6 logout): what the login page shows, the form login that opens
 * a session, and the logout that ends it.
 */
export const LOGIN_ROUTES: readonly ApiRoute[] = [
  publicRoute("login-page", "GET", "/api/login", "what the login page shows (§3.4.1)", LoginPage, loginPage),
  publicRoute(
    "login",
    "POST",
    "/api/login",
    "form login: opens a session, sets its cookie (§3.4.4.1)",
    Welcome,
    formLogin,
    LoginBody,
  ),
  publicRoute(
    "logout",
    "POST",
    "/api/logout",
    "ends the session of the cookie (§3.4.6)",
    Result("logged out", { user: S.String() }),
    logout,
  ),
];

/**
 * §3.4.1, §4.1.3: the login page's banner and links; with mutual TLS the certificate's name fills in the user. A
 * request with a live session cookie also gets who it is, so the web GUI opened again goes straight to its pages.
 */
async function loginPage(ctx: ApiContext, req: ApiCall): Promise<ApiResponse> {
  const admin = ctx.device().admin();
  const s = admin.settings;
  const token = sessionToken(req.cookie);
  const session = token === undefined ? undefined : admin.session(token)?.principal;
  return ok({
    ...(s.loginBanner === undefined ? {} : { banner: s.loginBanner }),
    links: { system: "System Administration", user: "DECT User Administration" },
    nativeAuth: !s.disableNativeAuth,
    negotiate: admin.realm !== undefined,
    requireCertificate: s.requireCertificate,
    ...(req.certificateNames?.[0] === undefined ? {} : { certificateUser: req.certificateNames[0] }),
    ...(session === undefined ? {} : { session: { user: session.user, level: session.level } }),
  });
}

/**
 * The form login (§3.4.4.1, §3.4.5.1): `{ user, password, link }` where link is `system` or `user` (§3.4.2: each level
 * logs in by its own link). Answers the welcome screen (current sessions, last login, failed attempts) and a session
 * cookie.
 */
async function formLogin(ctx: ApiContext, req: ApiCall): Promise<ApiResponse> {
  const body = req.body as Static<typeof LoginBody>;
  const link = LINKS[body.link ?? "system"]!;
  const admin = ctx.device().admin();
  const r = await admin.login({
    user: body.user,
    password: body.password,
    service: "http",
    source: req.source ?? "?",
    link,
  });
  const gate = admitted(admin, req, r);
  if (!("principal" in gate)) return withoutChallenge(gate);
  // 256 bits from the OS: a session token is as good as the password it stands for.
  const token = randomBytes(32).toString("base64url");
  const refused = admin.openSession(token, gate.principal, req.source ?? "?");
  if (refused !== undefined) return withoutChallenge(admitted(admin, req, refused) as ApiResponse);
  const record = r.ok ? r.record : { failures: 0 };
  const cookie = `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${req.secure === true ? "; Secure" : ""}`;
  return { ...welcome(ctx, gate, record), headers: { "set-cookie": cookie } };
}

/** §3.4.4.1 step 5: "the current sessions, the last login date, and the number of failed login attempts". */
function welcome(ctx: ApiContext, a: Admitted, record: { failures: number; lastLogin?: number }): ApiResponse {
  const sessions = ctx
    .device()
    .admin()
    .sessions()
    .filter((s) => s.principal.user === a.principal.user)
    .map((s) => ({ source: s.source, started: new Date(s.started).toISOString() }));
  return ok({
    user: a.principal.user,
    level: a.principal.level,
    failedLogins: record.failures,
    ...(record.lastLogin === undefined ? {} : { lastLogin: new Date(record.lastLogin).toISOString() }),
    sessions,
  });
}

/** §3.4.6: ends the session of the request's cookie. */
async function logout(ctx: ApiContext, req: ApiCall): Promise<ApiResponse> {
  const token = sessionToken(req.cookie);
  const s = token === undefined ? undefined : ctx.device().admin().logout(token);
  if (s === undefined) return refuse(401, "NO_SESSION", "no session to log out of");
  const expired = `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`;
  return { ...ok({ result: "logged out", user: s.principal.user }), headers: { "set-cookie": expired } };
}

/**
 * A refused form login offers no HTTP authentication: a browser seeing `WWW-Authenticate: Basic` on the GUI's request
 * would open its own login dialog over the login page (§3.4.1).
 */
function withoutChallenge(r: ApiResponse): ApiResponse {
  const { "www-authenticate": _challenge, ...headers } = r.headers ?? {};
  return { ...r, headers };
}
