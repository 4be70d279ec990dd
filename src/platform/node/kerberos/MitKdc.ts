import { createHmac } from "node:crypto";
import { access, chmod, mkdir, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { IoError, StateError } from "../../../core/errors.js";
import { KerberosCode } from "../../../kerberos/errors.js";
import type { Kdc, KdcSpec, RealmUser } from "../../../kerberos/ports.js";
import { JOIN_ROLES, KERBEROS_ROLES, type KerberosRole } from "../../../kerberos/roles.js";
import { checkKadmin, policies } from "./kadminText.js";
import { kdcConf, serverKrb5Conf } from "./mitConf.js";
import { mitEnv, MitServer, run, type MitEnv } from "./mitRun.js";

/** Trusts carry the key types an Active Directory shares (§4.1.8.9 step 15: "supports Kerberos AES Encryption"). */
const TRUST_KEYS = "aes256-cts-hmac-sha1-96:normal,aes128-cts-hmac-sha1-96:normal,arcfour-hmac:normal";

/**
 * A device's Kerberos server in the node world: MIT krb5kdc and kadmind (a secondary: krb5kdc, a read-only kadmind
 * and kpropd) as child processes on the device's address, the database under `<flash>/kerberos/server` (mode 0700;
 * database, stash and keytabs 0600). Changes go through kadmin.local on the database itself; clients join through
 * kadmind, whose ACL (kadm5.acl) lets Administrator and Join Realm users add and remove host principals and lets every
 * host principal read a user's policy, which is its role (src/kerberos/roles.ts).
 *
 * Copies to a secondary go by MIT's own kprop (docs/design.md "Kerberos"): kprop authenticates as
 * host/<this machine's host name> (MIT takes it from the system), kpropd takes a ticket for host/<secondary address>,
 * whose key both servers derive from the master key they share (same root password, §4.1.8.11 step 4).
 */
export class MitKdc implements Kdc {
  readonly #spec: KdcSpec;
  readonly #dir: string;
  readonly #env: MitEnv;
  #servers: MitServer[] = [];
  #acl = "";

  constructor(spec: KdcSpec, flash: string) {
    this.#spec = spec;
    this.#dir = `${flash}/kerberos/server`;
    this.#env = mitEnv({
      KRB5_CONFIG: `${this.#dir}/krb5.conf`,
      KRB5_KDC_PROFILE: `${this.#dir}/kdc.conf`,
      KRB5CCNAME: `FILE:${this.#dir}/ccache`,
      KRB5_KTNAME: `FILE:${this.#dir}/kprop.keytab`,
      KRB5RCACHEDIR: this.#dir,
    });
  }

  async created(): Promise<boolean> {
    return (await exists(`${this.#dir}/principal`)) && (await exists(`${this.#dir}/stash`));
  }

  async create(rootPassword: string): Promise<void> {
    await this.#files();
    const r = await run(
      "kdb5_util",
      ["create", "-s", "-r", this.#spec.realm],
      this.#env,
      `${rootPassword}\n${rootPassword}\n`,
    );
    if (r.code !== 0) throw new IoError(KerberosCode.Tool, `kdb5_util create: ${lastLine(r.stderr)}`);
    for (const role of KERBEROS_ROLES) await this.#kadmin(`addpol ${role}`, `policy ${role}`);
    if (this.#spec.primary !== undefined) await this.#copyKey(this.#spec.ip, "-norandkey");
  }

  running(): boolean {
    return this.#servers.length > 0 && this.#servers.every((s) => !s.exited);
  }

  async start(): Promise<void> {
    const { ip, port, adminPort, propPort, realm } = this.#spec;
    await this.#files();
    await this.#writeAcl();
    try {
      this.#servers.push(await MitServer.start("krb5kdc", ["-n", "-r", realm], this.#env, ip, port));
      this.#servers.push(await MitServer.start("kadmind", ["-nofork", "-r", realm], this.#env, ip, adminPort));
      if (this.#spec.primary !== undefined) {
        const dir = this.#dir;
        const args = ["-D", "-P", String(propPort), "-s", `${dir}/kprop.keytab`, "-a", `${dir}/kpropd.acl`];
        args.push("-f", `${dir}/from_primary`, "-r", realm);
        this.#servers.push(await MitServer.start("kpropd", args, this.#env, ip, propPort));
      } else if (this.#spec.secondaries.length > 0) await this.#kpropIdentity();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    const servers = this.#servers;
    this.#servers = [];
    await Promise.all(servers.map((s) => s.stop()));
  }

  async users(): Promise<RealmUser[]> {
    const names = await this.#own(/^([^/]+)$/);
    if (names.length === 0) return [];
    const r = await run("kadmin.local", [], this.#env, names.map((n) => `getprinc ${n}\n`).join(""));
    const users: RealmUser[] = [];
    for (const [principal, policy] of policies(r.stdout))
      if ((KERBEROS_ROLES as readonly (string | undefined)[]).includes(policy))
        users.push({ name: principal.replace(/@[^@]+$/, ""), role: policy as KerberosRole });
    return users.sort((a, b) => a.name.localeCompare(b.name));
  }

  async addUser(name: string, password: string, role: KerberosRole): Promise<void> {
    await this.#kadmin(`addprinc -policy ${role} ${name}`, `user ${name}`, `${password}\n${password}\n`);
    await this.#writeAcl();
  }

  async changeUser(name: string, change: { readonly password?: string; readonly role?: KerberosRole }): Promise<void> {
    if (!(await this.users()).some((u) => u.name === name))
      throw new StateError(KerberosCode.NoUser, `user ${name}: no such user of ${this.#spec.realm}`);
    if (change.password !== undefined)
      await this.#kadmin(`cpw ${name}`, `user ${name}`, `${change.password}\n${change.password}\n`);
    if (change.role !== undefined) await this.#kadmin(`modprinc -policy ${change.role} ${name}`, `user ${name}`);
    await this.#writeAcl();
  }

  async deleteUser(name: string): Promise<void> {
    await this.#kadmin(`delprinc -force ${name}`, `user ${name}`);
    await this.#writeAcl();
  }

  async hosts(): Promise<string[]> {
    const own = new Set([hostname(), ...this.#spec.secondaries, this.#spec.ip]);
    return (await this.#own(/^host\/([^/]+)$/)).filter((h) => !own.has(h)).sort();
  }

  async trusts(): Promise<string[]> {
    const realm = this.#spec.realm;
    return (await this.#principals())
      .map((p) => (p.startsWith(`krbtgt/${realm}@`) ? p.slice(`krbtgt/${realm}@`.length) : undefined))
      .filter((r): r is string => r !== undefined && r !== realm)
      .sort();
  }

  /** Both directions of the trust, with the shared password (§4.1.8.9 step 3). */
  async addTrust(other: string, password: string): Promise<void> {
    const realm = this.#spec.realm;
    const twice = `${password}\n${password}\n`;
    await this.#kadmin(`addprinc -e ${TRUST_KEYS} krbtgt/${realm}@${other}`, `trust ${other}`, twice);
    await this.#kadmin(`addprinc -e ${TRUST_KEYS} krbtgt/${other}@${realm}`, `trust ${other}`, twice);
  }

  async deleteTrust(other: string): Promise<void> {
    const realm = this.#spec.realm;
    await this.#kadmin(`delprinc -force krbtgt/${realm}@${other}`, `trust ${other}`);
    await this.#kadmin(`delprinc -force krbtgt/${other}@${realm}`, `trust ${other}`);
  }

  /** kdb5_util dump, then kprop to each secondary; the first failure is thrown after all were tried. */
  async propagate(): Promise<void> {
    const { realm, propPort } = this.#spec;
    const dump = `${this.#dir}/dump`;
    const d = await run("kdb5_util", ["dump", dump], this.#env);
    if (d.code !== 0) throw new IoError(KerberosCode.Tool, `kdb5_util dump: ${lastLine(d.stderr)}`);
    const failed: string[] = [];
    for (const secondary of this.#spec.secondaries) {
      await this.#copyKey(secondary, "");
      const args = ["-r", realm, "-f", dump, "-P", String(propPort), "-s", `${this.#dir}/kprop.keytab`, secondary];
      const r = await run("kprop", args, this.#env);
      if (r.code !== 0) failed.push(`${secondary}: ${lastLine(r.stderr)}`);
    }
    if (failed.length > 0) throw new IoError(KerberosCode.Unreachable, `kprop to ${failed.join("; ")}`);
  }

  /** The folder, 0700, and the configuration files (written at every start: the settings may have changed). */
  async #files(): Promise<void> {
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    await chmod(this.#dir, 0o700);
    await writeFile(`${this.#dir}/kdc.conf`, kdcConf(this.#spec, this.#dir));
    await writeFile(`${this.#dir}/krb5.conf`, serverKrb5Conf(this.#spec));
    await writeFile(`${this.#dir}/kpropd.acl`, `host/${hostname()}@${this.#spec.realm}\n`);
  }

  /**
   * kadm5.acl: every host principal may read principals (a client reads a user's role); on a primary, Administrator
   * and Join Realm users may add, extract and delete host and HTTP principals (§4.1.8.4, §4.1.8.13). kadmind reads it
   * at start, so a change restarts kadmind.
   */
  async #writeAcl(): Promise<void> {
    const realm = this.#spec.realm;
    const lines = [`host/*@${realm} i *`];
    if (this.#spec.primary === undefined && (await this.created()))
      for (const u of await this.users())
        if (JOIN_ROLES.includes(u.role))
          lines.push(`${u.name}@${realm} adci host/*@${realm}`, `${u.name}@${realm} adci HTTP/*@${realm}`);
    const acl = `${lines.join("\n")}\n`;
    if (acl === this.#acl) return;
    await writeFile(`${this.#dir}/kadm5.acl`, acl);
    this.#acl = acl;
    const kadmind = this.#servers[1];
    if (kadmind === undefined) return;
    await kadmind.stop();
    const { ip, adminPort } = this.#spec;
    this.#servers[1] = await MitServer.start("kadmind", ["-nofork", "-r", realm], this.#env, ip, adminPort);
  }

  /** The primary's kprop principal, host/<this machine's name>, with its key in kprop.keytab. */
  async #kpropIdentity(): Promise<void> {
    const principal = `host/${hostname()}`;
    const r = await run("kadmin.local", ["-q", `addprinc -randkey ${principal}`], this.#env);
    if (!/already exists/.test(r.stderr)) checkKadmin(r, principal);
    if (await exists(`${this.#dir}/kprop.keytab`)) return;
    await this.#kadmin(`ktadd -k ${this.#dir}/kprop.keytab -norandkey ${principal}`, principal);
  }

  /**
   * host/<secondary> with the key derived from the master key: made on the primary before each copy, and on a
   * secondary in its own database at creation with its keytab (`-norandkey`), so the two hold the same key.
   */
  async #copyKey(ip: string, keytab: "-norandkey" | ""): Promise<void> {
    const principal = `host/${ip}`;
    const password = await this.#derived(principal);
    const r = await run("kadmin.local", ["-q", `addprinc ${principal}`], this.#env, `${password}\n${password}\n`);
    if (!/already exists/.test(r.stderr)) checkKadmin(r, principal);
    if (keytab !== "") await this.#kadmin(`ktadd -k ${this.#dir}/kprop.keytab -norandkey ${principal}`, principal);
  }

  async #derived(principal: string): Promise<string> {
    const r = await run("klist", ["-kK", `FILE:${this.#dir}/stash`], this.#env);
    const key = /\(0x([0-9a-f]+)\)/.exec(r.stdout)?.[1];
    if (key === undefined) throw new IoError(KerberosCode.Tool, "the stash file holds no master key");
    return createHmac("sha256", key).update(`ipdect kprop ${principal}@${this.#spec.realm}`).digest("base64");
  }

  /** Every principal of the database, `name@REALM` (trusts hold principals of other realms too). */
  async #principals(): Promise<string[]> {
    const r = await run("kadmin.local", ["-q", "listprincs"], this.#env);
    checkKadmin(r, "listprincs");
    return r.stdout
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^\S+@\S+$/.test(l));
  }

  /** The first part of the principals `<part>@<this realm>` that match `pattern` (its group 1). */
  async #own(pattern: RegExp): Promise<string[]> {
    const suffix = `@${this.#spec.realm}`;
    return (await this.#principals())
      .filter((p) => p.endsWith(suffix))
      .map((p) => pattern.exec(p.slice(0, -suffix.length))?.[1])
      .filter((m): m is string => m !== undefined);
  }

  async #kadmin(query: string, what: string, input = ""): Promise<void> {
    checkKadmin(await run("kadmin.local", ["-q", query], this.#env, input), what);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}
