import { trustedRealmVerdict, type TrustAuthorization } from "../auth/crossRealm.js";
import type { RealmLogin, RealmName, RealmVerdict } from "../auth/realm.js";
import { ALARM } from "../core/alarms/index.js";
import { IpdectError, StateError } from "../core/errors.js";
import { flashObject, readFlashJson } from "../core/flashJson.js";
import type { Store } from "../core/Store.js";
import type { Alarms } from "../role/Alarms.js";
import type { Emit } from "../role/EventLog.js";
import { KerberosCode } from "./errors.js";
import type { Credentials, Membership, RealmAnswer, RealmTools } from "./ports.js";
import { defaultHostName, levelOf } from "./roles.js";
import { trustOf, type AuthServer, type KerberosClientSettings } from "./settings.js";

/** Where the client keeps whether a Kerberos login has worked on this device (§4.1.8.8's warning). */
const STATE_KEY = "kerberos/client.json";

export interface JoinRequest {
  readonly realm: string;
  /** §4.1.8.4: the MAC address by default. */
  readonly host?: string;
  readonly admin: Credentials;
  /** App. E `force`: an existing realm membership is discarded first. */
  readonly force?: boolean;
}

export interface KerberosClientStatus {
  readonly servers: readonly AuthServer[];
  readonly aesRc4: boolean;
  readonly disableLocal: boolean;
  /** The realm this device joined and its host name, if it did. */
  readonly membership?: Membership;
  /** Whether a Kerberos login has worked here since the last join (§4.1.8.8: check before disabling local logins). */
  readonly loginWorked: boolean;
}

interface Deps {
  readonly alarms: Alarms;
  readonly emit: Emit;
  readonly store: Store;
  readonly mac: string;
}

/**
 * The Kerberos client role (§4.1.8.2-§4.1.8.8, §4.1.8.13): realm membership and realm logins. It turns what a realm
 * answers into the manual's rules — Administrator writes, Auditor reads, Join Realm never logs in (§4.1.8.1) — and
 * into the alarms of §6.2: 0x000c0406 when no server answers, 0x000c0403 when the host principal is gone, 0x000c0407
 * for a realm without trust; each clears with the next answer that shows it gone.
 */
export class KerberosClient implements RealmLogin {
  readonly #cfg: KerberosClientSettings;
  readonly #tools: RealmTools;
  readonly #deps: Deps;
  #membership: Membership | undefined;
  #loginWorked = false;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(cfg: KerberosClientSettings, tools: RealmTools, deps: Deps) {
    this.#cfg = cfg;
    this.#tools = tools;
    this.#deps = deps;
  }

  static async load(cfg: KerberosClientSettings, tools: RealmTools, deps: Deps): Promise<KerberosClient> {
    const client = new KerberosClient(cfg, tools, deps);
    client.#membership = await tools.membership();
    if (client.#membership !== undefined) client.#loginWorked = await loadLoginWorked(deps);
    return client;
  }

  /** "Disable local authentication" (§4.1.8.8), for the login layer to enforce. */
  get disableLocal(): boolean {
    return this.#cfg.disableLocal;
  }

  /** Whether a Kerberos login has worked on this device since it joined. */
  get loginWorked(): boolean {
    return this.#loginWorked;
  }

  status(): KerberosClientStatus {
    return {
      servers: this.#cfg.servers,
      aesRc4: this.#cfg.aesRc4,
      disableLocal: this.#cfg.disableLocal,
      ...(this.#membership === undefined ? {} : { membership: this.#membership }),
      loginWorked: this.#loginWorked,
    };
  }

  /** Join realm (§4.1.8.4): with an Administrator or Join Realm account of the realm's server. */
  join(req: JoinRequest): Promise<KerberosClientStatus> {
    return this.#one(async () => {
      if (!this.#cfg.servers.some((s) => s.realm === req.realm))
        throw new StateError(
          KerberosCode.NoAuthServer,
          `realm ${req.realm} is not among the Authentication Servers: add its server first (§4.1.8.3)`,
        );
      if (this.#membership !== undefined) {
        if (req.force !== true)
          throw new StateError(
            KerberosCode.Joined,
            `this device is a member of ${this.#membership.realm} already: leave it first, or join with force`,
          );
        await this.#tools.drop();
        this.#left(this.#membership, "force");
      }
      const host = req.host ?? defaultHostName(this.#deps.mac);
      await this.#tools.join(req.realm, host, req.admin);
      this.#membership = { realm: req.realm, host };
      await this.#saveLoginWorked(false);
      this.#deps.alarms.clear(ALARM.KERBEROS_SERVICE_NOT_FOUND, req.realm);
      this.#deps.emit("state", { role: "kerberos-client", state: "joined", realm: req.realm, host });
      return this.status();
    });
  }

  /**
   * Leave realm (§4.1.8.13): Deregister removes the host principal from the server with an Administrator's or Join
   * Realm account; Delete only drops this device's keys.
   */
  leave(admin: Credentials | undefined): Promise<KerberosClientStatus> {
    return this.#one(async () => {
      const m = this.#membership;
      if (m === undefined) throw new StateError(KerberosCode.NotJoined, "this device is not a member of a realm");
      if (admin === undefined) await this.#tools.drop();
      else await this.#tools.deregister(admin);
      this.#membership = undefined;
      await this.#saveLoginWorked(false);
      this.#deps.alarms.clear(ALARM.KERBEROS_SERVICE_NOT_FOUND, m.realm);
      this.#left(m, admin === undefined ? "delete" : "deregister");
      return this.status();
    });
  }

  /**
   * §4.1.8.7: `REALM\user` or `user@REALM` with a password. A user of a trusted realm (§4.1.8.10 `DOMAIN\user`) gets
   * a ticket for this device across the trust, then its rights from the row's Authorization: "Use domain group"
   * reads the user's groups from the domain controller with the same password (§4.1.8.9 step 5).
   */
  async password(name: RealmName, password: string): Promise<RealmVerdict> {
    const m = this.#membership;
    if (m === undefined) return notJoined();
    if (name.realm === m.realm) return this.#judge(m, name.realm, await this.#tools.password(name, password));
    const trust = this.#trust(m, name.realm);
    if (!("kind" in trust)) return trust;
    const answer = await this.#tools.password(name, password);
    const address = this.#row(name.realm)!.address;
    return this.#judgeTrusted(m, name.realm, answer, trust, () => this.#tools.domain.token(address, name, password));
  }

  /** SPNEGO (RFC 4559): the browser's ticket for this device, checked with the device's keys. */
  async negotiate(token: Uint8Array): Promise<RealmVerdict & { readonly reply?: Uint8Array }> {
    const m = this.#membership;
    if (m === undefined) return notJoined();
    const answer = await this.#tools.negotiate(token);
    const realm = answer.ok ? realmOf(answer.principal) : m.realm;
    const verdict = await this.#negotiated(m, realm, answer);
    return answer.reply === undefined || !verdict.ok ? verdict : { ...verdict, reply: answer.reply };
  }

  /**
   * A ticket of a trusted realm's user brings neither a password nor (through an MIT KDC) the domain's PAC, so only
   * the Authorizations "Administrator" and "Auditor" can give it rights; "Use domain group" needs a password login.
   */
  async #negotiated(m: Membership, realm: string, answer: RealmAnswer): Promise<RealmVerdict> {
    if (realm === m.realm || !answer.ok) return this.#judge(m, realm, answer);
    const trust = this.#trust(m, realm);
    if (!("kind" in trust)) return trust;
    if (trust.kind === "domain-group") {
      this.#alarms(m, realm, answer);
      return {
        ok: false,
        reason: "role",
        detail: `${answer.principal}: realm ${realm} authorizes by domain group, which needs a password login (§4.1.8.9)`,
      };
    }
    return this.#judgeTrusted(m, realm, answer, trust, () => Promise.reject(new Error("no groups without a password")));
  }

  #row(realm: string): AuthServer | undefined {
    return this.#cfg.servers.find((s) => s.realm === realm);
  }

  /** The Authorization of a realm other than the joined one, or the refusal of a realm that is not trusted. */
  #trust(m: Membership, realm: string): TrustAuthorization | RealmVerdict {
    const row = this.#row(realm);
    const trust = row === undefined ? undefined : trustOf(row);
    if (trust !== undefined) return trust;
    const detail =
      row === undefined
        ? `realm ${realm} is neither this device's realm nor among its Authentication Servers (§4.1.8.9)`
        : `realm ${realm} is not trusted for logins: its Authentication Server row has no authorization (§4.1.8.9 step 4)`;
    const refusal = { ok: false, reason: "cross-realm", detail } as const;
    this.#alarms(m, realm, refusal);
    return refusal;
  }

  /** A trusted realm's user whose ticket for this device worked: its rights by the trust's Authorization. */
  async #judgeTrusted(
    m: Membership,
    realm: string,
    answer: RealmAnswer,
    trust: TrustAuthorization,
    ask: Parameters<typeof trustedRealmVerdict>[2],
  ): Promise<RealmVerdict> {
    this.#alarms(m, realm, answer);
    if (!answer.ok) return { ok: false, reason: answer.reason, detail: answer.detail };
    const verdict = await trustedRealmVerdict(trust, answer.principal, ask);
    if (verdict.ok && !this.#loginWorked) await this.#saveLoginWorked(true);
    return verdict;
  }

  async #judge(m: Membership, realm: string, answer: RealmAnswer): Promise<RealmVerdict> {
    this.#alarms(m, realm, answer);
    if (!answer.ok) return { ok: false, reason: answer.reason, detail: answer.detail };
    const level = answer.role === undefined ? undefined : levelOf(answer.role);
    if (level === undefined)
      return {
        ok: false,
        reason: "role",
        detail:
          answer.role === "join-realm"
            ? `${answer.principal} has the role Join Realm, which cannot log in (§4.1.8.1)`
            : `${answer.principal} has no role of this realm (Administrator or Auditor, §4.1.8.1)`,
      };
    if (!this.#loginWorked) await this.#saveLoginWorked(true);
    return { ok: true, principal: answer.principal, level };
  }

  /** An answer from the realm clears the alarms it disproves and raises the one it shows (§6.2). */
  #alarms(m: Membership, realm: string, answer: RealmAnswer): void {
    const { alarms } = this.#deps;
    const reason = answer.ok ? undefined : answer.reason;
    if (reason === "unreachable") alarms.raise(ALARM.KERBEROS_SERVER_UNREACHABLE, realm);
    else alarms.clear(ALARM.KERBEROS_SERVER_UNREACHABLE, realm);
    if (reason === "not-joined") alarms.raise(ALARM.KERBEROS_SERVICE_NOT_FOUND, m.realm);
    else if (answer.ok) alarms.clear(ALARM.KERBEROS_SERVICE_NOT_FOUND, m.realm);
    if (reason === "cross-realm") alarms.raise(ALARM.KERBEROS_CROSS_REALM_FAILURE, realm);
    else if (answer.ok) alarms.clear(ALARM.KERBEROS_CROSS_REALM_FAILURE, realm);
  }

  #left(m: Membership, how: string): void {
    this.#deps.emit("state", { role: "kerberos-client", state: "left", realm: m.realm, host: m.host, how });
  }

  async #saveLoginWorked(worked: boolean): Promise<void> {
    this.#loginWorked = worked;
    await this.#deps.store.put(STATE_KEY, new TextEncoder().encode(JSON.stringify({ loginWorked: worked })));
  }

  #one<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

function notJoined(): RealmVerdict {
  return { ok: false, reason: "not-joined", detail: "this device has not joined a Kerberos realm (§4.1.8.4)" };
}

/** `user@REALM` → `REALM`. */
function realmOf(principal: string): string {
  return principal.slice(principal.lastIndexOf("@") + 1);
}

/**
 * Whether a Kerberos login has worked, as kept on flash. A damaged file counts as "not yet" with a warning: the safe
 * side, §4.1.8.8's warning shows again until the next realm login rewrites the file (docs/design.md "Flash you can
 * trust").
 */
async function loadLoginWorked(deps: Deps): Promise<boolean> {
  try {
    return (await readFlashJson(deps.store, STATE_KEY, flashObject))?.["loginWorked"] === true;
  } catch (e) {
    if (!(e instanceof IpdectError)) throw e;
    deps.emit("warning", { code: e.code, text: `${e.message}; counted as no Kerberos login yet` });
    return false;
  }
}
