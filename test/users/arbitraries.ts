import fc from "fast-check";
import { compact } from "../../src/core/config/plainObject.js";
import { Ipei } from "../../src/core/identity/Ipei.js";
import { findDuplicate, type ConfigUser } from "../../src/users/configUser.js";
import { USER_FIELD_MAX } from "../../src/users/limits.js";

/** The characters App. C lines must escape or that look like line syntax, then any code point. */
const SYNTAX = [...'()\\"=<>/; \u00a0\u2028', "\\28", "/>", ")(", "é", "𝄞"];
const unit = fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
/** A non-empty text of at most `max` code points without control characters. */
export const fieldText = (max: number) =>
  fc.string({ unit, minLength: 1, maxLength: max }).map((s) => [...s.replace(/\p{Cc}/gu, "x")].slice(0, max).join(""));

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const hex = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString("hex"));
export const ipei = fc
  .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 2 ** 20 - 1 }))
  .map(([emc, psn]) => Ipei.create(emc, psn).toString());

/** A valid ConfigUser as configUser returns it: canonical IPEI, upper-case guid, optional fields absent when empty. */
export const configUserArb: fc.Arbitrary<ConfigUser> = fc
  .record(
    {
      longName: fieldText(USER_FIELD_MAX.longName),
      displayName: opt(fieldText(USER_FIELD_MAX.displayName)),
      name: opt(fieldText(USER_FIELD_MAX.name)),
      number: fieldText(USER_FIELD_MAX.number),
      authName: opt(fieldText(USER_FIELD_MAX.authName)),
      password: opt(fieldText(USER_FIELD_MAX.password)),
      ipei: opt(ipei),
      authCode: opt(fc.stringMatching(/^\d{1,8}$/)),
      idleDisplay: opt(fieldText(USER_FIELD_MAX.idleDisplay)),
      guid: opt(hex(16).map((h) => h.toUpperCase())),
      usn: opt(fc.maxSafeNat()),
      gateway: opt(fieldText(64)),
      subs: opt(fc.oneof(hex(16), fieldText(40))),
    },
    { requiredKeys: ["longName", "number"] },
  )
  .map(({ subs, ...u }) => (u.ipei === undefined || subs === undefined ? u : { ...u, subs }))
  .map((u): ConfigUser => compact(u));

/** A list of users with distinct Long Names, Numbers, IPEIs and guids, as one configuration may hold them. */
export const configUsersArb = fc
  .array(configUserArb, { maxLength: 5 })
  .filter((users) => findDuplicate(users) === undefined);
