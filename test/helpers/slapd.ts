import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tcpAccepts } from "./foregroundProcess.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface SlapdOptions {
  /** Loopback address to listen on (a test's own 127.x.y.z). */
  readonly ip: string;
  readonly port: number;
  /** Also listen with TLS (ldaps) on this port, with a certificate for `ip` signed by a fresh CA (see `caPem`). */
  readonly tlsPort?: number;
  readonly suffix?: string;
  /** LDIF loaded with slapadd before the first start (fast for thousands of entries); the suffix entry is added. */
  readonly ldif?: string;
  /** The suffix entry as LDIF (default: a dcObject/organization for a `dc=` suffix). */
  readonly suffixEntry?: string;
  /** Schema definitions (attributetype/objectclass lines) added to the standard schemas. */
  readonly schema?: string;
  /** More slapd.conf lines: global ones (e.g. `sizelimit unlimited`) before the database, `index …` after. */
  readonly global?: readonly string[];
  readonly indexes?: readonly string[];
  /** Log every operation (`-d 256`: "conn=1000 op=0 BIND dn=…") to `log`. */
  readonly stats?: boolean;
}

const SCHEMAS = ["core", "cosine", "inetorgperson"];
export const ROOT_PW = "secret";

/**
 * A real OpenLDAP slapd for a test (Debian's package; `sh scripts/ensure-debs.sh` installs it): mdb database under a
 * temp dir, schemas core/cosine/inetorgperson, the syncprov overlay (it keeps the suffix's contextCSN), started in
 * the foreground and killed by `close()`. `stop()`/`start()` take it away and bring it back on the same port.
 */
export class Slapd {
  readonly dir = mkdtempSync(join(tmpdir(), "ipdect-slapd-"));
  readonly suffix: string;
  readonly rootDn: string;
  readonly url: string;
  readonly tlsUrl: string | undefined;
  /** The CA that signed the ldaps certificate, PEM. */
  caPem = "";
  readonly #opts: SlapdOptions;
  #proc: ChildProcess | undefined;
  #output = "";

  private constructor(opts: SlapdOptions) {
    this.#opts = opts;
    this.suffix = opts.suffix ?? "dc=example,dc=com";
    this.rootDn = `cn=admin,${this.suffix}`;
    this.url = `ldap://${opts.ip}:${opts.port}`;
    this.tlsUrl = opts.tlsPort === undefined ? undefined : `ldaps://${opts.ip}:${opts.tlsPort}`;
  }

  static async start(opts: SlapdOptions): Promise<Slapd> {
    const s = new Slapd(opts);
    try {
      s.#configure();
      await s.start();
    } catch (err) {
      await s.close();
      throw err;
    }
    return s;
  }

  #configure(): void {
    const db = join(this.dir, "db");
    mkdirSync(db);
    const dc = /^dc=([^,]+)/.exec(this.suffix)?.[1] ?? "example";
    const tls = this.#opts.tlsPort === undefined ? [] : this.#makeCertificates();
    const schema = join(this.dir, "extra.schema");
    if (this.#opts.schema !== undefined) writeFileSync(schema, this.#opts.schema + "\n");
    const conf = [
      ...SCHEMAS.map((n) => `include /etc/ldap/schema/${n}.schema`),
      ...(this.#opts.schema === undefined ? [] : [`include ${schema}`]),
      `pidfile ${join(this.dir, "slapd.pid")}`,
      "modulepath /usr/lib/ldap",
      "moduleload back_mdb",
      "moduleload syncprov",
      ...tls,
      ...(this.#opts.global ?? []),
      "database mdb",
      "maxsize 268435456",
      `suffix "${this.suffix}"`,
      `rootdn "${this.rootDn}"`,
      `rootpw ${ROOT_PW}`,
      `directory ${db}`,
      "index objectClass eq",
      "index entryCSN,entryUUID eq",
      ...(this.#opts.indexes ?? []),
      "overlay syncprov",
    ];
    writeFileSync(join(this.dir, "slapd.conf"), conf.join("\n") + "\n");
    const base =
      this.#opts.suffixEntry ??
      `dn: ${this.suffix}\nobjectClass: dcObject\nobjectClass: organization\no: ${dc}\ndc: ${dc}\n\n`;
    writeFileSync(join(this.dir, "load.ldif"), base + (this.#opts.ldif ?? ""));
    execFileSync("slapadd", ["-q", "-f", join(this.dir, "slapd.conf"), "-l", join(this.dir, "load.ldif")], {
      stdio: "pipe",
    });
  }

  /**
   * A CA and a server certificate for the listening address (IP SAN), made with openssl; slapd.conf TLS lines. slapd
   * sends both certificates in its handshake.
   */
  #makeCertificates(): string[] {
    const f = (n: string) => join(this.dir, n);
    const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
    const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    ssl(
      "req",
      "-x509",
      ...key,
      "-days",
      "2",
      "-subj",
      "/CN=ipdect test CA",
      "-keyout",
      f("ca.key"),
      "-out",
      f("ca.crt"),
    );
    ssl("req", ...key, "-subj", `/CN=${this.#opts.ip}`, "-keyout", f("server.key"), "-out", f("server.csr"));
    writeFileSync(f("san.cnf"), `subjectAltName=IP:${this.#opts.ip}\n`);
    const sign = ["-CA", f("ca.crt"), "-CAkey", f("ca.key"), "-CAcreateserial", "-extfile", f("san.cnf")];
    ssl("x509", "-req", "-days", "2", "-in", f("server.csr"), ...sign, "-out", f("server.crt"));
    this.caPem = readFileSync(f("ca.crt"), "utf8");
    // The whole chain goes out, as a server configured for clients that hold no copy of its CA.
    writeFileSync(f("chain.crt"), readFileSync(f("server.crt"), "utf8") + this.caPem);
    return [
      `TLSCACertificateFile ${f("ca.crt")}`,
      `TLSCertificateFile ${f("chain.crt")}`,
      `TLSCertificateKeyFile ${f("server.key")}`,
    ];
  }

  /** What slapd printed since it last started: its operations with `stats`. */
  get log(): string {
    return this.#output;
  }

  /** Starts (again) in the foreground; resolves once it answers. */
  async start(): Promise<void> {
    const urls = [this.url, ...(this.tlsUrl === undefined ? [] : [this.tlsUrl])].map((u) => `${u}/`).join(" ");
    this.#output = "";
    const level = this.#opts.stats === true ? "256" : "0";
    const proc = spawn("slapd", ["-d", level, "-h", urls, "-f", join(this.dir, "slapd.conf")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    proc.stdout!.on("data", (b: Buffer) => (this.#output += b.toString()));
    proc.stderr!.on("data", (b: Buffer) => (this.#output += b.toString()));
    this.#proc = proc;
    for (let i = 0; i < 200; i++) {
      if (proc.exitCode !== null) throw new Error(`slapd exited with ${proc.exitCode}: ${this.#output}`);
      if (await tcpAccepts(this.#opts.ip, this.#opts.port)) return;
      await sleep(25);
    }
    throw new Error(`slapd did not answer on ${this.url}: ${this.#output}`);
  }

  /** The running slapd's process id. */
  get pid(): number | undefined {
    return this.#proc?.pid;
  }

  /** Kills slapd (SIGKILL: the server just goes away). */
  async stop(): Promise<void> {
    const p = this.#proc;
    this.#proc = undefined;
    if (p === undefined || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise<void>((r) => p.once("exit", () => r()));
    p.kill("SIGKILL");
    await gone;
  }

  /** Runs an ldap-utils tool (ldapmodify, ldapdelete, ldapadd) as the root DN with `input` on stdin. */
  tool(name: "ldapmodify" | "ldapdelete" | "ldapadd", input: string, ...args: string[]): void {
    execFileSync(name, ["-x", "-H", this.url, "-D", this.rootDn, "-w", ROOT_PW, ...args], { input, stdio: "pipe" });
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
