import type { Administration, LoginResult } from "../auth/Administration.js";
import { realmName } from "../auth/realm.js";
import { refuse, type Admitted, type ApiContext, type ApiHead, type ApiResponse } from "./route.js";

export type { Admitted } from "./route.js";

/** The form login's cookie (§4.1.3–§4.1.7). */
export const SESSION_COOKIE = "ipdect_session";

/**
 * Decides who is calling from the request's head alone, before a byte of its body is read (issue 16): the session
 * cookie of a form login, HTTP Basic unless §4.1.6 "Disable Native Authentication" is set, or SPNEGO on a device in a
 * realm (§4.1.8.7). Every password goes through the login block (§3.4.5.1). With §4.1.7 "Require User Certificate",
 * the verified client certificate must name the user.
 */
export async function admit(ctx: ApiContext, head: ApiHead): Promise<Admitted | ApiResponse> {
  const admin = ctx.device().admin();
  const token = sessionToken(head.cookie);
  if (token !== undefined) {
    const s = admin.session(token);
    if (s !== undefined) return { principal: s.principal };
  }
  const auth = head.authorization ?? "";
  const source = head.source ?? "?";
  const negotiate = /^Negotiate ([A-Za-z0-9+/=]+)$/.exec(auth);
  if (negotiate !== null) {
    const r = await admin.negotiate(Buffer.from(negotiate[1]!, "base64"), source);
    const reply =
      r.ok && r.reply !== undefined
        ? { "www-authenticate": `Negotiate ${Buffer.from(r.reply).toString("base64")}` }
        : undefined;
    return admitted(admin, head, r, reply);
  }
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(auth);
  if (basic !== null) {
    if (admin.settings.disableNativeAuth)
      return refuse(
        401,
        "NATIVE_AUTH_DISABLED",
        "HTTP authentication is disabled (§4.1.6): log in with POST /api/login",
      );
    const text = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = text.indexOf(":");
    if (colon > 0) {
      const login = { user: text.slice(0, colon), password: text.slice(colon + 1), service: "http", source } as const;
      return admitted(admin, head, await admin.login(login));
    }
  }
  // A session cookie that no longer holds (logged out, §4.1.4 automatic logout) comes from the web GUI: no challenge,
  // or the browser would open its own login dialog over the GUI's login page.
  return refuse(401, "UNAUTHORIZED", "login required", token === undefined ? challenge(admin) : {});
}

/** A login's result as the API answers it: the principal, or 401 with the reason and, when blocked, Retry-After. */
export function admitted(
  admin: Administration,
  head: ApiHead,
  r: LoginResult,
  headers?: Record<string, string>,
): Admitted | ApiResponse {
  if (!r.ok) {
    const retry: Record<string, string> =
      r.retryAfterMs === undefined ? {} : { "retry-after": String(Math.ceil(r.retryAfterMs / 1000)) };
    const status = r.reason === "sessions" ? 429 : 401;
    return refuse(status, LOGIN_CODES[r.reason], r.message, { ...challenge(admin), ...retry });
  }
  if (admin.settings.requireCertificate && !certificateNames(head, r.principal.user))
    return refuse(
      401,
      "CERTIFICATE_REQUIRED",
      `a trusted client certificate whose Subject Alternative Name is ${r.principal.user} is required (§4.1.7)`,
    );
  return { principal: r.principal, ...(headers === undefined ? {} : { headers }) };
}

const LOGIN_CODES: Readonly<Record<Extract<LoginResult, { ok: false }>["reason"], string>> = {
  credentials: "UNAUTHORIZED",
  blocked: "LOGIN_BLOCKED",
  link: "WRONG_LOGIN_LINK",
  role: "LOGIN_NOT_ALLOWED",
  realm: "REALM_FAILURE",
  sessions: "SESSION_LIMIT",
};

/** The challenges a 401 offers: Basic unless §4.1.6 turned it off, Negotiate on a device in a realm. */
function challenge(admin: Administration): Record<string, string> {
  const offers = [
    ...(admin.settings.disableNativeAuth ? [] : ['Basic realm="ipdect"']),
    ...(admin.realm === undefined ? [] : ["Negotiate"]),
  ];
  return offers.length === 0 ? {} : { "www-authenticate": offers.join(", ") };
}

/**
 * §4.1.7 and §4.1.8.7: whether a name of the verified client certificate is the user's, compared without case. A
 * realm login's name counts as `user@REALM` in either form (`REALM\user` too).
 */
function certificateNames(head: ApiHead, user: string): boolean {
  const names = head.certificateNames ?? [];
  const r = realmName(user);
  const wanted = (r === undefined ? [user] : [`${r.user}@${r.realm}`]).map((n) => n.toLowerCase());
  return names.some((n) => wanted.includes(n.toLowerCase()));
}

/** The session token of the request's cookie, if it has one. */
export function sessionToken(cookie: string | undefined): string | undefined {
  for (const part of (cookie ?? "").split(";")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === SESSION_COOKIE && v !== undefined && /^[A-Za-z0-9_-]{16,128}$/.test(v)) return v;
  }
  return undefined;
}
