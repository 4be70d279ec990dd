/**
 * The user records of a configuration file (manual 003 App. C, §4.14 Backup): after the row
 * `mod cmd FLASHDIR0 add-view 101 cn=PBX0`, one line per user:
 *
 * ```
 * mod cmd FLASHDIR0 add-item 101 (cn=1950)(guid;bin=80319FC0E909D311905C00013E00EFC8)(dn=1950)(h323=1950)(e164=1950)(pbx=<user admin="no"/>)(pbx=<gw name="DECT_CEg" ipei="002020173394" subs="977e9bfc568c8223197e4195bec9ec28"/>)(usn=14)
 * ```
 *
 * Attributes (§4.5.3.2 Attribute Mappings): `cn` Long Name, `dn` Display Name, `h323` Name, `e164` Number, `auth`
 * Auth Name (SIP), `password`, `authCode` Auth. Code, `idle` Idle Display (our name: the manual's table lumps Display
 * and Idle Display under `dn`), `guid;bin` and `usn` the directory identity, `pbx=<user admin="no"/>` and
 * `pbx=<gw name="…" ipei="…" subs="…"/>` the gateway (the Master's device name), IPEI and subscription. The IPEI is
 * written as the manual does, 12 digits without the check digit; 13 digits are read too. Whitespace between
 * attributes is allowed (the manual's "Adding a User" example has `(cn=1951) (dn=1951)`); inside `(…)` every character
 * is part of the value.
 *
 * Escaping, as LDAP search filters do it (RFC 4515 §3): in every value, plain or quoted inside `pbx=<…/>`, the
 * characters `(` `)` `\` `"` are written `\28` `\29` `\5c` `\22`. A reader takes any `\XX` (two hex digits) as one
 * byte of the value's UTF-8; a lone `\`, or a raw `(` inside a value, is an error.
 *
 * Formatting is canonical (the attribute order above, `pbx=<user admin="no"/>` always, the gw element when the user
 * has a gateway, IPEI or subscription), so format(parse(line)) is stable and parse(format(user)) equals the user.
 */
import { DecodeError } from "../core/errors.js";
import { Ipei } from "../core/identity/Ipei.js";
import { configUser, type ConfigUser, type ConfigUserKey } from "./configUser.js";
import { UsersCode } from "./errors.js";

/** App. C step 3: "User records are located at the end of the file beginning after the row: …". */
export const USERS_VIEW_LINE = "mod cmd FLASHDIR0 add-view 101 cn=PBX0";
const ITEM_PREFIX = "mod cmd FLASHDIR0 add-item 101";
const HEAD = /^mod\s+cmd\s+FLASHDIR0\s+add-(view|item)\s+101(?=[\s(]|$)/;

/** Plain attributes in the order a line is written, and the ConfigUser key each sets. */
const PLAIN: readonly (readonly [string, ConfigUserKey])[] = [
  ["cn", "longName"],
  ["guid;bin", "guid"],
  ["dn", "displayName"],
  ["h323", "name"],
  ["e164", "number"],
  ["auth", "authName"],
  ["password", "password"],
  ["authCode", "authCode"],
  ["idle", "idleDisplay"],
];
/** The attributes of `pbx=<gw …/>`, in writing order. */
const GW: readonly (readonly [string, "gateway" | "ipei" | "subs"])[] = [
  ["name", "gateway"],
  ["ipei", "ipei"],
  ["subs", "subs"],
];
const USN = /^(0|[1-9]\d*)$/;
const ELEMENT = /^<([A-Za-z]+)((?:\s+[A-Za-z-]+\s*=\s*"[^"]*")*)\s*\/>$/;
const ELEMENT_ATTR = /\s+([A-Za-z-]+)\s*=\s*"([^"]*)"/g;

export type BackupLine = { readonly kind: "view" } | { readonly kind: "item"; readonly user: ConfigUser };

type Fail = (why: string, field?: string, offset?: number) => never;
type Setter = (key: ConfigUserKey, value: unknown, attr: string, at: number) => void;

/**
 * One line of a configuration file as an App. C user line: the view row, a user record, or undefined when the line is
 * something else (also FLASHDIR0 lines of views other than 101). A malformed user line throws a DecodeError with
 * `line`, the attribute as `field`, the character `offset` in the line and the reason; never a value.
 */
export function parseBackupLine(text: string, line: number): BackupLine | undefined {
  const head = HEAD.exec(text);
  if (head === null) return undefined;
  const rest = text.slice(head[0].length);
  const fail: Fail = (why, field, offset) => {
    throw new DecodeError(UsersCode.UserLine, why, {
      line,
      ...(field === undefined ? {} : { field }),
      ...(offset === undefined ? {} : { offset }),
    });
  };
  if (head[1] === "view") {
    if (rest.trim() !== "cn=PBX0") fail(`the user view row is exactly "${USERS_VIEW_LINE}"`);
    return { kind: "view" };
  }
  const input: Partial<Record<ConfigUserKey, unknown>> = {};
  const where = new Map<ConfigUserKey, { attr: string; at: number }>();
  const set: Setter = (key, value, attr, at) => {
    if (where.has(key)) fail("given twice", attr, at);
    input[key] = value;
    where.set(key, { attr, at });
  };
  const elements = new Set<string>();
  for (const { name, raw, at } of splitAttributes(rest, head[0].length, fail)) {
    const plain = PLAIN.find(([a]) => a === name);
    if (plain !== undefined) set(plain[1], unescape(raw, at, name, fail), name, at);
    else if (name === "usn")
      set("usn", USN.test(raw) ? Number(raw) : fail("must be a whole number", name, at), name, at);
    else if (name === "pbx") {
      const tag = readPbx(raw, at, set, fail);
      if (elements.has(tag)) fail("given twice", `pbx ${tag}`, at);
      elements.add(tag);
    } else fail(`unknown attribute; a user line has ${[...PLAIN.map(([a]) => a), "pbx", "usn"].join(", ")}`, name, at);
  }
  try {
    return { kind: "item", user: configUser(input) };
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    const key = e.context.field as ConfigUserKey;
    const attr = where.get(key)?.attr ?? PLAIN.find(([, k]) => k === key)?.[0] ?? key;
    return fail(e.reason, attr, where.get(key)?.at);
  }
}

/** The `(name=value)` attributes after the line's head, with the offset of each `(` in the line. */
function splitAttributes(rest: string, base: number, fail: Fail): { name: string; raw: string; at: number }[] {
  const out: { name: string; raw: string; at: number }[] = [];
  for (let i = 0; ;) {
    while (i < rest.length && /\s/.test(rest[i]!)) i++;
    if (i >= rest.length) return out;
    const at = base + i;
    if (rest[i] !== "(") fail("expected ( to start an attribute", undefined, at);
    const close = rest.indexOf(")", i);
    if (close < 0) fail("an attribute is not closed by )", undefined, at);
    const body = rest.slice(i + 1, close);
    const eq = body.indexOf("=");
    if (eq <= 0) fail("expected (name=value)", undefined, at);
    const name = body.slice(0, eq);
    const open = body.indexOf("(");
    if (open >= 0) fail("a ( inside a value is written \\28", name, at + 1 + open);
    out.push({ name, raw: body.slice(eq + 1), at });
    i = close + 1;
  }
}

/** `pbx=<user admin="no"/>` or `pbx=<gw name="…" ipei="…" subs="…"/>`; returns the element's tag. */
function readPbx(raw: string, at: number, set: Setter, fail: Fail): string {
  const m = ELEMENT.exec(raw);
  if (m === null) return fail('expected <user …/> or <gw …/> with attributes name="value"', "pbx", at);
  const tag = m[1]!;
  const attrs = new Map<string, string>();
  for (const [, name, value] of m[2]!.matchAll(ELEMENT_ATTR)) {
    if (attrs.has(name!)) fail(`${name} given twice`, `pbx ${tag}`, at);
    attrs.set(name!, unescape(value!, at, `pbx ${tag} ${name}`, fail));
  }
  const allowed = tag === "user" ? ["admin"] : tag === "gw" ? GW.map(([a]) => a) : undefined;
  if (allowed === undefined) fail(`unknown element <${tag}>; expected <user …/> or <gw …/>`, "pbx", at);
  const other = [...attrs.keys()].find((a) => !allowed!.includes(a));
  if (other !== undefined) fail(`unknown attribute ${other}; it has ${allowed!.join(", ")}`, `pbx ${tag}`, at);
  // admin="no" is the one value the manual shows; administrator users are not modelled by this version.
  if (tag === "user" && attrs.get("admin") !== "no") fail('this version has only admin="no"', "pbx user", at);
  for (const [attr, key] of tag === "gw" ? GW : []) {
    const v = attrs.get(attr);
    if (v !== undefined) set(key, key === "ipei" ? withCheckDigit(v, at, fail) : v, `pbx gw ${attr}`, at);
  }
  return tag;
}

/** The manual writes the IPEI as 12 digits (EMC and PSN, no check digit); 13 characters are checked as they are. */
function withCheckDigit(v: string, at: number, fail: Fail): string {
  if (!/^\d{12}$/.test(v)) return v;
  try {
    return Ipei.create(Number(v.slice(0, 5)), Number(v.slice(5))).toString();
  } catch (e) {
    return fail((e as DecodeError).reason, "pbx gw ipei", at);
  }
}

/** A value with its `\XX` escapes resolved (RFC 4515 style, bytes of UTF-8). */
function unescape(raw: string, at: number, attr: string, fail: Fail): string {
  const lone = /\\(?![0-9A-Fa-f]{2})/.exec(raw);
  if (lone !== null) fail("a \\ starts an escape of two hex digits (\\28 \\29 \\5c \\22)", attr, at);
  return raw.replace(/(?:\\[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = Uint8Array.from(run.slice(1).split("\\"), (h) => parseInt(h, 16));
    try {
      return UTF8.decode(bytes);
    } catch {
      return fail("escaped bytes that are not UTF-8", attr, at);
    }
  });
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const escape = (v: string) => v.replace(/[()\\"]/g, (c) => `\\${c.charCodeAt(0).toString(16)}`);

/** The App. C line of one user (see the file comment for the rules). */
export function formatUserLine(u: ConfigUser): string {
  const attrs: string[] = [];
  for (const [attr, key] of PLAIN) {
    const v = u[key];
    if (v !== undefined) attrs.push(`(${attr}=${escape(String(v))})`);
  }
  attrs.push('(pbx=<user admin="no"/>)');
  const gw = GW.flatMap(([attr, key]) => {
    const v = key === "ipei" ? u.ipei?.slice(0, 12) : u[key];
    return v === undefined ? [] : [` ${attr}="${escape(v)}"`];
  });
  if (gw.length > 0) attrs.push(`(pbx=<gw${gw.join("")}/>)`);
  if (u.usn !== undefined) attrs.push(`(usn=${u.usn})`);
  return `${ITEM_PREFIX} ${attrs.join("")}`;
}

/** The user records of a configuration file: the view row, then one line per user. */
export function formatBackupLines(users: readonly ConfigUser[]): string[] {
  return [USERS_VIEW_LINE, ...users.map(formatUserLine)];
}
