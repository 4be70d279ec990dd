import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * OpenLDAP's slapd (Debian package, installed by scripts/ensure-debs.sh) as the benchmark's reference: an mdb
 * database in a temp dir with this project's user schema and equality indexes on cn and e164 (as our server has),
 * no per-operation logging, loaded with slapadd, run in the foreground on a loopback port and stopped by `close()`.
 */
export class BenchSlapd {
  readonly dir = mkdtempSync(join(tmpdir(), "ipdect-bench-slapd-"));
  readonly url: string;
  readonly rootDn = "cn=ldap-user,cn=PBX0";
  readonly password = "ldap-secret";
  #proc: ChildProcess | undefined;

  private constructor(
    readonly ip: string,
    readonly port: number,
  ) {
    this.url = `ldap://${ip}:${port}`;
  }

  get pid(): number {
    return this.#proc!.pid!;
  }

  /** Starts slapd with `ldif` (entries below cn=PBX0, without cn=PBX0 itself) loaded. */
  static async start(ip: string, port: number, ldif: string): Promise<BenchSlapd> {
    const s = new BenchSlapd(ip, port);
    try {
      s.#configure(ldif);
      await s.#run();
    } catch (err) {
      await s.close();
      throw err;
    }
    return s;
  }

  #configure(ldif: string): void {
    const db = join(this.dir, "db");
    mkdirSync(db);
    writeFileSync(join(this.dir, "ipdect.schema"), SCHEMA);
    const conf = [
      "include /etc/ldap/schema/core.schema",
      `include ${join(this.dir, "ipdect.schema")}`,
      `pidfile ${join(this.dir, "slapd.pid")}`,
      "modulepath /usr/lib/ldap",
      "moduleload back_mdb",
      // Every entry in one answer, as our server gives them (slapd's default stops at 500).
      "sizelimit unlimited",
      // No log line per operation (the default, stats, writes several to syslog): slapd at its fastest.
      "loglevel 0",
      "database mdb",
      "maxsize 268435456",
      'suffix "cn=PBX0"',
      `rootdn "${this.rootDn}"`,
      `rootpw ${this.password}`,
      `directory ${db}`,
      "index objectClass,cn,e164 eq",
    ];
    writeFileSync(join(this.dir, "slapd.conf"), conf.join("\n") + "\n");
    const base = "dn: cn=PBX0\nobjectClass: ipdectView\ncn: PBX0\n\n";
    writeFileSync(join(this.dir, "load.ldif"), base + ldif);
    execFileSync("slapadd", ["-q", "-f", join(this.dir, "slapd.conf"), "-l", join(this.dir, "load.ldif")], {
      stdio: "pipe",
    });
  }

  async #run(): Promise<void> {
    let output = "";
    const proc = spawn("slapd", ["-d", "0", "-h", `${this.url}/`, "-f", join(this.dir, "slapd.conf")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    proc.stdout!.on("data", (b: Buffer) => (output += b.toString()));
    proc.stderr!.on("data", (b: Buffer) => (output += b.toString()));
    this.#proc = proc;
    for (let i = 0; i < 200; i++) {
      if (proc.exitCode !== null) throw new Error(`slapd exited with ${proc.exitCode}: ${output}`);
      if (await answers(this.ip, this.port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`slapd did not answer on ${this.url}: ${output}`);
  }

  async close(): Promise<void> {
    const p = this.#proc;
    if (p !== undefined && p.exitCode === null && p.signalCode === null) {
      const gone = new Promise<void>((r) => p.once("exit", () => r()));
      p.kill("SIGTERM");
      await gone;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The user attributes of manual 003 §4.5.3.2 (OIDs under the RFC 5612 example arc 32473), as our server serves them. */
const SCHEMA = [
  ...["h323", "e164", "auth", "ipei", "authCode", "idle", "guid", "usn"].map(
    (name, i) =>
      `attributetype ( 1.3.6.1.4.1.32473.1.1.${i + 1} NAME '${name}' EQUALITY caseIgnoreMatch ` +
      "SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
  ),
  "objectclass ( 1.3.6.1.4.1.32473.1.2.1 NAME 'ipdectUser' SUP top STRUCTURAL MUST ( cn $ e164 ) " +
    "MAY ( h323 $ auth $ ipei $ authCode $ idle $ guid $ usn ) )",
  "objectclass ( 1.3.6.1.4.1.32473.1.2.2 NAME 'ipdectView' SUP top STRUCTURAL MUST cn )",
].join("\n");

/** True once something accepts TCP connections on ip:port. */
function answers(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: ip, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
