import { DecodeError } from "../core/errors.js";
import type { UserEntry } from "./entry.js";
import { USER_FIELDS } from "./limits.js";
import { FIELD_LABEL, validateUser, type User } from "./User.js";
import { UsersCode } from "./errors.js";

/**
 * A user as a device configuration carries it: an App. C line (`mod cmd FLASHDIR0 add-item 101 …`) or an item of a
 * YAML `users:` list. The §3.14 fields, plus the directory identity a backup keeps (guid, usn, gateway, subs); what is
 * absent is generated when the user enters a directory (App. C step 4: "The system will create these attributes").
 */
export interface ConfigUser extends Omit<User, "authCode"> {
  /** Absent: generated (§3.14.1 "Automatically created by default"). */
  readonly authCode?: string;
  /** 32 upper-case hex digits (App. C `guid;bin`). */
  readonly guid?: string;
  /** App. C `usn`: kept as written when the user enters the directory. */
  readonly usn?: number;
  /** App. C `pbx=<gw name=…>`; absent: the Master's device name. */
  readonly gateway?: string;
  /** App. C `pbx=<gw subs=…>`: the subscription of the handset `ipei`. */
  readonly subs?: string;
}

/** The keys of a ConfigUser, as YAML `users:` items name them. */
export const CONFIG_USER_KEYS = [...USER_FIELDS, "guid", "usn", "gateway", "subs"] as const;
export type ConfigUserKey = (typeof CONFIG_USER_KEYS)[number];

/** The keys that must differ between the users of one configuration (§3.14 unique fields, App. C guid). */
const UNIQUE_KEYS = ["longName", "number", "ipei", "guid"] as const;
const GUID = /^[0-9A-Fa-f]{32}$/;
const CONTROL = /\p{Cc}/u;

const bad = (field: ConfigUserKey, why: string) =>
  new DecodeError(UsersCode.UserField, field in FIELD_LABEL ? `${labelOf(field)}: ${why}` : why, { field });

/** The manual's name of a user field (§3.14); the key itself for guid, usn, gateway and subs. */
export function labelOf(key: ConfigUserKey): string {
  return (FIELD_LABEL as Record<string, string>)[key] ?? key;
}

/**
 * Checks a configuration's user: the §3.14 rules of validateUser, a guid of 32 hex digits, a usn that is a whole
 * number, gateway and subs texts, subs only with an IPEI. A DecodeError names the field; its message never holds a
 * Password or Auth. Code.
 */
export function configUser(input: Readonly<Partial<Record<ConfigUserKey, unknown>>>): ConfigUser {
  const text = (key: ConfigUserKey): string | undefined => {
    const v = input[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string")
      throw bad(key, typeof v === "number" ? 'must be a text: quote numbers ("1950")' : "must be a text");
    return v;
  };
  const fields: Record<string, string | undefined> = {};
  for (const f of USER_FIELDS) fields[f] = text(f);
  const { authCode, ...user } = validateUser({ ...fields, authCode: fields["authCode"] || "0" });
  const guid = text("guid");
  if (guid !== undefined && !GUID.test(guid)) throw bad("guid", "must be 32 hex digits");
  const usn = input.usn;
  if (usn !== undefined && !(typeof usn === "number" && Number.isSafeInteger(usn) && usn >= 0))
    throw bad("usn", `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  const gateway = identityText(text("gateway"), "gateway");
  const subs = identityText(text("subs"), "subs");
  if (subs !== undefined && user.ipei === undefined) throw bad("subs", "a subscription needs an IPEI");
  return {
    ...user,
    ...(fields["authCode"] ? { authCode } : {}),
    ...(guid === undefined ? {} : { guid: guid.toUpperCase() }),
    ...(usn === undefined ? {} : { usn }),
    ...(gateway === undefined ? {} : { gateway }),
    ...(subs === undefined ? {} : { subs }),
  };
}

function identityText(v: string | undefined, key: "gateway" | "subs"): string | undefined {
  if (v !== undefined && (v === "" || CONTROL.test(v)))
    throw bad(key, "must be a non-empty text without control characters");
  return v;
}

/** The first user (by index) that repeats an earlier one's Long Name, Number, IPEI or guid. */
export function findDuplicate(
  users: readonly ConfigUser[],
): { readonly index: number; readonly key: ConfigUserKey; readonly first: number } | undefined {
  const seen = new Map<string, number>();
  for (const [index, u] of users.entries())
    for (const key of UNIQUE_KEYS) {
      const v = u[key];
      if (v === undefined) continue;
      const first = seen.get(`${key}\u0000${v}`);
      if (first !== undefined) return { index, key, first };
      seen.set(`${key}\u0000${v}`, index);
    }
  return undefined;
}

/** What a backup writes for a directory entry (§4.14, App. C): every field, guid, usn, gateway and subscription. */
export function configUserOf(e: UserEntry): ConfigUser {
  return { ...e.user, guid: e.guid, usn: e.usn, gateway: e.gateway, ...(e.subs === undefined ? {} : { subs: e.subs }) };
}
