import { ConfigCode } from "./configCodes.js";
import type { FieldReader } from "./FieldReader.js";
import { isPlainObject } from "./plainObject.js";

/**
 * What an answer shows in place of a secret of the configuration: a password, or the SNMP community, which "acts like
 * a password" (§4.9.5 step 3). An Auditor reads the settings (§3.4.2, §3.4.3) but not these; sent back in a change,
 * the mask keeps the secret stored at its place, as a password field of a settings page does. The mask itself can
 * therefore not be a secret.
 */
export const SECRET_MASK = "********";

/**
 * A secret of a part of the configuration, by its place in that part's plain value (`["server", "password"]`). With
 * `url`, the field is a URL and only the password of its userinfo is secret (`http://user:password@host/`, RFC 3986
 * §3.2.1): the rest says where the device goes and stays readable.
 */
export interface Secret {
  readonly path: readonly string[];
  readonly url?: true;
}

/** `secrets` of a part that sits at `key` of a larger value (a section's, as places in the whole configuration). */
export const secretsUnder = (key: string, secrets: readonly Secret[]): Secret[] =>
  secrets.map((s) => ({ ...s, path: [key, ...s.path] }));

/** A URL with a password in its userinfo: scheme and user, the password, then `@` and the rest. */
const URL_PASSWORD = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@:]*:)([^/?#@]+)(@.*)$/s;

/** `value` (plain data) with every secret of `secrets` that it holds replaced by SECRET_MASK. */
export function masked<T>(value: T, secrets: readonly Secret[]): T {
  let out: unknown = value;
  for (const s of secrets)
    out = updated(out, s.path, (v) => {
      if (typeof v !== "string") return v;
      if (s.url !== true) return SECRET_MASK;
      const m = URL_PASSWORD.exec(v);
      return m === null ? v : `${m[1]}${SECRET_MASK}${m[3]}`;
    });
  return out as T;
}

/**
 * `given` (the plain data of a change) with each secret that is SECRET_MASK replaced by the one `stored` holds at the
 * same place. A mask where nothing is stored is refused at its field (`r` locates it): the secret itself must be given.
 */
export function unmasked(given: unknown, stored: unknown, secrets: readonly Secret[], r: FieldReader): unknown {
  let out = given;
  for (const s of secrets) out = updated(out, s.path, (v) => kept(v, valueAt(stored, s.path), s, r));
  return out;
}

function kept(given: unknown, stored: unknown, s: Secret, r: FieldReader): unknown {
  if (typeof given !== "string") return given;
  if (s.url === true) {
    const g = URL_PASSWORD.exec(given);
    if (g === null || g[2] !== SECRET_MASK) return given;
    const old = typeof stored === "string" ? URL_PASSWORD.exec(stored) : null;
    if (old !== null) return `${g[1]}${old[2]}${g[3]}`;
  } else {
    if (given !== SECRET_MASK) return given;
    if (typeof stored === "string") return stored;
  }
  return r.fail(
    s.path,
    ConfigCode.SecretMask,
    `${SECRET_MASK} keeps the stored secret, and none is stored here: give it`,
  );
}

/** The value at `path` of plain data, or undefined. */
function valueAt(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) v = isPlainObject(v) && Object.hasOwn(v, key) ? v[key] : undefined;
  return v;
}

/** `value` with the field at `path` passed through `f`, copied along the path; unchanged where the path is not there. */
function updated(value: unknown, path: readonly string[], f: (v: unknown) => unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return f(value);
  if (!isPlainObject(value) || !Object.hasOwn(value, key)) return value;
  return { ...value, [key]: updated(value[key], rest, f) };
}
