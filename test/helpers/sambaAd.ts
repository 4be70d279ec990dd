import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { ForegroundProcess, removeTempDir, tcpAccepts, tempDir } from "./foregroundProcess.js";
import { selfSignedFor, type OpensslCert } from "./opensslCerts.js";

const run = promisify(execFile);

export interface SambaAdOptions {
  /** A loopback address of the test's own (127.x.y.z): Samba binds its standard ports (88, 389, 636, 464) there. */
  readonly ip: string;
  /** The Kerberos realm, which is the AD's DNS domain in capitals (e.g. `WINAD.TEST`). */
  readonly realm: string;
  /** The NetBIOS domain name (e.g. `WINAD`). */
  readonly domain: string;
  /**
   * Allow simple binds without TLS (`ldap server require strong auth = no`): what the manual's "Configure AD Server"
   * (§4.5.3.2) does on Windows with LDAPServerIntegrity 1, since the device binds only simply.
   */
  readonly plainSimpleBind?: boolean;
  /** Log every authentication (`auth_audit:3`) so that `binds()` can count the simple binds that reached the DC. */
  readonly auditBinds?: boolean;
}

/** The Administrator's password (AD's default complexity rules: three character classes). */
export const SAMBA_ADMIN_PASSWORD = "Adm1n!Samba";
/** Samba's own python bindings (samba-tool runs with them); a pyenv `python3` first in PATH lacks them. */
const PYTHON = "/usr/bin/python3";
/** Provisioning plus the first start take ~7 s on the 2-core test machine; a loaded machine may need much more. */
const START_TIMEOUT_MS = 60_000;

/** A group as AD sees it: its SID and the RID at its end (§4.1.8.9 step 5: "the last part of the SID"). */
export interface AdGroup {
  readonly sid: string;
  readonly rid: number;
}

/**
 * A real Active Directory for a test: a Samba AD DC (Debian samba, samba-ad-dc, samba-ad-provision) provisioned into
 * a temp dir (`samba-tool domain provision`, RFC 2307 attributes, no DNS), then run in the foreground with only the
 * `ldap` and `kdc` services, in one process (`-M single`), bound to `ip` only. LDAPS (636) serves a self-signed
 * certificate for `ip` (`cert`). Users, groups and trusts are written straight into its sam.ldb (samba-tool with
 * `-H`), which the running server reads at once. `close()` stops it and removes the dir.
 */
export class SambaAd {
  readonly dir = tempDir("ipdect-samba-");
  readonly ip: string;
  readonly realm: string;
  readonly domain: string;
  /** The LDAPS certificate (IP SAN = `ip`): what a device puts on its trust list. */
  readonly cert: OpensslCert;
  /** How long `samba-tool domain provision` took (ms). */
  provisionMs = 0;
  /** The domain SID (S-1-5-21-a-b-c): every user's and group's SID starts with it. */
  domainSid = "";
  #proc: ForegroundProcess | undefined;
  readonly #global: readonly string[];

  private constructor(opts: SambaAdOptions) {
    this.#global = [
      ...(opts.plainSimpleBind === true ? ["ldap server require strong auth = no"] : []),
      ...(opts.auditBinds === true ? ["log level = 1 auth_audit:3"] : []),
    ];
    this.ip = opts.ip;
    this.realm = opts.realm;
    this.domain = opts.domain;
    this.cert = selfSignedFor(this.dir, "ldaps", opts.ip);
  }

  static async start(opts: SambaAdOptions): Promise<SambaAd> {
    const s = new SambaAd(opts);
    try {
      await s.#provision();
      await s.restart();
    } catch (err) {
      await s.close();
      throw err;
    }
    return s;
  }

  get smbConf(): string {
    return join(this.dir, "etc", "smb.conf");
  }

  get #samLdb(): string {
    return join(this.dir, "private", "sam.ldb");
  }

  async #provision(): Promise<void> {
    const d = (n: string) => join(this.dir, n);
    const options = [
      // "ip/8" and not "ip": Samba binds an address given with a netmask even when no interface carries it (all of
      // 127/8 is local on Linux), and only that address with "bind interfaces only".
      `interfaces = ${this.ip}/8`,
      "bind interfaces only = yes",
      "server services = ldap, kdc",
      `pid directory = ${d("run")}`,
      `ncalrpc dir = ${d("run")}`,
      `log file = ${d("log.%m")}`,
      "tls enabled = yes",
      `tls certfile = ${this.cert.certFile}`,
      `tls keyfile = ${this.cert.keyFile}`,
      `tls cafile = ${this.cert.certFile}`,
    ];
    const began = performance.now();
    const { stdout, stderr } = await run("samba-tool", [
      ...["domain", "provision", "--use-rfc2307", "--server-role=dc", "--dns-backend=NONE"],
      ...[`--realm=${this.realm}`, `--domain=${this.domain}`, "--host-name=dc1", `--host-ip=${this.ip}`],
      ...[`--adminpass=${SAMBA_ADMIN_PASSWORD}`, `--targetdir=${this.dir}`],
      ...options.map((o) => `--option=${o}`),
    ]);
    this.provisionMs = performance.now() - began;
    // samba-tool logs its summary ("DOMAIN SID: …") to stderr.
    const sid = /DOMAIN SID:\s+(S-1-5-21-\d+-\d+-\d+)/.exec(stderr + stdout)?.[1];
    if (sid === undefined) throw new Error(`samba-tool domain provision printed no domain SID:\n${stderr}`);
    this.domainSid = sid;
    // samba-tool leaves these options out of the smb.conf it writes (they are not for provisioning): added after.
    const conf = readFileSync(this.smbConf, "utf8");
    writeFileSync(
      this.smbConf,
      conf.replace("[global]\n", ["[global]", ...this.#global.map((o) => `\t${o}`), ""].join("\n")),
    );
  }

  /** Starts the provisioned DC again after `stop()` (same database, same addresses). */
  async restart(): Promise<void> {
    await run("mkdir", ["-p", join(this.dir, "run")]);
    const proc = new ForegroundProcess("samba", ["-i", "-M", "single", "-s", this.smbConf]);
    this.#proc = proc;
    const until = performance.now() + START_TIMEOUT_MS;
    while (performance.now() < until) {
      if (proc.exited) throw new Error(`samba exited with ${proc.exitCode}:\n${proc.output()}`);
      const up = await Promise.all([88, 389, 636].map((port) => tcpAccepts(this.ip, port)));
      if (up.every(Boolean)) return;
      await sleep(100);
    }
    throw new Error(`samba did not answer on ${this.ip} (88, 389, 636):\n${proc.output()}`);
  }

  /** Stops the DC and keeps its database: `restart()` brings it back. */
  async stop(): Promise<void> {
    await this.#proc?.stop();
    this.#proc = undefined;
  }

  /**
   * An OpenLDAP tool (`ldapadd`, `ldapmodify`, `ldapdelete`) against the DC over LDAPS as Administrator, `input` on
   * stdin: what an administrator's script would do, so the server numbers the change (uSNChanged) as for any client.
   */
  async ldap(tool: "ldapadd" | "ldapmodify" | "ldapdelete", input: string, ...args: string[]): Promise<void> {
    const env = { ...process.env, LDAPTLS_CACERT: this.cert.certFile };
    const cmd = [
      tool,
      "-x",
      "-H",
      `ldaps://${this.ip}`,
      "-D",
      `Administrator@${this.realm}`,
      "-w",
      SAMBA_ADMIN_PASSWORD,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = execFile(cmd[0]!, [...cmd.slice(1), ...args], { env, maxBuffer: 1 << 26 }, (err, _out, stderr) =>
        err ? reject(new Error(`${tool}: ${stderr || err.message}`)) : resolve(),
      );
      child.stdin!.end(input);
    });
  }

  /** samba-tool on the sam.ldb itself: no network, no credentials. */
  async tool(...args: string[]): Promise<string> {
    const { stdout } = await run("samba-tool", [...args, "-s", this.smbConf, "-H", this.#samLdb]);
    return stdout;
  }

  /** A user (AD's complexity rules apply to `password`) whose password never expires. */
  async addUser(name: string, password: string): Promise<void> {
    await this.tool("user", "create", name, password);
    await this.tool("user", "setexpiry", name, "--noexpiry");
  }

  /** A security group of the given scope (§4.1.8.9 "About security groups in AD": Global is the one to use). */
  async addGroup(name: string, scope: "Global" | "Universal" | "Domain" = "Global"): Promise<AdGroup> {
    await this.tool("group", "add", name, `--group-scope=${scope}`);
    const shown = await this.tool("group", "show", name, "--attributes=objectSid");
    const sid = /^objectSid: (S-[\d-]+)$/m.exec(shown)?.[1];
    if (sid === undefined) throw new Error(`samba-tool group show ${name} printed no objectSid:\n${shown}`);
    return { sid, rid: Number(sid.slice(sid.lastIndexOf("-") + 1)) };
  }

  async addMembers(group: string, ...members: string[]): Promise<void> {
    await this.tool("group", "addmembers", group, members.join(","));
  }

  /**
   * A trust with `partner`, a realm of an MIT KDC, as the manual's Windows steps make it (§4.1.8.9: Realm trust,
   * one-way incoming, nontransitive, shared password, AES): a trustedDomain object written into sam.ldb with
   * Samba's python bindings. samba-tool cannot make it (`domain trust create` asks the other side's LSA, which an
   * MIT realm has not), and Samba's KDC serves Kerberos only for trusts of type UPLEVEL (db-glue.c: "we don't
   * support LSA_TRUST_TYPE_MIT"), so the object says UPLEVEL with a made-up domain SID; for Kerberos it is the same:
   * krbtgt/PARTNER@REALM gets AES keys from `password`, salted as MIT salts it (REALMkrbtgtPARTNER), with `kvno`.
   */
  async trustRealm(partner: string, password: string, kvno = 1): Promise<void> {
    await run(PYTHON, ["-c", TRUST_PY, this.smbConf, partner, password, String(kvno)]);
  }

  /** DC=winad,DC=test for WINAD.TEST. */
  get baseDn(): string {
    return this.realm
      .toLowerCase()
      .split(".")
      .map((p) => `DC=${p}`)
      .join(",");
  }

  /** Simple binds that reached the DC, successful or not (with `auditBinds`). */
  binds(): number {
    return this.output()
      .split("\n")
      .filter((l) => /Auth: \[LDAP,simple bind/.test(l)).length;
  }

  /** What Samba printed. */
  output(): string {
    return this.#proc?.output() ?? "";
  }

  async close(): Promise<void> {
    await this.stop();
    removeTempDir(this.dir);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * The trustedDomain object (MS-ADTS §6.1.6.7) with its trustAuthIncoming blob (MS-ADTS §6.1.6.7.9): the clear
 * password (UTF-16LE) and its version, which is the key version number of krbtgt/PARTNER@REALM.
 */
const TRUST_PY = String.raw`
import sys, samba, ldb
from samba.samdb import SamDB
from samba.auth import system_session
from samba.param import LoadParm
from samba.dcerpc import drsblobs, lsa, security
from samba.ndr import ndr_pack
smbconf, partner, password, kvno = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
lp = LoadParm(); lp.load(smbconf)
db = SamDB(url=lp.samdb_url(), session_info=system_session(), lp=lp)
now = samba.unix2nttime(samba.current_unix_time())
secret = list(password.encode("utf-16-le"))
clear = drsblobs.AuthInfoClear(); clear.size = len(secret); clear.password = secret
version = drsblobs.AuthInfoVersion(); version.version = kvno
infos = []
for kind, body in ((lsa.TRUST_AUTH_TYPE_CLEAR, clear), (lsa.TRUST_AUTH_TYPE_VERSION, version)):
    info = drsblobs.AuthenticationInformation(); info.LastUpdateTime = now; info.AuthType = kind; info.AuthInfo = body
    infos.append(info)
current = drsblobs.AuthenticationInformationArray(); current.count = len(infos); current.array = infos
blob = drsblobs.trustAuthInOutBlob(); blob.count = 1; blob.current = current
m = ldb.Message(ldb.Dn(db, "CN=%s,CN=System,%s" % (partner, db.domain_dn())))
def put(name, value):
    m[name] = ldb.MessageElement(value, ldb.FLAG_MOD_ADD, name)
put("objectClass", "trustedDomain")
put("trustPartner", partner)
put("flatName", partner.split(".")[0])
put("trustDirection", str(lsa.LSA_TRUST_DIRECTION_INBOUND))
put("trustType", str(lsa.LSA_TRUST_TYPE_UPLEVEL))
put("trustAttributes", str(lsa.LSA_TRUST_ATTRIBUTE_NON_TRANSITIVE))
put("securityIdentifier", ndr_pack(security.dom_sid("S-1-5-21-1-2-%d" % (len(partner) + 100))))
put("trustAuthIncoming", ndr_pack(blob))
put("msDS-SupportedEncryptionTypes", str(security.KERB_ENCTYPE_AES128_CTS_HMAC_SHA1_96 | security.KERB_ENCTYPE_AES256_CTS_HMAC_SHA1_96))
db.add(m)
`;
