import type { Clock } from "../core/Clock.js";
import type { Store } from "../core/Store.js";
import type { Emit } from "../role/EventLog.js";
import type { AccessLevel } from "./levels.js";
import { sessionLimits, type AdminSettings } from "./adminSettings.js";
import { LoginGuard, type LoginRecord } from "./LoginGuard.js";
import { VerifiedPasswords } from "./passwordHash.js";
import type { Principal } from "./Principal.js";
import { realmName, type RealmLogin, type RealmName, type RealmRefusal, type RealmVerdict } from "./realm.js";
import { Sessions, type Session } from "./Sessions.js";
import { SystemAdmin, type AdminChange } from "./SystemAdmin.js";

/** §3.4.1: the login page's two links; "The system does not allow login by a link not related to the user's access level." */
export type LoginLink = "system" | "user";

/** Which service a login came through (the block is per name and service). */
export type LoginService = "http" | "ldap";

/** The device's User Administrators as a login sees them (src/users/UserAdmins.ts, on a Master). */
export interface UserAdminAccounts {
  /** Undefined: no User Administrator of that name; else whether the password is theirs. */
  verify(name: string, password: string, verified: VerifiedPasswords): boolean | undefined;
}

export interface AdministrationDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly emit: Emit;
  readonly settings: AdminSettings;
  /** Say at start when the login is still the factory account (worlds with web access). */
  readonly announce: boolean;
  readonly userAdmins?: UserAdminAccounts;
  /** The device's Kerberos client now (§4.1.8.7); undefined: the device is no Kerberos client. */
  readonly realm?: () => RealmLogin | undefined;
  /** §4.1.8.8 "Disable local authentication": only realm logins. */
  readonly localDisabled?: () => boolean;
}

export type LoginRefusal =
  /** Wrong or unknown name or password: counted, blocked (§3.4.5.1). */
  | "credentials"
  /** Refused unchecked while blocked. */
  | "blocked"
  /** The account's level does not belong to the link used (§3.4.2 note 1). */
  | "link"
  /** A realm principal whose role may not log in, or local login while it is disabled. */
  | "role"
  /** The realm could not decide (KDC unreachable, clock skew, cross-realm trust): not the user's fault. */
  | "realm"
  /** §4.1.5: too many sessions. */
  | "sessions";

export type LoginResult =
  | { readonly ok: true; readonly principal: Principal; readonly record: LoginRecord }
  | { readonly ok: false; readonly reason: LoginRefusal; readonly message: string; readonly retryAfterMs?: number };

/** One login to check: its name and password, and where it came from (for the event, never the password). */
export interface LoginAttempt {
  readonly user: string;
  readonly password: string;
  readonly service: LoginService;
  readonly source: string;
  readonly link?: LoginLink;
}

/** What a check of one login says: the level it grants, or why not (a realm's refusal reasons). */
type Verdict =
  | { readonly ok: true; readonly level: AccessLevel }
  | { readonly ok: false; readonly reason: RealmRefusal; readonly detail: string };

const LINK_LEVELS: Readonly<Record<LoginLink, readonly AccessLevel[]>> = {
  system: ["system-admin", "auditor"],
  user: ["user-admin"],
};

/**
 * Administrator access of one device (§3.4, §4.1.1–§4.1.8): who may log in, the login block, and the form-login
 * sessions. The same object runs in both worlds on the device's clock, so the block and the idle logout can be shown
 * in virtual time; the HTTP layer (src/mgmt/api.ts) and the LDAP server ask it. A reset makes a new one: sessions and
 * blocks are in memory, as on the device.
 */
export class Administration {
  readonly account: SystemAdmin;
  readonly #deps: AdministrationDeps;
  readonly #guard = new LoginGuard();
  readonly #verified = new VerifiedPasswords();
  readonly #sessions: Sessions;

  private constructor(deps: AdministrationDeps, account: SystemAdmin) {
    this.#deps = deps;
    this.account = account;
    this.#sessions = new Sessions((s, why) =>
      deps.emit("login", {
        action: why === "idle" ? "idle-logout" : "logout",
        user: s.principal.user,
        source: s.source,
      }),
    );
  }

  static async start(deps: AdministrationDeps): Promise<Administration> {
    const account = await SystemAdmin.load(deps.store, (e) =>
      deps.emit("warning", { code: e.code, text: `${e.message}; the factory account is in force` }),
    );
    const a = new Administration(deps, account);
    if (deps.announce && a.account.factoryPassword)
      deps.emit("login", { action: "factory-password", user: a.account.user });
    return a;
  }

  get settings(): AdminSettings {
    return this.#deps.settings;
  }

  /** Whether the device takes realm logins (SPNEGO is offered then). */
  get realm(): RealmLogin | undefined {
    return this.#deps.realm?.();
  }

  /** A password login (HTTP Basic or the login form): blocked names are refused before the password is looked at. */
  async login(a: LoginAttempt): Promise<LoginResult> {
    const named = realmName(a.user);
    const verdict = await this.#guarded(a.user, a.service, a.source, async () => {
      if (named !== undefined) return this.#realmPassword(named, a.password);
      if (this.#deps.localDisabled?.() === true)
        return { ok: false, reason: "role", detail: "local authentication is disabled (§4.1.8.8)" };
      const level = this.#local(a.user, a.password);
      return level === undefined
        ? { ok: false, reason: "credentials", detail: "wrong name or password" }
        : { ok: true, level };
    });
    if (!verdict.ok) return verdict;
    if (a.link !== undefined && !LINK_LEVELS[a.link].includes(verdict.principal.level))
      return { ok: false, reason: "link", message: `${a.user} logs in by the ${otherLink(a.link)} link (§3.4.2)` };
    return verdict;
  }

  /** SPNEGO (§4.1.8.7 over HTTPS, RFC 4559): the realm decides; a refusal is not a password guess. */
  async negotiate(token: Uint8Array, source: string): Promise<LoginResult & { readonly reply?: Uint8Array }> {
    const realm = this.realm;
    if (realm === undefined) return { ok: false, reason: "realm", message: "the device is no Kerberos client" };
    const v = await realm.negotiate(token);
    if (!v.ok) return { ok: false, reason: v.reason === "credentials" ? "credentials" : "realm", message: v.detail };
    const principal: Principal = { user: v.principal, level: v.level, source: "kerberos" };
    const record = this.#guard.succeeded(`http/${v.principal}`, this.#now());
    this.#deps.emit("login", { action: "ok", user: v.principal, service: "http", source, method: "negotiate" });
    return { ok: true, principal, record, ...(v.reply === undefined ? {} : { reply: v.reply }) };
  }

  /**
   * Runs `check` for `name` under the login block of §3.4.5.1 and logs the outcome (never the password): the LDAP
   * server's binds use it too. A blocked name gets no check at all.
   */
  async #guarded(
    name: string,
    service: LoginService,
    source: string,
    check: () => Promise<Verdict> | Verdict,
  ): Promise<LoginResult> {
    const key = `${service}/${name}`;
    const blocked = this.#guard.blocked(key, this.#now());
    if (blocked !== undefined) {
      const retryAfterMs = blocked.until - this.#now();
      if (blocked.first) this.#deps.emit("login", { action: "blocked", user: name, service, source, retryAfterMs });
      return { ok: false, reason: "blocked", message: `${name} is blocked after a failed login`, retryAfterMs };
    }
    const v = await check();
    if (v.ok) {
      const record = this.#guard.succeeded(key, this.#now());
      this.#deps.emit("login", { action: "ok", user: name, service, source, failures: record.failures });
      return { ok: true, principal: { user: name, level: v.level, source: sourceOf(name, v.level) }, record };
    }
    if (v.reason !== "credentials" && v.reason !== "role") {
      this.#deps.emit("login", { action: "refused", user: name, service, source, reason: v.detail });
      return { ok: false, reason: "realm", message: v.detail };
    }
    const { blockMs } = this.#guard.failed(key, this.#now());
    this.#deps.emit("login", { action: "failed", user: name, service, source, reason: v.detail, blockedMs: blockMs });
    return { ok: false, reason: v.reason, message: v.detail, retryAfterMs: blockMs };
  }

  /**
   * An LDAP simple bind as the LDAP server's user (§4.5.1) under the same block as the web login (issue 16): `check`
   * compares the name and password; a blocked name is refused without it.
   */
  async ldapBind(name: string, source: string, check: () => boolean): Promise<LoginResult> {
    return this.#guarded(name, "ldap", source, () =>
      check()
        ? { ok: true, level: "system-admin" }
        : { ok: false, reason: "credentials", detail: "wrong name or password" },
    );
  }

  /** §3.4.5.2: renames the default System Administrator and sets its password (the old one is required). */
  async changeAccount(c: AdminChange): Promise<void> {
    await this.account.change(c, this.#verified);
    this.#deps.emit("login", { action: "account-changed", user: c.user });
  }

  /** A session for a principal that just logged in, or the §4.1.5 limit that refuses it. */
  openSession(token: string, p: Principal, source: string): LoginResult | undefined {
    const { refused } = this.#sessions.open(token, p, source, this.#now(), sessionLimits(this.#deps.settings));
    if (refused === undefined) return undefined;
    return { ok: false, reason: "sessions", message: `the ${refused} session limit is reached (§4.1.5)` };
  }

  session(token: string): Session | undefined {
    return this.#sessions.use(token, this.#now(), sessionLimits(this.#deps.settings));
  }

  logout(token: string): Session | undefined {
    return this.#sessions.close(token);
  }

  sessions(): readonly Session[] {
    return this.#sessions.list(this.#now(), sessionLimits(this.#deps.settings));
  }

  #local(user: string, password: string): AccessLevel | undefined {
    if (user === this.account.user) return this.account.verify(password, this.#verified) ? "system-admin" : undefined;
    return this.#deps.userAdmins?.verify(user, password, this.#verified) === true ? "user-admin" : undefined;
  }

  async #realmPassword(named: RealmName, password: string): Promise<RealmVerdict> {
    const realm = this.realm;
    if (realm === undefined) return { ok: false, reason: "credentials", detail: "the device is no Kerberos client" };
    return realm.password(named, password);
  }

  #now(): number {
    return this.#deps.clock.now();
  }
}

const otherLink = (link: LoginLink): string => (link === "system" ? "User Administration" : "System Administration");

function sourceOf(name: string, level: AccessLevel): Principal["source"] {
  if (realmName(name) !== undefined) return "kerberos";
  return level === "user-admin" ? "user-admin" : "local";
}
