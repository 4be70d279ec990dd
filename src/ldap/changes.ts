import { SUBSCRIPTION_METHODS, type SystemEntry } from "../users/entry.js";
import { compileFeatureCode } from "../users/featureCode.js";
import { SYSTEM_AC_MAX_DIGITS, SYSTEM_AC_MIN_DIGITS, type UserField } from "../users/limits.js";
import type { User, UserInput } from "../users/User.js";
import type { LdapAttribute } from "./LdapAttribute.js";
import type { Modification } from "./requests.js";
import { LdapFailure } from "./errors.js";
import { ResultCode } from "./resultCodes.js";
import {
  GUID,
  LOGOUT_CODE,
  OBJECT_CLASS,
  ObjectClass,
  SUBSCRIPTION,
  SYSTEM_AC,
  USER_ATTRIBUTE,
  USER_FIELD_BY_ATTRIBUTE,
  USN,
} from "./schema.js";

/** Fields every user has (§3.14: Long Name and Number are mandatory; an Auth. Code is always generated). */
const MANDATORY: readonly UserField[] = ["longName", "number", "authCode"];
const USER_CLASSES = new Set(["top", ObjectClass.user.toLowerCase()]);

const fail = (code: ResultCode, message: string): never => {
  throw new LdapFailure(code, message);
};

/** Refuses the attributes the directory sets itself, and objectClass changes (RFC 4511 §4.6). */
function refuseFixed(type: string): void {
  const t = type.toLowerCase();
  if (t === GUID || t === USN) fail(ResultCode.constraintViolation, `${type} is set by the directory`);
  if (t === OBJECT_CLASS.toLowerCase())
    fail(ResultCode.objectClassModsProhibited, `${OBJECT_CLASS} of an entry here cannot change`);
}

/** The one value of a single-valued attribute. */
function single(a: { type: string; values: readonly string[] }): string {
  if (a.values.length !== 1) fail(ResultCode.constraintViolation, `${a.type} takes exactly one value`);
  return a.values[0]!;
}

/**
 * The fields of a new user from the attributes of an add request (RFC 4511 §4.7) for `cn=<rdn>,cn=PBX0`: the manual's
 * attribute names (§4.5.3.2), one value each; objectClass, when given, is top/ipdectUser; cn, when given, is the RDN's.
 * Field rules (§3.14 lengths, IPEI, digits) are the directory's to check.
 */
export function userFromAttributes(attributes: readonly LdapAttribute[], rdnValue: string): UserInput {
  const input: Partial<Record<UserField, string>> = {};
  const seen = new Set<string>();
  for (const a of attributes) {
    const t = a.type.toLowerCase();
    if (seen.has(t)) fail(ResultCode.attributeOrValueExists, `${a.type} is given twice`);
    seen.add(t);
    if (t === OBJECT_CLASS.toLowerCase()) {
      const other = a.values.find((v) => !USER_CLASSES.has(v.toLowerCase()));
      if (other !== undefined)
        fail(ResultCode.objectClassViolation, `entries here are ${ObjectClass.user}; objectClass ${other} is not`);
      continue;
    }
    refuseFixed(a.type);
    const field = USER_FIELD_BY_ATTRIBUTE.get(t) ?? fail(ResultCode.undefinedAttributeType, `no attribute ${a.type}`);
    input[field] = single(a);
  }
  if (input.longName !== undefined && input.longName.toLowerCase() !== rdnValue.toLowerCase())
    fail(ResultCode.namingViolation, `cn ${JSON.stringify(input.longName)} differs from the entry's name`);
  input.longName = rdnValue;
  if (input.number === undefined) fail(ResultCode.objectClassViolation, "e164 (Number) is mandatory (§3.14)");
  return input;
}

/**
 * One modification of a single-valued attribute (RFC 4511 §4.6) on its current value: add needs it absent, delete
 * needs it (or the named value) present, replace with no value clears it; a mandatory one cannot be cleared.
 */
function modified(current: string | undefined, c: Modification, mandatory: boolean): string | undefined {
  let next: string | undefined;
  if (c.operation === "replace") next = c.values.length === 0 ? undefined : single(c);
  else if (c.operation === "add") {
    if (current !== undefined) fail(ResultCode.attributeOrValueExists, `${c.type} has a value already`);
    next = single(c);
  } else {
    const named = c.values.length === 0 ? current : single(c);
    if (current === undefined || named?.toLowerCase() !== current.toLowerCase())
      fail(ResultCode.noSuchAttribute, `${c.type} does not have that value`);
    next = undefined;
  }
  if (next === undefined && mandatory) fail(ResultCode.objectClassViolation, `${c.type} is mandatory; replace it`);
  return next;
}

/**
 * The changes of a modify request as a patch for Directory.modifyUser: the fields that end up different, `""` for
 * a cleared one. All or nothing (RFC 4511 §4.6): the first refused change refuses the request. The Long Name is the
 * entry's RDN: it changes with modify DN (§4.9), not here.
 */
export function userPatch(user: User, changes: readonly Modification[]): UserInput {
  const now: Partial<Record<UserField, string>> = { ...user };
  for (const c of changes) {
    refuseFixed(c.type);
    const field =
      USER_FIELD_BY_ATTRIBUTE.get(c.type.toLowerCase()) ??
      fail(ResultCode.undefinedAttributeType, `no attribute ${c.type}`);
    const next = modified(now[field], c, MANDATORY.includes(field));
    if (field === "longName" && next !== user.longName)
      fail(ResultCode.notAllowedOnRdn, `${USER_ATTRIBUTE.longName} names the entry: rename it with modify DN (modrdn)`);
    if (next === undefined) delete now[field];
    else now[field] = next;
  }
  const patch: Partial<Record<UserField, string>> = {};
  for (const f of Object.keys(USER_ATTRIBUTE) as UserField[]) if (now[f] !== user[f]) patch[f] = now[f] ?? "";
  return patch;
}

type SystemSettings = Pick<SystemEntry, "subscription" | "systemAc" | "logoutCode">;
/** The attributes of the DECT settings entry a client may change, by lower-case name. */
const SYSTEM_FIELDS: ReadonlyMap<string, keyof SystemSettings> = new Map([
  [SUBSCRIPTION.toLowerCase(), "subscription"],
  [SYSTEM_AC.toLowerCase(), "systemAc"],
  [LOGOUT_CODE.toLowerCase(), "logoutCode"],
]);

/**
 * The changes of a modify request on `cn=DECT,cn=PBX0`: Subscriptions (§4.6.2), the system AC (§4.6.3) and the
 * Logout User feature code (§4.6.18); each is single-valued and always set.
 */
export function systemPatch(sys: SystemEntry, changes: readonly Modification[]): Partial<SystemSettings> {
  const now: Record<keyof SystemSettings, string> = {
    subscription: sys.subscription,
    systemAc: sys.systemAc,
    logoutCode: sys.logoutCode,
  };
  for (const c of changes) {
    refuseFixed(c.type);
    if (c.type.toLowerCase() === "cn") fail(ResultCode.notAllowedOnRdn, "cn names the entry");
    const key =
      SYSTEM_FIELDS.get(c.type.toLowerCase()) ??
      fail(ResultCode.undefinedAttributeType, `no attribute ${c.type} on the DECT settings`);
    now[key] = modified(now[key], c, true)!;
  }
  if (!(SUBSCRIPTION_METHODS as readonly string[]).includes(now.subscription))
    fail(ResultCode.invalidAttributeSyntax, `${SUBSCRIPTION} is one of ${SUBSCRIPTION_METHODS.join(", ")} (§4.6.2)`);
  const digits = new RegExp(`^\\d{${SYSTEM_AC_MIN_DIGITS},${SYSTEM_AC_MAX_DIGITS}}$`);
  if (!digits.test(now.systemAc))
    fail(
      ResultCode.invalidAttributeSyntax,
      `${SYSTEM_AC} has ${SYSTEM_AC_MIN_DIGITS} to ${SYSTEM_AC_MAX_DIGITS} digits (§4.6.3)`,
    );
  try {
    compileFeatureCode(now.logoutCode);
  } catch (err) {
    fail(ResultCode.invalidAttributeSyntax, `${LOGOUT_CODE}: ${(err as Error).message} (§4.6.18)`);
  }
  const patch: Partial<Record<keyof SystemSettings, string>> = {};
  for (const key of SYSTEM_FIELDS.values()) if (now[key] !== sys[key]) patch[key] = now[key];
  return patch as Partial<SystemSettings>;
}
