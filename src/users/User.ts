import { DecodeError } from "../core/errors.js";
import { Ipei } from "../core/identity/Ipei.js";
import { USER_FIELD_MAX, USER_FIELDS, type UserField } from "./limits.js";
import { UsersCode } from "./errors.js";

/** A user of the IP-DECT system (§3.14 field table). Optional fields are absent when empty. */
export interface User {
  /** Long Name: mandatory, unique. */
  readonly longName: string;
  readonly displayName?: string;
  readonly name?: string;
  /** Number (extension): mandatory, unique. */
  readonly number: string;
  /** Auth Name (SIP): the Name is used when absent. */
  readonly authName?: string;
  readonly password?: string;
  /** IPEI / IPDI of the user's handset, canonical 13-character decimal form. */
  readonly ipei?: string;
  /** Auth. Code (AC): digits; generated when not given, never imported (§3.14.3). */
  readonly authCode: string;
  readonly idleDisplay?: string;
}

export type UserInput = { readonly [K in UserField]?: string };

/** Field labels as the manual and the CSV header name them. */
export const FIELD_LABEL: Record<UserField, string> = {
  longName: "Long Name",
  displayName: "Display Name",
  name: "Name",
  number: "Number",
  authName: "Auth Name (SIP)",
  password: "Password",
  ipei: "IPEI/IPDI",
  authCode: "Auth. Code",
  idleDisplay: "Idle Display",
};

const bad = (field: UserField, why: string) =>
  new DecodeError(UsersCode.UserField, `${FIELD_LABEL[field]}: ${why}`, { field });

/** A canonical IPEI text (13 characters), or a DecodeError naming the field. */
export function ipeiText(value: string): string {
  try {
    return Ipei.parse(value).toString();
  } catch (cause) {
    throw new DecodeError(UsersCode.UserField, `IPEI/IPDI: not an IPEI: ${JSON.stringify(value)}`, {
      field: "ipei",
      cause,
    });
  }
}

/**
 * Checks the fields of a user against §3.14 (lengths, mandatory Long Name and Number, IPEI, digits-only AC);
 * `authCode` must already be there (generated when the administrator gave none). Empty optional fields are dropped.
 */
export function validateUser(input: UserInput & { authCode: string }): User {
  const out: Record<string, string> = {};
  for (const field of USER_FIELDS) {
    const given = input[field];
    if (given === undefined || given === "") continue;
    // An IPEI may be written with spaces (00019 0592015 3); its canonical form is always 13 characters.
    const v = field === "ipei" ? ipeiText(given) : given;
    if ([...v].length > USER_FIELD_MAX[field])
      throw bad(field, `at most ${USER_FIELD_MAX[field]} characters, got ${[...v].length}`);
    if ([...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
      throw bad(field, "control characters are not allowed");
    out[field] = v;
  }
  if (out["longName"] === undefined) throw bad("longName", "mandatory");
  if (out["number"] === undefined) throw bad("number", "mandatory");
  if (!/^\d+$/.test(out["authCode"] ?? "")) throw bad("authCode", "digits only");
  return out as unknown as User;
}
