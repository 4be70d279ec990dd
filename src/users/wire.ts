import { DecodeError } from "../core/errors.js";
import type { ipdect } from "../wire/gen/ipdect.js";
import { entryKey, SUBSCRIPTION_METHODS, type DirChange, type DirEntry, type SubscriptionMethod } from "./entry.js";
import { compileFeatureCode } from "./featureCode.js";
import { USER_FIELD_MAX, type UserField } from "./limits.js";
import { ipeiText, validateUser, type UserInput } from "./User.js";
import { WireCode } from "../wire/errors.js";

type EntryWire = ipdect.DirEntryWire.$Properties;
type ChangeWire = ipdect.DirChangeWire.$Properties;

/** Wire kinds (proto DirEntryKind). */
const KIND = { user: 1, anonymous: 2, system: 3 } as const;

/** The user fields and their wire names, in one place for both directions. */
const USER_WIRE: Record<UserField, keyof EntryWire> = {
  longName: "longName",
  displayName: "displayName",
  name: "name",
  number: "number",
  authName: "authName",
  password: "password",
  ipei: "ipei",
  authCode: "authCode",
  idleDisplay: "idleDisplay",
};
const USER_FIELDS = Object.keys(USER_FIELD_MAX) as UserField[];

export function changeToWire(c: DirChange): ChangeWire {
  return { usn: c.usn, key: c.key, ...(c.entry === undefined ? {} : { entry: entryToWire(c.entry) }) };
}

function entryToWire(e: DirEntry): EntryWire {
  if (e.kind === "system")
    return {
      kind: KIND.system,
      usn: e.usn,
      subscription: e.subscription,
      systemAc: e.systemAc,
      logoutCode: e.logoutCode,
    };
  if (e.kind === "anonymous") return { kind: KIND.anonymous, usn: e.usn, ipei: e.ipei, subs: e.subs ?? "" };
  const w: EntryWire = {
    kind: KIND.user,
    usn: e.usn,
    guid: e.guid,
    gateway: e.gateway,
    subs: e.subs ?? "",
    adKey: e.ad?.key ?? "",
    adFields: [...(e.ad?.fields ?? [])],
  };
  for (const f of USER_FIELDS) (w as Record<string, unknown>)[USER_WIRE[f]] = e.user[f] ?? "";
  return w;
}

/**
 * A change from the wire, checked like local input (field limits, IPEI form, key matching the entry): a replica
 * must never hold what its own administrator could not have entered.
 */
export function changeFromWire(w: ChangeWire, field: string): DirChange {
  const usn = w.usn ?? 0;
  const key = w.key ?? "";
  if (usn <= 0) throw new DecodeError(WireCode.MsgInvalid, "usn must be positive", { field });
  if (w.entry === undefined || w.entry === null) return { usn, key };
  const entry = entryFromWire(w.entry, usn, `${field}.entry`);
  if (entryKey(entry) !== key)
    throw new DecodeError(WireCode.MsgInvalid, `key ${key} does not match its entry`, { field });
  return { usn, key, entry };
}

function entryFromWire(w: EntryWire, usn: number, field: string): DirEntry {
  const text = (v: string | null | undefined) => (v === null || v === undefined || v === "" ? undefined : v);
  const subs = text(w.subs);
  switch (w.kind) {
    case KIND.system: {
      const subscription = w.subscription as SubscriptionMethod;
      if (!SUBSCRIPTION_METHODS.includes(subscription))
        throw new DecodeError(WireCode.MsgInvalid, `unknown subscription method ${String(w.subscription)}`, { field });
      if (!/^\d{4,8}$/.test(w.systemAc ?? ""))
        throw new DecodeError(WireCode.MsgInvalid, "system AC must be 4 to 8 digits", { field });
      const logoutCode = w.logoutCode ?? "";
      compileFeatureCode(logoutCode, field);
      return { kind: "system", usn, subscription, systemAc: w.systemAc!, logoutCode };
    }
    case KIND.anonymous: {
      const ipei = ipeiText(w.ipei ?? "");
      return { kind: "anonymous", usn, ipei, ...(subs === undefined ? {} : { subs }) };
    }
    case KIND.user: {
      const input: Record<string, string> = {};
      for (const f of USER_FIELDS) {
        const v = text((w as Record<string, string | null | undefined>)[USER_WIRE[f]]);
        if (v !== undefined) input[f] = v;
      }
      const user = validateUser(input as UserInput & { authCode: string });
      if (!/^[0-9A-F]{32}$/.test(w.guid ?? ""))
        throw new DecodeError(WireCode.MsgInvalid, "guid must be 32 hex digits", { field });
      const adFields = (w.adFields ?? []) as UserField[];
      if (adFields.some((f) => !USER_FIELDS.includes(f)))
        throw new DecodeError(WireCode.MsgInvalid, "unknown Active Directory field", { field });
      const adKey = text(w.adKey);
      return {
        kind: "user",
        usn,
        guid: w.guid!,
        user,
        gateway: w.gateway ?? "",
        ...(subs === undefined ? {} : { subs }),
        ...(adKey === undefined ? {} : { ad: { key: adKey, fields: adFields } }),
      };
    }
    default:
      throw new DecodeError(WireCode.MsgInvalid, `unknown directory entry kind ${String(w.kind)}`, { field });
  }
}
