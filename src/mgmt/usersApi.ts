import { CsvError, anonymousToCsv, usersToCsv } from "../users/csv.js";
import { importAnonymousCsv, importUsersCsv } from "../users/importCsv.js";
import type { User, UserInput } from "../users/User.js";
import { createHash } from "node:crypto";
import { DecodeError, StateError } from "../core/errors.js";
import type { UserAdmin, UserAdmins } from "../users/UserAdmins.js";
import type { Device } from "../device/Device.js";
import { entryKey, SUBSCRIPTION_METHODS, type SubscriptionMethod, type SystemEntry } from "../users/entry.js";
import { compileFeatureCode } from "../users/featureCode.js";
import { jsonBody, ok, type FieldType, type Route } from "./route.js";
import { MgmtCode } from "./errors.js";
import { DeviceCode } from "../device/errors.js";

const USER_PATCH = Object.fromEntries(
  ["longName", "name", "number", "displayName", "authName", "password", "ipei", "authCode", "idleDisplay"].map((f) => [
    f,
    "string?" as FieldType,
  ]),
);

/** DECT → System (§4.6.2, §4.6.3, §4.6.18): each value checked, naming the field. */
function checkedSystem(
  b: Record<string, unknown>,
): Partial<Pick<SystemEntry, "subscription" | "systemAc" | "logoutCode">> {
  const out: { subscription?: SubscriptionMethod; systemAc?: string; logoutCode?: string } = {};
  if (b["subscription"] !== undefined) {
    if (!SUBSCRIPTION_METHODS.includes(b["subscription"] as SubscriptionMethod))
      throw new DecodeError(MgmtCode.BadField, `subscription must be one of ${SUBSCRIPTION_METHODS.join(", ")}`, {
        field: "subscription",
      });
    out.subscription = b["subscription"] as SubscriptionMethod;
  }
  if (b["systemAc"] !== undefined) {
    if (!/^\d{4,8}$/.test(b["systemAc"] as string))
      throw new DecodeError(MgmtCode.BadField, "the system AC is 4 to 8 digits (§4.6.3)", { field: "systemAc" });
    out.systemAc = b["systemAc"] as string;
  }
  if (b["logoutCode"] !== undefined) {
    compileFeatureCode(b["logoutCode"] as string, "logoutCode");
    out.logoutCode = b["logoutCode"] as string;
  }
  return out;
}

/** Every subscribed or known handset with its user and where it registered its location on this Master. */
function handsetList(d: Device) {
  const dir = d.directory();
  const located = new Map(d.handsetLocations().map((l) => [l.ipei, l]));
  const rows = [
    ...dir
      .userEntries()
      .flatMap((u) =>
        u.user.ipei === undefined
          ? []
          : [{ ipei: u.user.ipei, number: u.user.number, subscribed: u.subs !== undefined }],
      ),
    ...dir.anonymousEntries().map((a) => ({ ipei: a.ipei, number: "", subscribed: a.subs !== undefined })),
  ];
  return rows.map((r) => {
    const l = located.get(r.ipei);
    return { ...r, ...(l === undefined ? {} : { radio: l.radio, rfpi: l.rfpi, since: l.since }) };
  });
}

/**
 * The directory's identity and one SHA-256 per entry (secrets included in the hash, never shown): enough to compare
 * a Standby's copy with its Master's entry by entry over HTTP.
 */
function directoryDigest(d: Device, withEntries: boolean) {
  const dir = d.directory();
  const entries = [...(withEntries ? dir.entries() : [])]
    .map((e) => ({ key: entryKey(e), usn: e.usn, digest: createHash("sha256").update(canonicalJson(e)).digest("hex") }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    epoch: dir.epoch,
    usn: dir.usn,
    replica: dir.replica,
    users: dir.users.length,
    anonymous: dir.anonymous.length,
    ...(d.replicatorStatus() === undefined ? {} : { replicator: d.replicatorStatus() }),
    entries,
  };
}

/** JSON with sorted keys: equal entries hash equal whatever order their fields were set in. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (typeof v === "object" && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}

function userAdmins(d: Device): UserAdmins {
  const a = d.userAdmins();
  if (a === undefined) throw new StateError(DeviceCode.NoMaster, "User Administrators live on a Master (§3.4.5.4)");
  return a;
}

const withoutPassword = ({ password: _secret, ...rest }: User): Omit<User, "password"> => rest;

/** Administration → Users (§4.10) and DECT → System subscription settings (§4.6.2, §4.6.3). */
export const USER_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: /^\/api\/user-admins$/,
    need: "system-admin",
    run: (c) => ok(userAdmins(c.device()).list()),
  },
  {
    method: "POST",
    path: /^\/api\/user-admins$/,
    need: "system-admin",
    // §3.4.5.4: only a System Administrator creates User Administrators.
    run: async (c, req) => {
      const b = jsonBody(req.body, { longName: "string", name: "string", password: "string" });
      await userAdmins(c.device()).add(b as unknown as UserAdmin, (n) => c.accounts.has(n));
      return ok({ result: "created", name: b["name"] }, 201);
    },
  },
  {
    method: "DELETE",
    path: /^\/api\/user-admins\/([^/]{1,90})$/,
    need: "system-admin",
    run: async (c, _req, m) => {
      await userAdmins(c.device()).remove(decodeURIComponent(m[1]!));
      return ok({ result: "removed" });
    },
  },
  {
    method: "PATCH",
    path: /^\/api\/users\/([^/]{1,90})$/,
    need: "user-admin",
    run: async (c, req, m) => {
      const patch = jsonBody(req.body, USER_PATCH) as UserInput;
      const e = await c.device().directory().modifyUser(decodeURIComponent(m[1]!), patch);
      return ok(withoutPassword(e.user));
    },
  },
  {
    method: "POST",
    path: /^\/api\/users\/([^/]{1,90})\/allow-subscription$/,
    need: "user-admin",
    // §3.14.2 step 7: the blue IPEI link, "allow subscription within 2 minutes".
    run: (c, _req, m) => ok({ until: c.device().allowSubscription(decodeURIComponent(m[1]!)) }),
  },
  {
    method: "GET",
    path: /^\/api\/handsets$/,
    need: "user-admin",
    run: (c) => ok(handsetList(c.device())),
  },
  {
    method: "GET",
    path: /^\/api\/directory$/,
    need: "auditor",
    // ?entries=0: only epoch, usn and counts (cheap enough to poll).
    run: (c, req) => ok(directoryDigest(c.device(), req.query.get("entries") !== "0")),
  },
  {
    method: "GET",
    path: /^\/api\/dect\/system$/,
    need: "system-admin",
    run: (c) => {
      const { subscription, systemAc, logoutCode } = c.device().directory().system;
      return ok({ subscription, systemAc, logoutCode });
    },
  },
  {
    method: "PUT",
    path: /^\/api\/dect\/system$/,
    need: "system-admin",
    run: async (c, req) => {
      const b = jsonBody(req.body, { subscription: "string?", systemAc: "string?", logoutCode: "string?" });
      const next = await c.device().directory().setSystem(checkedSystem(b));
      return ok({ subscription: next.subscription, systemAc: next.systemAc, logoutCode: next.logoutCode });
    },
  },
  {
    method: "GET",
    path: /^\/api\/users$/,
    need: "user-admin",
    // The Auth. Code is shown to the administrator (§3.14.3 "use Show"); the password never leaves the device.
    run: (c) => ok(c.device().directory().users.map(withoutPassword)),
  },
  {
    method: "POST",
    path: /^\/api\/users$/,
    need: "user-admin",
    run: async (c, req) => {
      const fields = [
        "longName",
        "name",
        "number",
        "displayName",
        "authName",
        "password",
        "ipei",
        "authCode",
        "idleDisplay",
      ];
      const b = jsonBody(
        req.body,
        Object.fromEntries(fields.map((f) => [f, f === "longName" || f === "number" ? "string" : "string?"])) as Record<
          string,
          FieldType
        >,
      );
      const [user] = await c
        .device()
        .directory()
        .addUsers([b as Record<string, string>]);
      return ok(withoutPassword(user!.user), 201);
    },
  },
  {
    method: "DELETE",
    path: /^\/api\/users\/([^/]{1,30})$/,
    need: "user-admin",
    run: async (c, _req, m) => {
      await c.device().directory().removeUser(decodeURIComponent(m[1]!));
      return ok({ result: "removed" });
    },
  },
  {
    method: "POST",
    path: /^\/api\/(users|anonymous)\/import$/,
    need: "user-admin",
    run: async (c, req, m) => {
      const bytes = new TextEncoder().encode(req.body);
      const dir = c.device().directory();
      try {
        const added = m[1] === "users" ? await importUsersCsv(dir, bytes) : await importAnonymousCsv(dir, bytes);
        return ok({ result: "imported", count: added.length });
      } catch (e) {
        if (!(e instanceof CsvError)) throw e;
        return ok({ error: { code: e.code, message: e.message }, rejected: e.rejected }, 400);
      }
    },
  },
  {
    method: "GET",
    path: /^\/api\/(users|anonymous)\/export$/,
    need: "user-admin",
    run: (c, _req, m) => {
      const dir = c.device().directory();
      const body = m[1] === "users" ? usersToCsv(dir.users) : anonymousToCsv(dir.anonymous);
      return { status: 200, body, contentType: "text/csv; charset=utf-8" };
    },
  },
  { method: "GET", path: /^\/api\/anonymous$/, need: "user-admin", run: (c) => ok(c.device().directory().anonymous) },
];
