import type { FieldReader } from "../core/config/FieldReader.js";
import type { Path } from "../core/config/Locator.js";
import { flag, number, text, type NativeModule } from "../core/config/nativeModule.js";
import type { ConfigSection } from "../role/configSection.js";
import { AuthCode } from "./errors.js";
import type { SessionLimits } from "./Sessions.js";
import { BOOLEAN, integer, mappingOf, TEXT } from "../core/config/schema.js";

/** The login banner is one line of the login page (§4.1.3); this many characters at most. */
export const LOGIN_BANNER_MAX = 256;
/** §4.1.4 gives no range: up to a day of idle time, in minutes. */
export const AUTO_LOGOUT_MAX_MINUTES = 1440;
/** §4.1.5 gives no range: up to this many sessions per user or per system. */
export const SESSION_LIMIT_MAX = 1000;

/**
 * General → Admin (§4.1.3–§4.1.7): what the login page shows and how logins and sessions behave. The System
 * Administrator's name and password are not settings: they live hashed on flash (SystemAdmin.ts) and never appear in
 * the configuration text. Every field is optional; absent is the manual's "field is empty" (the feature is off).
 */
export interface AdminSettings {
  /** §4.1.3: shown on the login page. */
  readonly loginBanner?: string;
  /** §4.1.4: automatic logout after this many idle minutes. */
  readonly autoLogoutMinutes?: number;
  /** §4.1.5: parallel login sessions per user and per system. */
  readonly sessionLimitUser?: number;
  readonly sessionLimitSystem?: number;
  /** §4.1.6: no HTTP (Basic) authentication, form login only; off by default. */
  readonly disableNativeAuth: boolean;
  /** §4.1.7: with mutual TLS, the client certificate's Subject Alternative Name must name the user. */
  readonly requireCertificate: boolean;
}

export const DEFAULT_ADMIN_SETTINGS: AdminSettings = { disableNativeAuth: false, requireCertificate: false };

const KEYS = [
  "loginBanner",
  "autoLogoutMinutes",
  "sessionLimitUser",
  "sessionLimitSystem",
  "disableNativeAuth",
  "requireCertificate",
] as const;

function readAdmin(r: FieldReader, value: unknown, path: Path): AdminSettings {
  const o = r.mapping(value, path, KEYS);
  const at = (key: string): Path => [...path, key];
  const count = (key: string, max: number, what: string) =>
    r.optional(o, at(key), (v, p) => r.integer(v, p, 1, max, AuthCode.AdminSetting, what));
  const banner = r.optional(o, at("loginBanner"), (v, p) => r.text(v, p));
  if (banner !== undefined && [...banner].length > LOGIN_BANNER_MAX)
    r.fail(at("loginBanner"), AuthCode.AdminSetting, `at most ${LOGIN_BANNER_MAX} characters (§4.1.3)`);
  const settings: AdminSettings = {
    ...(banner === undefined ? {} : { loginBanner: banner }),
    ...optionalField("autoLogoutMinutes", count("autoLogoutMinutes", AUTO_LOGOUT_MAX_MINUTES, "minutes (§4.1.4)")),
    ...optionalField("sessionLimitUser", count("sessionLimitUser", SESSION_LIMIT_MAX, "sessions (§4.1.5)")),
    ...optionalField("sessionLimitSystem", count("sessionLimitSystem", SESSION_LIMIT_MAX, "sessions (§4.1.5)")),
    disableNativeAuth: r.optional(o, at("disableNativeAuth"), (v, p) => r.boolean(v, p)) ?? false,
    requireCertificate: r.optional(o, at("requireCertificate"), (v, p) => r.boolean(v, p)) ?? false,
  };
  return settings;
}

const optionalField = <K extends string>(key: K, v: number | undefined) =>
  (v === undefined ? {} : { [key]: v }) as Partial<Record<K, number>>;

/** The session rules in force (§4.1.4, §4.1.5). */
export function sessionLimits(s: AdminSettings): SessionLimits {
  return {
    ...(s.autoLogoutMinutes === undefined ? {} : { idleMs: s.autoLogoutMinutes * 60_000 }),
    ...(s.sessionLimitUser === undefined ? {} : { perUser: s.sessionLimitUser }),
    ...(s.sessionLimitSystem === undefined ? {} : { perSystem: s.sessionLimitSystem }),
  };
}

/** ADMIN0: the `admin` section in the native text form (option names are this project's; the manual has none). */
const ADMIN_NATIVE: NativeModule = {
  module: "ADMIN0",
  label: "ADMIN0",
  section: "admin",
  formatVerb: "change",
  always: false,
  options: [
    text("/banner", "loginBanner"),
    number("/auto-logout", "autoLogoutMinutes"),
    number("/sessions-user", "sessionLimitUser"),
    number("/sessions-system", "sessionLimitSystem"),
    flag("/disable-native", "disableNativeAuth", true, false),
    flag("/enable-native", "disableNativeAuth", false, false),
    flag("/require-cert", "requireCertificate", true, false),
    flag("/no-require-cert", "requireCertificate", false, false),
  ],
};

/** The `admin` section of the device configuration; absent: DEFAULT_ADMIN_SETTINGS. */
export const ADMIN_SECTION: ConfigSection<"admin", AdminSettings> = {
  key: "admin",
  schema: mappingOf(KEYS, {
    loginBanner: { ...TEXT, maxLength: LOGIN_BANNER_MAX },
    autoLogoutMinutes: integer(1, AUTO_LOGOUT_MAX_MINUTES),
    sessionLimitUser: integer(1, SESSION_LIMIT_MAX),
    sessionLimitSystem: integer(1, SESSION_LIMIT_MAX),
    disableNativeAuth: BOOLEAN,
    requireCertificate: BOOLEAN,
  }),
  read: (r, value, path) => readAdmin(r, value, path),
  native: [ADMIN_NATIVE],
};
