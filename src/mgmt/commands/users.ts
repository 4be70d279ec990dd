import { DecodeError } from "../../core/errors.js";
import { formatTime } from "../../core/timeText.js";
import { anonymousToCsv, usersToCsv } from "../../users/csv.js";
import { SUBSCRIPTION_METHODS, type SubscriptionMethod } from "../../users/entry.js";
import { compileFeatureCode } from "../../users/featureCode.js";
import { importAnonymousCsv, importUsersCsv } from "../../users/importCsv.js";
import type { UserField } from "../../users/limits.js";
import { FIELD_LABEL, type UserInput } from "../../users/User.js";
import { usersText } from "../../users/usersText.js";
import { command, type Command } from "../command.js";
import { fields, said, shown } from "../ctlText.js";
import { MgmtCode } from "../errors.js";
import { body, inPath, inQuery, optional, text } from "../params.js";
import { jsonBody, type FieldType } from "../route.js";
import { ClockMs, OneOf, Result, S } from "../schema.js";
import {
  directoryDigest,
  DirectoryDigestSchema,
  directoryText,
  handsetList,
  HandsetSchema,
  handsetsText,
  IpeiText,
  userAdmins,
  UserSchema,
  withoutPassword,
} from "./userViews.js";

const USER_FIELDS: readonly UserField[] = [
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

/**
 * A user's fields as a JSON object body (§4.10.3); `required` must be there. Each is a text of 1 to 64 characters
 * here; the user's own rules (its limit, the IPEI, digits in the Auth. Code) are checked when it is stored.
 */
const userBody = (required: readonly UserField[]) => {
  const fields = Object.fromEntries(
    USER_FIELDS.map((f): [string, FieldType] => [f, required.includes(f) ? "string" : "string?"]),
  );
  const properties = Object.fromEntries(
    USER_FIELDS.map((f) => {
      const field = S.String({ minLength: 1, maxLength: 64, description: `${FIELD_LABEL[f]} (§3.14.3)` });
      return [f, required.includes(f) ? field : S.Optional(field)];
    }),
  );
  return {
    ...body((t) => jsonBody(t, fields) as UserInput),
    media: "application/json",
    schema: S.Object(properties, { additionalProperties: false }),
  };
};

/** DECT → System (§4.6.2, §4.6.3, §4.6.18). */
const DectSystemSchema = S.Object({
  subscription: OneOf(SUBSCRIPTION_METHODS, "Subscriptions: With User AC, With System AC, or Disable (§4.6.2)"),
  systemAc: S.String({ pattern: "^[0-9]{4,8}$", description: "the system AC (§4.6.3)" }),
  logoutCode: S.String({ description: "the Logout User feature code (§4.6.18)" }),
});

/** DECT → System: the subscription method (§4.6.2). */
const subscription = text((t, key) => {
  if (!SUBSCRIPTION_METHODS.includes(t as SubscriptionMethod))
    throw new DecodeError(MgmtCode.BadField, `${key} must be one of ${SUBSCRIPTION_METHODS.join(", ")}`, {
      field: key,
    });
  return t as SubscriptionMethod;
});

/** DECT → System: the system AC (§4.6.3). */
const systemAc = text((t, key) => {
  if (!/^\d{4,8}$/.test(t))
    throw new DecodeError(MgmtCode.BadField, "the system AC is 4 to 8 digits (§4.6.3)", { field: key });
  return t;
});

/** DECT → System: the logout feature code (§4.6.18). */
const logoutCode = text((t, key) => {
  compileFeatureCode(t, key);
  return t;
});

/** DECT → System (§4.6.2, §4.6.3, §4.6.18) as the page names it: what GET and PUT /api/dect/system answer. */
const dectSystemText = fields<{ subscription: string; systemAc: string; logoutCode: string }>((s) => [
  ["Subscription", s.subscription],
  ["System AC", s.systemAc],
  ["Logout code", s.logoutCode],
]);

/** CSV import of users (§4.10.5) or anonymous handsets (§4.10.9): nothing is imported if a row is refused. */
const csvImport = (kind: "users" | "anonymous", summary: string) =>
  command({
    name: `${kind}-import`,
    summary,
    need: "user-admin",
    method: "POST",
    path: `/api/${kind}/import`,
    params: {
      csv: {
        ...body((t) => new TextEncoder().encode(t)),
        media: "text/csv",
        description: "the CSV file (§3.14.3)",
        ctl: { positional: "<file.csv>", file: true },
      },
    },
    response: Result("imported", { count: S.Integer({ description: "the rows imported" }) }),
    run: async (on, a) => {
      const dir = on.device.directory();
      const added = kind === "users" ? await importUsersCsv(dir, a.csv) : await importAnonymousCsv(dir, a.csv);
      return { result: "imported", count: added.length };
    },
    ctl: {
      text: said<{ count: number }>((a) => `imported ${a.count} ${kind === "users" ? "users" : "anonymous handsets"}`),
    },
  });

/** CSV export of users (§4.10.6) or anonymous handsets (§4.10.10). */
const csvExport = (kind: "users" | "anonymous", summary: string) =>
  command({
    name: `${kind}-export`,
    summary,
    need: "user-admin",
    method: "GET",
    path: `/api/${kind}/export`,
    params: {},
    contentType: "text/csv; charset=utf-8",
    response: S.String({ description: "the CSV file, without Auth. Codes and passwords (§3.14.3)" }),
    run: (on) => {
      const dir = on.device.directory();
      return kind === "users" ? usersToCsv(dir.users) : anonymousToCsv(dir.anonymous);
    },
    ctl: { out: { file: "<file.csv>" } },
  });

/** Administration → Users (§4.10), User Administrators (§3.4.5.4) and DECT → System (§4.6.2, §4.6.3). */
export const USER_COMMANDS: readonly Command[] = [
  command({
    name: "user-admins",
    // §3.4.4: User Administrators "can view but not create or manage other user administrator accounts".
    summary: "the User Administrators, without passwords (§3.4.5.4); User Administrators may view them (§3.4.4)",
    need: "user-admin",
    method: "GET",
    path: "/api/user-admins",
    params: {},
    response: S.Array(S.Object({ longName: S.String(), name: S.String({ description: "the login name" }) })),
    run: (on) => userAdmins(on.device).list(),
  }),
  command({
    name: "user-admin-add",
    // §3.4.5.4: only a System Administrator creates User Administrators.
    summary: "a new User Administrator (§3.4.5.4)",
    need: "system-admin",
    method: "POST",
    path: "/api/user-admins",
    params: { longName: text(), name: text(), password: text() },
    status: 201,
    response: Result("created", { name: S.String() }),
    run: async (on, a) => {
      await userAdmins(on.device).add(a, (n) => n === on.device.admin().account.user);
      return { result: "created", name: a.name };
    },
  }),
  command({
    name: "user-admin-remove",
    summary: "remove a User Administrator (§3.4.5.4)",
    need: "system-admin",
    method: "DELETE",
    path: "/api/user-admins/:name",
    params: { name: inPath("[^/]{1,90}") },
    response: Result("removed"),
    run: async (on, a) => {
      await userAdmins(on.device).remove(a.name);
      return { result: "removed" };
    },
  }),
  command({
    name: "users",
    summary: "the users of a Master, with Auth. Codes, never passwords (§4.10.1)",
    need: "user-admin",
    method: "GET",
    path: "/api/users",
    params: {},
    response: S.Array(UserSchema),
    run: (on) => on.device.directory().users.map(withoutPassword),
    ctl: { text: shown(usersText) },
  }),
  command({
    name: "user-add",
    summary: "a new user: its fields as JSON, longName and number required (§4.10.3)",
    need: "user-admin",
    method: "POST",
    path: "/api/users",
    params: { user: userBody(["longName", "number"]) },
    status: 201,
    response: UserSchema,
    run: async (on, a) => {
      const [added] = await on.device.directory().addUsers([a.user]);
      return withoutPassword(added!.user);
    },
  }),
  command({
    name: "user-change",
    summary: "change a user: the fields to change as JSON (§4.10.3)",
    need: "user-admin",
    method: "PATCH",
    path: "/api/users/:number",
    // Parameters are read in order: a bad body is answered before the path is decoded.
    params: { patch: userBody([]), number: inPath("[^/]{1,90}") },
    response: UserSchema,
    run: async (on, a) => withoutPassword((await on.device.directory().modifyUser(a.number, a.patch)).user),
  }),
  command({
    name: "user-remove",
    summary: "remove a user (§4.10)",
    need: "user-admin",
    method: "DELETE",
    path: "/api/users/:number",
    params: { number: inPath("[^/]{1,30}") },
    response: Result("removed"),
    run: async (on, a) => {
      await on.device.directory().removeUser(a.number);
      return { result: "removed" };
    },
  }),
  csvImport("users", "import users from CSV; 400 with the refused rows (§4.10.5)"),
  csvImport("anonymous", "import anonymous handsets from CSV (§4.10.9)"),
  csvExport("users", "export the users as CSV (§4.10.6)"),
  csvExport("anonymous", "export the anonymous handsets as CSV (§4.10.10)"),
  command({
    name: "anonymous",
    summary: "the anonymous handsets (§4.10.7)",
    need: "user-admin",
    method: "GET",
    path: "/api/anonymous",
    params: {},
    response: S.Array(IpeiText),
    run: (on) => on.device.directory().anonymous,
  }),
  command({
    name: "park",
    // §4.10.3: "To view the PARK and the PARK 3rd pty code: 1. Select Users → Users."
    summary: "the PARK and PARK 3rd pty codes a handset of another system needs (§4.10.3); on the PARI Master",
    need: "user-admin",
    method: "GET",
    path: "/api/park",
    params: {},
    response: S.Object({
      park: S.Optional(S.String({ description: "PARK{31} of the primary SARI; absent while no SARI is set" })),
      park3rdParty: S.String({ description: "PARK{27}: the ARC, EIC and FPN every RFPI of the system shares" }),
    }),
    run: (on) => on.device.parkCodes(),
    ctl: {
      text: fields<{ park?: string; park3rdParty: string }>((a) => [
        ["PARK", a.park ?? "no SARI set (§4.6.35)"],
        ["PARK 3rd pty", a.park3rdParty],
      ]),
    },
  }),
  command({
    name: "anonymous-add",
    // §4.10.8 Add an Anonymous Handset: "Click new. Enter the IPEI for the anonymous handset. Click OK."
    summary: "a new anonymous handset, one IPEI (§4.10.8); an IPEI already known is refused",
    need: "user-admin",
    method: "POST",
    path: "/api/anonymous",
    params: { ipei: { ...text(), ctl: { positional: "<IPEI>" } } },
    status: 201,
    response: Result("added", { ipei: IpeiText }),
    run: async (on, a) => {
      const [ipei] = await on.device.directory().addAnonymous([a.ipei]);
      return { result: "added", ipei: ipei! };
    },
    ctl: { text: said<{ ipei: string }>((a) => `anonymous handset ${a.ipei} added (§4.10.8)`) },
  }),
  command({
    name: "allow-subscription",
    // §3.14.2 step 7: the blue IPEI link.
    summary: "let the user's handset subscribe for 2 minutes (§3.14.2 step 7)",
    need: "user-admin",
    method: "POST",
    path: "/api/users/:number/allow-subscription",
    params: { number: { ...inPath("[^/]{1,90}"), ctl: { positional: "<number>" } } },
    response: S.Object({ until: ClockMs("until when the handset may subscribe") }),
    run: (on, a) => ({ until: on.device.allowSubscription(a.number) }),
    ctl: {
      text: said<{ until: number }>(
        (a, args) =>
          `the handset of ${String(args["number"])} may subscribe until ${formatTime(a.until)} (§3.14.2 step 7)`,
      ),
    },
  }),
  command({
    name: "handsets",
    summary: "every handset: its user, subscribed, where it located (§3.14)",
    need: "user-admin",
    method: "GET",
    path: "/api/handsets",
    params: {},
    response: S.Array(HandsetSchema),
    run: (on) => handsetList(on.device),
    ctl: { text: shown(handsetsText) },
  }),
  command({
    name: "directory",
    summary: "the directory's epoch, usn, counts and entry digests (§4.5.3)",
    need: "auditor",
    method: "GET",
    path: "/api/directory",
    params: { entries: { ...optional(inQuery()), description: "0: without the entry digests" } },
    response: DirectoryDigestSchema,
    run: (on, a) => directoryDigest(on.device, a.entries !== "0"),
    ctl: { text: shown(directoryText) },
  }),
  command({
    name: "dect-system",
    summary: "DECT → System: subscription, system AC, logout code (§4.6.2)",
    need: "system-admin",
    method: "GET",
    path: "/api/dect/system",
    params: {},
    response: DectSystemSchema,
    run: (on) => {
      const { subscription, systemAc, logoutCode } = on.device.directory().system;
      return { subscription, systemAc, logoutCode };
    },
    ctl: { text: dectSystemText },
  }),
  command({
    name: "dect-system-set",
    summary: "change subscription, system AC or logout code (§4.6.2, §4.6.3)",
    need: "system-admin",
    method: "PUT",
    path: "/api/dect/system",
    params: {
      subscription: {
        ...optional(subscription),
        ctl: { option: "subscription", value: SUBSCRIPTION_METHODS.join("|") },
      },
      systemAc: { ...optional(systemAc), ctl: { option: "ac", value: "<4-8 digits>" } },
      logoutCode: { ...optional(logoutCode), ctl: { option: "logout-code", value: "'#11*$#'" } },
    },
    response: DectSystemSchema,
    run: async (on, a) => {
      const next = await on.device.directory().setSystem({
        ...(a.subscription === undefined ? {} : { subscription: a.subscription }),
        ...(a.systemAc === undefined ? {} : { systemAc: a.systemAc }),
        ...(a.logoutCode === undefined ? {} : { logoutCode: a.logoutCode }),
      });
      return { subscription: next.subscription, systemAc: next.systemAc, logoutCode: next.logoutCode };
    },
    ctl: { word: "dect-system", text: dectSystemText },
  }),
];
