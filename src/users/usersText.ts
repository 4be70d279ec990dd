import { listText } from "../core/textTable.js";
import { USER_FIELDS, type UserField } from "./limits.js";
import { FIELD_LABEL, type User } from "./User.js";

/**
 * Administration → Users (§4.10.1) for people (`ipdect ctl users`): one row per user, a column for each field that
 * some user has, under the manual's label. The password never reaches this: the API does not send it.
 */
export function usersText(users: readonly Omit<User, "password">[]): string {
  const shown = USER_FIELDS.filter((f): f is Exclude<UserField, "password"> => f !== "password").filter((f) =>
    users.some((u) => u[f] !== undefined),
  );
  return listText(
    shown.map((f) => FIELD_LABEL[f]),
    users.map((u) => shown.map((f) => u[f] ?? "")),
    "no users",
  );
}
