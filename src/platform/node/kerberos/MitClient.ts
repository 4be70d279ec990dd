import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import type { DomainGroups } from "../../../auth/crossRealm.js";
import type { RealmName } from "../../../auth/realm.js";
import { IoError, StateError } from "../../../core/errors.js";
import { KerberosCode } from "../../../kerberos/errors.js";
import type { ClientSpec, Credentials, Membership, RealmAnswer, RealmTools } from "../../../kerberos/ports.js";
import { KERBEROS_ROLES, type KerberosRole } from "../../../kerberos/roles.js";
import type { AuthServer } from "../../../kerberos/settings.js";
import { acceptSpnego } from "./gssAdapter.js";
import { failures, policies } from "./kadminText.js";
import { LdapDomainGroups } from "../LdapDomainGroups.js";
import { refusalOf, trustRefusalOf } from "./kinitText.js";
import { clientKrb5Conf, enctypes } from "./mitConf.js";
import { mitEnv, run, type MitEnv, type RunResult } from "./mitRun.js";

/**
 * A client device in the node world (§4.1.8.4-§4.1.8.7, §4.1.8.13), with the MIT client programs and the device's
 * own files under `<flash>/kerberos/client` (mode 0700): krb5.conf, the keytab (0600) and membership.json.
 *
 * A password login is checked against the device's own key, not by a bare "the KDC said yes": kinit gets the user a
 * ticket-granting ticket in a private ticket cache, kvno gets a ticket for host/<name> with it and decrypts that
 * ticket with the keytab (`kvno -k`), so a spoofed KDC, which does not know the host key, cannot forge a login. The
 * user's role is the policy of the principal, read by the device as host/<name> through kadmind (primary first, then
 * the secondary's read-only kadmind). A user of a trusted realm (`DOMAIN\user`, §4.1.8.10) has no role here: kinit
 * asks the domain's KDC (its Authentication Server row; krb5.conf's [capaths] lead across the trust) and the rights
 * come from the row's Authorization, applied by src/kerberos/KerberosClient.ts.
 */
export class MitClient implements RealmTools {
  readonly #spec: ClientSpec;
  readonly #dir: string;
  /** A trusted domain's groups, read from its DC over LDAPS with the device's trust list (§4.1.8.9 step 5). */
  readonly domain: DomainGroups;
  #membership: Membership | undefined;
  #loaded = false;

  constructor(spec: ClientSpec, flash: string) {
    this.#spec = spec;
    this.#dir = `${flash}/kerberos/client`;
    this.domain = new LdapDomainGroups(spec.tls);
  }

  get #keytab(): string {
    return `${this.#dir}/krb5.keytab`;
  }

  #env(ccache = `FILE:${this.#dir}/admin.ccache`): MitEnv {
    return mitEnv({
      KRB5_CONFIG: `${this.#dir}/krb5.conf`,
      KRB5CCNAME: ccache,
      KRB5_KTNAME: `FILE:${this.#keytab}`,
      KRB5RCACHEDIR: this.#dir,
    });
  }

  async membership(): Promise<Membership | undefined> {
    if (this.#loaded) return this.#membership;
    try {
      this.#membership = JSON.parse(await readFile(`${this.#dir}/membership.json`, "utf8")) as Membership;
      await this.#files(this.#membership.realm);
    } catch (err) {
      // No membership, or a file a crash left unreadable: the device is not a member (it can join again).
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" && !(err instanceof SyntaxError)) throw err;
      this.#membership = undefined;
    }
    this.#loaded = true;
    return this.#membership;
  }

  /** addprinc host/<name> and HTTP/<name> (for SPNEGO), ktadd both into a new keytab, then swap it in. */
  async join(realm: string, host: string, admin: Credentials): Promise<void> {
    await this.#files(realm);
    const next = `${this.#keytab}.new`;
    await rm(next, { force: true });
    const types = enctypes(this.#spec.aesRc4)
      .map((e) => `${e}:normal`)
      .join(" ");
    const queries = [`addprinc -randkey host/${host}`, `addprinc -randkey HTTP/${host}`];
    queries.push(`ktadd -k ${next} -e "${types}" host/${host} HTTP/${host}`);
    const r = await this.#kadmin(realm, admin, queries);
    const failed = failures(r).filter((l) => !/already exists/.test(l));
    if (failed.length > 0) throw adminError(failed.join(" / "), realm);
    await chmod(next, 0o600);
    await rename(next, this.#keytab);
    this.#membership = { realm, host };
    await writeFile(`${this.#dir}/membership.json`, JSON.stringify(this.#membership), { mode: 0o600 });
    this.#loaded = true;
  }

  async deregister(admin: Credentials): Promise<void> {
    const m = await this.#joined();
    const r = await this.#kadmin(m.realm, admin, [`delprinc -force host/${m.host}`, `delprinc -force HTTP/${m.host}`]);
    const failed = failures(r).filter((l) => !/does not exist/.test(l));
    if (failed.length > 0) throw adminError(failed.join(" / "), m.realm);
    await this.drop();
  }

  async drop(): Promise<void> {
    await rm(this.#keytab, { force: true });
    await rm(`${this.#dir}/membership.json`, { force: true });
    this.#membership = undefined;
  }

  async password(name: RealmName, password: string): Promise<RealmAnswer> {
    const m = await this.#joined();
    const cache = `${this.#dir}/login-${randomBytes(8).toString("hex")}.ccache`;
    const env = this.#env(`FILE:${cache}`);
    try {
      const user = `${name.user}@${name.realm}`;
      const tgt = await run("kinit", [user], env, `${password}\n`);
      if (tgt.code !== 0) return refused(tgt);
      // For a user of a trusted realm (§4.1.8.10) this ticket comes across the trust: krbtgt/<ours>@<theirs>.
      const ticket = await run("kvno", ["-k", this.#keytab, `host/${m.host}@${m.realm}`], env);
      if (ticket.code !== 0)
        return name.realm === m.realm ? refused(ticket) : { ok: false, ...trustRefusalOf(ticket.stderr) };
      return await this.#role(m, user);
    } finally {
      await rm(cache, { force: true });
    }
  }

  async negotiate(token: Uint8Array): Promise<RealmAnswer & { readonly reply?: Uint8Array }> {
    const m = await this.#joined();
    const accepted = await acceptSpnego(token, this.#env());
    if (!accepted.ok) return { ok: false, ...refusalOf(accepted.error) };
    const ours = [`host/${m.host}@${m.realm}`, `HTTP/${m.host}@${m.realm}`];
    if (accepted.target !== undefined && !ours.includes(accepted.target))
      return { ok: false, reason: "not-joined", detail: `a ticket for ${accepted.target}, not for this device` };
    const answer = await this.#role(m, accepted.principal);
    return answer.ok && accepted.reply !== undefined ? { ...answer, reply: accepted.reply } : answer;
  }

  /**
   * The user's role, the policy of its principal (src/kerberos/roles.ts), read as host/<name>. A user of another
   * realm has no role here (cross-realm authorization, §4.1.8.9, is the trusted realm's setting).
   */
  async #role(m: Membership, principal: string): Promise<RealmAnswer> {
    if (!principal.endsWith(`@${m.realm}`)) return { ok: true, principal, role: undefined };
    let last: RunResult | undefined;
    for (const admin of adminServers(this.#server(m.realm))) {
      const args = ["-k", "-t", this.#keytab, "-p", `host/${m.host}@${m.realm}`, "-s", admin];
      const r = await run("kadmin", [...args, "-q", `getprinc ${principal}`], this.#env());
      const policy = policies(r.stdout).get(principal);
      if (policies(r.stdout).has(principal)) return { ok: true, principal, role: roleOf(policy) };
      last = r;
      if (!/Cannot contact|Communication failure|GSS-API|Connection refused|timed out/i.test(r.stderr)) break;
    }
    return { ok: false, ...refusalOf(last?.stderr ?? "") };
  }

  async #kadmin(realm: string, admin: Credentials, queries: readonly string[]): Promise<RunResult> {
    const server = this.#server(realm);
    const input = [admin.password, ...queries, ""].join("\n");
    return run(
      "kadmin",
      ["-p", `${admin.user}@${realm}`, "-s", `${server.address}:${server.adminPort}`],
      this.#env(),
      input,
    );
  }

  #server(realm: string): AuthServer {
    const s = this.#spec.servers.find((x) => x.realm === realm);
    if (s === undefined)
      throw new StateError(KerberosCode.NoAuthServer, `realm ${realm} is not among the Authentication Servers`);
    return s;
  }

  async #joined(): Promise<Membership> {
    const m = await this.membership();
    if (m === undefined) throw new StateError(KerberosCode.NotJoined, "this device is not a member of a realm");
    return m;
  }

  async #files(realm: string): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    await chmod(this.#dir, 0o700);
    await writeFile(`${this.#dir}/krb5.conf`, clientKrb5Conf(this.#spec.servers, realm, this.#spec.aesRc4));
  }
}

function adminServers(s: AuthServer): string[] {
  const primary = `${s.address}:${s.adminPort}`;
  return s.secondaryAddress === undefined ? [primary] : [primary, `${s.secondaryAddress}:${s.secondaryAdminPort}`];
}

function roleOf(policy: string | undefined): KerberosRole | undefined {
  return (KERBEROS_ROLES as readonly (string | undefined)[]).includes(policy) ? (policy as KerberosRole) : undefined;
}

function refused(r: RunResult): RealmAnswer {
  return { ok: false, ...refusalOf(r.stderr) };
}

/** A join or deregister the server refused: its reason, typed as the login's would be. */
function adminError(text: string, realm: string): IoError | StateError {
  const { reason, detail } = refusalOf(text);
  if (reason === "unreachable" || reason === "clock-skew")
    return new IoError(KerberosCode.Unreachable, `realm ${realm}: ${detail}`);
  const why = /privilege/.test(text) ? "the user's role may not add or remove devices (§4.1.8.4)" : text;
  return new StateError(KerberosCode.Refused, `realm ${realm}: ${why}`);
}
