import { formatNativeText, parseNativeText } from "../config/nativeText.js";
import { gatekeeperFromObject } from "../sip/settings.js";
import { type DeviceConfig } from "../config/DeviceConfig.js";
import { isIpv4 } from "../core/config/ipv4.js";
import { DecodeError, IpdectError } from "../core/errors.js";
import { Mac } from "../core/identity/Mac.js";
import type { Device } from "../device/Device.js";
import { syncTreeSvg } from "../sync/overviewSvg.js";
import { allows } from "../auth/Accounts.js";
import { httpStatusOf } from "./httpStatus.js";
import { bad, jsonBody, ok, type ApiContext, type ApiRequest, type ApiResponse, type Route } from "./route.js";
import { USER_ROUTES } from "./usersApi.js";
import { MgmtCode } from "./errors.js";

export type { ApiContext, ApiRequest, ApiResponse } from "./route.js";

/** A MAC in canonical form, or a DecodeError. */
function macText(text: string): string {
  return Mac.parse(text).toString();
}

/** What a gatekeeper change answers: like every DECT → Master setting it waits for a reset. */
const GATEKEEPER_NOTE = "takes effect after reset (§4.6.23 step 17)";

/**
 * The configuration a section change (`PUT /api/gatekeeper`) edits: the pending one if there is one, else the
 * running one without its `users`. A configuration with users replaces the directory's users at the reset (App. C
 * restore); the running one still holds the initial users of the first start, and a settings change must not undo
 * every user change made since.
 */
function editableConfig(d: Device): DeviceConfig {
  if (d.pendingConfig !== undefined) return d.pendingConfig;
  const { users: _initial, ...running } = d.config;
  return running;
}

/** A JSON request body, or a DecodeError. */
function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new DecodeError(MgmtCode.BadJson, "the request body is not JSON", { cause });
  }
}

/**
 * The device's HTTP management API. Every route names the access level it needs and the caller's Basic credentials
 * are checked on every call (manual 003 §3.4). Errors are JSON `{ error: { code, message } }`.
 */
const ROUTES: readonly Route[] = [
  { method: "GET", path: /^\/api\/status$/, need: "auditor", run: (c) => ok(c.device().status()) },
  {
    method: "GET",
    path: /^\/api\/ldap\/replicator$/,
    need: "auditor",
    run: (c) => ok(c.device().replicatorStatus() ?? { state: "stopped" }),
  },
  { method: "GET", path: /^\/api\/ldap\/server$/, need: "auditor", run: (c) => ok(c.device().ldapServer()) },
  { method: "GET", path: /^\/api\/sip$/, need: "auditor", run: (c) => ok(c.device().gatekeeperStatus()) },
  {
    method: "GET",
    path: /^\/api\/sip\/registrations$/,
    need: "auditor",
    run: (c, req) => {
      const state = req.query.get("state");
      const all = c.device().sipRegistrations();
      return ok(state === null ? all : all.filter((r) => r.state === state));
    },
  },
  {
    method: "GET",
    path: /^\/api\/events$/,
    need: "auditor",
    run: (c, req) => {
      const since = Number(req.query.get("since") ?? "0");
      return ok(c.events().filter((e) => e.t >= (Number.isFinite(since) ? since : 0)));
    },
  },
  {
    method: "POST",
    path: /^\/api\/master\/activate-mirror$/,
    need: "system-admin",
    run: (c) => {
      c.device().activateMirror();
      return ok({ result: "requested" }, 202);
    },
  },
  {
    method: "POST",
    path: /^\/api\/master\/switch-mirror$/,
    need: "system-admin",
    run: (c) => {
      c.device().switchMirror();
      return ok({ result: "requested" }, 202);
    },
  },
  {
    method: "PUT",
    path: /^\/api\/master\/data\/([A-Za-z0-9._-]{1,64})$/,
    need: "system-admin",
    run: async (c, req, m) => {
      await c.device().putMasterData(m[1]!, req.body);
      return ok({ result: "stored" });
    },
  },
  { method: "GET", path: /^\/api\/radios$/, need: "auditor", run: (c) => ok(c.device().radios()) },
  {
    method: "POST",
    path: /^\/api\/radios\/add$/,
    need: "system-admin",
    run: (c, req) => {
      const b = jsonBody(req.body, { mac: "string", name: "string", standby: "string?", region: "number?" });
      const region = b["region"] as number | undefined;
      if (region !== undefined && !(Number.isInteger(region) && region >= 0 && region <= 249))
        return bad(MgmtCode.BadRegion, "region must be a whole number from 0 to 249 (§3.3.5)");
      const standby = b["standby"] as string | undefined;
      if (standby !== undefined && !isIpv4(standby)) return bad(MgmtCode.BadAddress, "standby must be an IPv4 address");
      c.device().addRadio(macText(b["mac"] as string), {
        deviceName: b["name"] as string,
        ...(standby === undefined ? {} : { standby }),
        ...(region === undefined ? {} : { region }),
      });
      return ok({ result: "sent" }, 202);
    },
  },
  {
    method: "DELETE",
    path: /^\/api\/radios\/([0-9A-Fa-f:.-]{12,17})$/,
    need: "system-admin",
    run: (c, _req, m) => {
      c.device().deleteRadio(macText(decodeURIComponent(m[1]!)));
      return ok({ result: "released" });
    },
  },
  {
    method: "POST",
    path: /^\/api\/radios\/move$/,
    need: "system-admin",
    run: (c, req) => {
      const b = jsonBody(req.body, { from: "string", to: "string" });
      c.device().moveRfpi(macText(b["from"] as string), macText(b["to"] as string));
      return ok({ result: "moved" });
    },
  },
  {
    method: "PUT",
    path: /^\/api\/pari\/sari$/,
    need: "system-admin",
    run: (c, req) => {
      const b = jsonBody(req.body, { saris: "string[]" });
      c.device().setSaris(b["saris"] as string[]);
      return ok({ result: "pushed" });
    },
  },
  ...USER_ROUTES,
  { method: "GET", path: /^\/api\/sync$/, need: "auditor", run: (c) => ok(c.device().syncOverview()) },
  {
    method: "GET",
    path: /^\/api\/sync\.svg$/,
    need: "auditor",
    run: (c) => ({ status: 200, body: syncTreeSvg(c.device().syncOverview()), contentType: "image/svg+xml" }),
  },
  {
    method: "GET",
    path: /^\/api\/sync\/disturbances$/,
    need: "auditor",
    run: (c) => ok(c.device().syncDisturbances()),
  },
  {
    method: "POST",
    path: /^\/api\/sync\/(resync|clear)$/,
    need: "system-admin",
    run: (c, req, m) => {
      const region = jsonBody(req.body, { region: "number" })["region"] as number;
      if (!(Number.isInteger(region) && region >= 0 && region <= 249))
        return bad(MgmtCode.BadRegion, "region must be a whole number from 0 to 249 (§3.3.5)");
      if (m[1] === "resync") c.device().syncResync(region);
      else c.device().syncClear(region);
      return ok({ result: m[1] === "resync" ? "requested" : "cleared", region });
    },
  },
  {
    method: "PUT",
    path: /^\/api\/sync\/carriers$/,
    need: "system-admin",
    run: (c, req) => {
      const carriers = jsonBody(req.body, { carriers: "number" })["carriers"] as number;
      if (!(Number.isInteger(carriers) && carriers >= 1 && carriers <= 10))
        return bad(MgmtCode.BadCarriers, "carriers must be a whole number from 1 to 10 (§4.6.6)");
      c.device().setSyncCarriers(carriers);
      return ok({ result: "pushed" });
    },
  },
  { method: "POST", path: /^\/api\/radio\/scan$/, need: "system-admin", run: (c) => ok(c.device().rfpScan()) },
  {
    method: "GET",
    path: /^\/api\/config$/,
    need: "system-admin",
    run: (c) => {
      const d = c.device();
      const pending = d.pendingConfig;
      // The backup of §4.14: with the directory's users, Passwords and Auth. Codes as App. C lines.
      return ok({
        running: formatNativeText(d.backupConfig()),
        ...(pending === undefined ? {} : { pending: formatNativeText(pending) }),
      });
    },
  },
  {
    method: "PUT",
    path: /^\/api\/config$/,
    need: "system-admin",
    run: (c, req) => {
      c.device().configure(parseNativeText(req.body, "request body"));
      return ok({ result: "stored", pendingReset: true }, 202);
    },
  },
  {
    method: "GET",
    path: /^\/api\/gatekeeper$/,
    need: "auditor",
    run: (c) => {
      const d = c.device();
      return ok({ running: d.config.gatekeeper ?? null, pending: d.pendingConfig?.gatekeeper ?? null });
    },
  },
  {
    method: "PUT",
    path: /^\/api\/gatekeeper$/,
    need: "system-admin",
    run: (c, req) => {
      const d = c.device();
      const base = editableConfig(d);
      const gatekeeper = gatekeeperFromObject(jsonValue(req.body), base.master, "request body");
      d.configure({ ...base, gatekeeper });
      return ok({ pending: gatekeeper, note: GATEKEEPER_NOTE }, 202);
    },
  },
  {
    method: "DELETE",
    path: /^\/api\/gatekeeper$/,
    need: "system-admin",
    run: (c) => {
      const d = c.device();
      const { gatekeeper, ...rest } = editableConfig(d);
      if (gatekeeper === undefined) return ok({ pending: null, note: "no gatekeeper settings: nothing changed" });
      d.configure(rest);
      return ok({ pending: null, note: GATEKEEPER_NOTE }, 202);
    },
  },
  {
    method: "POST",
    path: /^\/api\/reset$/,
    need: "system-admin",
    run: async (c, req) => {
      const mode = req.query.get("mode") ?? "idle";
      if (mode !== "idle" && mode !== "immediate") return bad(MgmtCode.BadMode, "mode must be idle or immediate");
      await c.device().reset(mode);
      return ok({ result: "reset", mode });
    },
  },
];

export async function handleApi(ctx: ApiContext, req: ApiRequest): Promise<ApiResponse> {
  const matching = ROUTES.filter((r) => r.path.test(req.path));
  if (matching.length === 0) return ok({ error: { code: "NOT_FOUND", message: `no such resource: ${req.path}` } }, 404);
  const route = matching.find((r) => r.method === req.method);
  if (route === undefined)
    return ok({ error: { code: "METHOD", message: `use ${matching.map((r) => r.method).join(" or ")}` } }, 405);
  const account = ctx.accounts.check(req.authorization, (user) => ctx.device().userAdmins()?.account(user));
  if (account === undefined) return ok({ error: { code: "UNAUTHORIZED", message: "login required" } }, 401);
  if (!allows(account.level, route.need))
    return ok(
      {
        error: { code: "FORBIDDEN", message: `needs access level ${route.need}; ${account.user} is ${account.level}` },
      },
      403,
    );
  try {
    return await route.run(ctx, req, route.path.exec(req.path)!);
  } catch (err) {
    if (err instanceof IpdectError) return ok({ error: { code: err.code, message: err.message } }, httpStatusOf(err));
    throw err;
  }
}
