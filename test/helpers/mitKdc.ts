import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { ForegroundProcess, removeTempDir, tcpAccepts, tempDir } from "./foregroundProcess.js";

const run = promisify(execFile);

export interface MitKdcOptions {
  /** A loopback address of the test's own. */
  readonly ip: string;
  /** A free port on `ip` (UDP and TCP). */
  readonly port: number;
  readonly realm: string;
}

/** AES only, as §4.1.8.9 asks of the trust ("The other domain supports Kerberos AES Encryption"). */
const ENCTYPES = "aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal";

/** One realm of a client's krb5.conf: its name and its KDC as `ip:port`. */
export interface Krb5Realm {
  readonly realm: string;
  readonly kdc: string;
}

/**
 * A krb5.conf for a Kerberos client of these realms: no DNS, and a direct path from each realm to the next one in
 * [capaths] (a trust of two realms whose names share no parent; without it MIT would walk the DNS hierarchy).
 */
export function krb5Conf(realms: readonly Krb5Realm[], trusts: readonly [from: string, to: string][] = []): string {
  const lines = [
    "[libdefaults]",
    "  dns_lookup_kdc = false",
    "  dns_lookup_realm = false",
    "  dns_canonicalize_hostname = false",
    "  rdns = false",
    "[realms]",
    ...realms.flatMap((r) => [`  ${r.realm} = {`, `    kdc = ${r.kdc}`, "  }"]),
    "[capaths]",
    ...trusts.flatMap(([from, to]) => [`  ${from} = {`, `    ${to} = .`, "  }"]),
  ];
  return lines.join("\n") + "\n";
}

/**
 * A minimal MIT Kerberos KDC for a test (Debian krb5-kdc, krb5-admin-server): a fresh database made with kdb5_util
 * under a temp dir, principals set with kadmin.local, krb5kdc in the foreground (`-n`) on `ip:port`. Test-only: the
 * device's own Kerberos server role runs MIT's programs as the product does.
 */
export class MitKdc {
  readonly dir = tempDir("ipdect-mitkdc-");
  readonly realm: string;
  /** `ip:port`, as krb5.conf names a KDC. */
  readonly kdc: string;
  readonly #opts: MitKdcOptions;
  #proc: ForegroundProcess | undefined;

  private constructor(opts: MitKdcOptions) {
    this.#opts = opts;
    this.realm = opts.realm;
    this.kdc = `${opts.ip}:${opts.port}`;
  }

  static async start(opts: MitKdcOptions): Promise<MitKdc> {
    const k = new MitKdc(opts);
    try {
      await k.#create();
      await k.#start();
    } catch (err) {
      await k.close();
      throw err;
    }
    return k;
  }

  /** The environment of MIT's tools for this KDC: its kdc.conf and a krb5.conf naming only its realm. */
  get env(): NodeJS.ProcessEnv {
    return { ...process.env, KRB5_CONFIG: join(this.dir, "krb5.conf"), KRB5_KDC_PROFILE: join(this.dir, "kdc.conf") };
  }

  async #create(): Promise<void> {
    const f = (n: string) => join(this.dir, n);
    const listen = this.kdc;
    const kdcConf = [
      "[kdcdefaults]",
      `  kdc_listen = ${listen}`,
      `  kdc_tcp_listen = ${listen}`,
      "[realms]",
      `  ${this.realm} = {`,
      `    database_name = ${f("principal")}`,
      `    key_stash_file = ${f("stash")}`,
      `    acl_file = ${f("kadm5.acl")}`,
      `    kdc_listen = ${listen}`,
      `    kdc_tcp_listen = ${listen}`,
      `    supported_enctypes = ${ENCTYPES}`,
      "  }",
      "[logging]",
      "  kdc = STDERR",
    ];
    writeFileSync(f("kdc.conf"), kdcConf.join("\n") + "\n");
    writeFileSync(f("kadm5.acl"), "");
    writeFileSync(f("krb5.conf"), krb5Conf([{ realm: this.realm, kdc: listen }]));
    // The master key's password only protects the stash file here (§4.1.8.1 "root password").
    await run("kdb5_util", ["create", "-s", "-r", this.realm, "-P", "test-master-key"], { env: this.env });
  }

  async #start(): Promise<void> {
    const proc = new ForegroundProcess("env", [
      `KRB5_CONFIG=${this.env["KRB5_CONFIG"]}`,
      `KRB5_KDC_PROFILE=${this.env["KRB5_KDC_PROFILE"]}`,
      ...["krb5kdc", "-n", "-r", this.realm],
    ]);
    this.#proc = proc;
    for (let i = 0; i < 200; i++) {
      if (proc.exited) throw new Error(`krb5kdc exited with ${proc.exitCode}:\n${proc.output()}`);
      if (await tcpAccepts(this.#opts.ip, this.#opts.port)) return;
      await sleep(25);
    }
    throw new Error(`krb5kdc did not answer on ${this.kdc}:\n${proc.output()}`);
  }

  /** One kadmin.local query; its output. */
  async kadmin(query: string): Promise<string> {
    const { stdout } = await run("kadmin.local", ["-r", this.realm, "-q", query], { env: this.env });
    return stdout;
  }

  /** A principal with `password`, or with a random key (a host principal); AES keys, MIT's normal salt. */
  async addPrincipal(name: string, password?: string): Promise<void> {
    const key = password === undefined ? ["-randkey"] : ["-pw", password];
    const e = ENCTYPES.replaceAll(" ", ",");
    await this.kadmin(["addprinc", "-e", e, ...key, name].map(quote).join(" "));
  }

  async deletePrincipal(name: string): Promise<void> {
    await this.kadmin(`delprinc -force ${quote(name)}`);
  }

  /** Writes `principal`'s keys to a keytab file (new keys: ktadd randomizes them, as a join does). */
  async keytab(principal: string, file: string): Promise<void> {
    await this.kadmin(`ktadd -k ${quote(file)} ${quote(principal)}`);
  }

  /** What krb5kdc logged: one line per AS and TGS request. */
  output(): string {
    return this.#proc?.output() ?? "";
  }

  async close(): Promise<void> {
    await this.#proc?.stop();
    this.#proc = undefined;
    removeTempDir(this.dir);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** kadmin's query parser splits on blanks and honours double quotes. */
const quote = (s: string): string => (/^[\w@./:,-]+$/.test(s) ? s : `"${s.replaceAll('"', '\\"')}"`);
