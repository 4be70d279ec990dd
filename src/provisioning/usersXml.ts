import { DecodeError } from "../core/errors.js";
import { Ipei } from "../core/identity/Ipei.js";
import { configUser, type ConfigUser, type ConfigUserKey } from "../users/configUser.js";
import { CSV_MAX_ROWS } from "../users/limits.js";
import { ProvisioningCode } from "./errors.js";
import { parseXml, type XmlElement } from "./xml.js";

/** `<MAC>-users.xml` (seed 002 "User List File", Appendix C): the users that replace the directory's. */
export interface UsersXml {
  readonly users: readonly ConfigUser[];
  /** Usernames of `<disabled>true</disabled>` users: "disabled and unable to make calls", so left out. */
  readonly disabled: readonly string[];
  /** Element paths of Appendix C fields this device does not model (CUCM, analogue lines, gains): not applied. */
  readonly notModelled: readonly string[];
}

/**
 * A users file of the largest directory a device holds: 4000 users (docs/user-guide.md) at well under 1 KiB each.
 */
export const USERS_XML_MAX_BYTES = 4 * 1024 * 1024;
/** The most `<user>` records one file may hold; a Master's directory (§3.14) holds no more. */
export const USERS_XML_MAX_USERS = 4 * CSV_MAX_ROWS;

/** Appendix C: "Max. length of a SIP user name is 63 characters" and its allowed characters. */
const SIP_USER_NAME = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/]{1,63}$/;
/** Appendix C `cucmdevicename`: "A valid device name starting with SEP. E.g. SEP123456789ABC". */
const CUCM_NAME = /^SEP[0-9A-Fa-f]{12}$/;

/** Appendix C fields mapped to this device's user fields (§3.14). `username` and `name` are handled apart. */
const FIELD: Readonly<Record<string, ConfigUserKey>> = {
  ipei: "ipei",
  accesscode: "authCode",
  standbytext: "idleDisplay",
  displayname: "displayName",
  authuser: "authName",
  authpassword: "password",
  localno: "number",
};
/** Appendix C fields known but not modelled: CUCM (a licence), and the DECT Server 2500/8000's analogue lines. */
const NOT_MODELLED = new Set(["cucmdevicename", "lid", "linetype", "presentationtext", "tx_gain", "rx_gain"]);
const ALL = new Set([...Object.keys(FIELD), ...NOT_MODELLED, "username", "name", "disabled", "domain"]);

/**
 * Parses a `<MAC>-users.xml`: a `<users>` root of `<user>` records. Each record maps to a §3.14 user: `username`
 * ("the user name/extension used when communicating with the SIP server", mandatory) is the Name the user registers
 * with and, unless `localno` gives another, the Number; the Long Name is `name` (2500/8000) or the username. The
 * §3.14 rules and uniqueness apply as to any user. Throws DecodeError PROV_XML or PROV_XML_SCHEMA with the element
 * path; a refused file applies nothing.
 */
export function parseUsersXml(bytes: Uint8Array, source: string): UsersXml {
  const root = parseXml(bytes, source, USERS_XML_MAX_BYTES);
  const schema = (path: string, why: string): never => {
    throw new DecodeError(ProvisioningCode.XmlSchema, why, { source, field: path });
  };
  if (root.name !== "users") schema(root.path, "the root element of a users file is <users> (seed 002 Appendix D)");
  if (root.text !== "") schema(root.path, "holds text; it holds <user> records only");
  if (root.children.length > USERS_XML_MAX_USERS)
    schema(root.path, `${root.children.length} users, over the ${USERS_XML_MAX_USERS} a directory holds`);
  const users: ConfigUser[] = [];
  const disabled: string[] = [];
  const notModelled: string[] = [];
  const seen = new Map<string, string>();
  for (const record of root.children) {
    if (record.name !== "user") schema(record.path, "a users file holds <user> records only");
    const user = readUser(record, schema, notModelled);
    for (const key of ["longName", "number", "ipei"] as const) {
      const v = user.user[key];
      if (v === undefined) continue;
      const other = seen.get(`${key}:${v}`);
      if (other !== undefined) schema(record.path, `${label(key)} ${v} is used twice, also in ${other}`);
      seen.set(`${key}:${v}`, record.path);
    }
    if (user.disabled) disabled.push(user.username);
    else users.push(user.user);
  }
  return { users, disabled, notModelled };
}

const label = (key: "longName" | "number" | "ipei") =>
  key === "longName" ? "Long Name" : key === "number" ? "Number" : "IPEI";

function readUser(
  record: XmlElement,
  schema: (path: string, why: string) => never,
  notModelled: string[],
): { user: ConfigUser; username: string; disabled: boolean } {
  const value = new Map<string, XmlElement>();
  for (const f of record.children) {
    if (!ALL.has(f.name)) schema(f.path, "not a field of a user (seed 002 Appendix C)");
    if (f.children.length > 0) schema(f.path, "a user field holds text, not elements");
    if (value.has(f.name)) schema(f.path, "given more than once");
    value.set(f.name, f);
  }
  const username = value.get("username");
  if (username === undefined || username.text === "")
    return schema(`${record.path}/username`, "mandatory (seed 002 Appendix C)");
  if (!SIP_USER_NAME.test(username.text))
    schema(username.path, "at most 63 characters of A-Z a-z 0-9 -_.!~*'()&=+$,;?/ (seed 002 Appendix C)");
  const domain = value.get("domain");
  if (domain !== undefined && domain.text !== "")
    schema(
      domain.path,
      "a user's own SIP domain is not supported: every user registers in the gatekeeper's Domain (§4.6.23)",
    );
  const cucm = value.get("cucmdevicename");
  if (cucm !== undefined && cucm.text !== "" && !CUCM_NAME.test(cucm.text))
    schema(cucm.path, "a device name is SEP and 12 hex digits, e.g. SEP123456789ABC (seed 002 Appendix C)");
  const off = value.get("disabled")?.text ?? "false";
  if (off !== "true" && off !== "false")
    schema(`${record.path}/disabled`, `expected true or false, got ${JSON.stringify(off)}`);
  for (const f of value.values()) if (NOT_MODELLED.has(f.name) && f.text !== "") notModelled.push(f.path);
  // Which element each user field came from, to name it in an error.
  const from = new Map<ConfigUserKey, XmlElement>([
    ["name", username],
    ["number", username],
    ["longName", value.get("name")?.text ? value.get("name")! : username],
  ]);
  for (const [element, key] of Object.entries(FIELD)) {
    const e = value.get(element);
    if (e !== undefined && e.text !== "") from.set(key, e);
  }
  const input: Partial<Record<ConfigUserKey, string>> = {};
  for (const [key, e] of from) input[key] = key === "ipei" ? ipeiOf(e, schema) : e.text;
  try {
    return { user: configUser(input), username: username.text, disabled: off === "true" };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const field = e.context.field as ConfigUserKey | undefined;
    return schema((field === undefined ? undefined : from.get(field))?.path ?? record.path, e.reason);
  }
}

/**
 * Appendix C's IPEI: "A valid IPEI in the format XXXXX XXXXXXX", EMC and PSN without the check digit; this device's
 * 13-character form (§3.14, with the check digit of EN 300 175-6 Annex C) is taken too.
 */
function ipeiOf(e: XmlElement, schema: (path: string, why: string) => never): string {
  const m = /^(\d{5}) ?(\d{7})$/.exec(e.text);
  if (m === null) return e.text;
  try {
    return Ipei.create(Number(m[1]), Number(m[2])).toString();
  } catch (err) {
    return schema(e.path, err instanceof DecodeError ? err.reason : String(err));
  }
}
