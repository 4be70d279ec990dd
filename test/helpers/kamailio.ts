import { createSocket } from "node:dgram";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { PbxConfig } from "../../sim/pbxSection.js";
import { binrpcCall, BinrpcStruct, type BinrpcValue } from "./binrpc.js";
import { ForegroundProcess, freePort, removeTempDir, tcpAccepts, tempDir } from "./foregroundProcess.js";
import { tlsCoreLines, tlsModuleLines, writeTlsConfig, type KamailioTls } from "./kamailioTls.js";

export interface KamailioOptions {
  /** UDP and TCP on `ip:port`; default: a port free on `ip` for both. */
  readonly port?: number;
  /** Default 127.0.0.1; any 127.x address works (a test's own loopback block). */
  readonly ip?: string;
  /** Digest realm, also the only SIP domain accepted in To of a REGISTER; default "ipdect.test". */
  readonly realm?: string;
  /** Every user's password is `${passwordPrefix}${authUser}` (no database); default "pw-". */
  readonly passwordPrefix?: string;
  /** One password for every user instead (a PBX's "Registration with system password"); excludes passwordPrefix. */
  readonly password?: string;
  /** registrar min_expires; default 10. */
  readonly minExpires?: number;
  /** registrar max_expires; default 3600. */
  readonly maxExpires?: number;
  /** UDP receiver and TCP worker processes (each); default 4. */
  readonly children?: number;
  /** Challenge with qop="auth" (default true); false: a challenge without qop (RFC 2069 style digest). */
  readonly qop?: boolean;
  /**
   * A REGISTER asking for less than minExpires gets `423 Interval Too Brief` with Min-Expires (RFC 3261 §10.3 step 7)
   * when true; default false: kamailio raises it to minExpires (registrar min_expires_mode 0).
   */
  readonly rejectBriefExpires?: boolean;
  /**
   * Keep the REGISTER's source (transport, ip, port) as the binding's `received` (nathelper fix_nated_register, as a
   * registrar in front of NATed phones does); the 200 OK's Contact then carries a `received` parameter. Default false.
   */
  readonly received?: boolean;
  /** Also listen for SIP over TLS (RFC 3261 §26.2, kamailio's tls module) with this certificate; see kamailioTls.ts. */
  readonly tls?: KamailioTls;
}

export interface KamailioContact {
  /** The AOR as usrloc keeps it: the user part only (usrloc use_domain 0; the domain is always `realm`). */
  readonly aor: string;
  /** The Contact URI as registered. */
  readonly contact: string;
  /** Seconds left; Infinity for a permanent one (never made by REGISTER). */
  readonly expires: number;
  readonly callId: string;
  readonly cseq: number;
  /** The +sip.instance value without quotes, e.g. `<urn:uuid:…>`. */
  readonly instance?: string;
  /** Source of the REGISTER as a SIP URI (`sip:ip:port;transport=tcp`), only with `received: true`. */
  readonly received?: string;
  /** The transport the REGISTER came over ("udp", "tcp"): from kamailio's receiving socket. */
  readonly transport?: string;
  /** reg-id (RFC 5626); 0 unless the REGISTER said `Supported: outbound`. */
  readonly regId?: number;
  readonly userAgent?: string;
}

export interface Kamailio extends AsyncDisposable {
  readonly ip: string;
  readonly port: number;
  /** The TLS port when started with `tls`. */
  readonly tlsPort: number | undefined;
  readonly realm: string;
  /** The unix socket of the ctl module (binrpc; `kamcmd -s unix:<path>` works too, for small replies). */
  readonly ctlSocket: string;
  /** Every unexpired binding in usrloc now (binrpc `ul.dump` over the ctl socket). */
  contacts(): Promise<KamailioContact[]>;
  /** The AOR user parts (e.g. "1001") with at least one unexpired binding. */
  registeredAors(): Promise<Set<string>>;
  /** Any kamailio RPC over the ctl socket, e.g. `rpc("ul.rm", "location", "1001")`; a fault rejects. */
  rpc(method: string, ...params: (string | number)[]): Promise<BinrpcValue[]>;
  /** SIGTERM, wait until every kamailio process has exited (a proxy failure; TCP peers see their connection close). */
  stop(): Promise<void>;
  /** Starts again on the same ip/port with an empty usrloc (and a new nonce secret); resolves once it answers. */
  start(): Promise<void>;
  /** True while kamailio runs. */
  readonly running: boolean;
  /** stderr (kamailio's log, one line per REGISTER outcome) of the current or last run, the last ~256 KiB. */
  readonly logs: () => string;
  /** stop() and remove the temp dir. */
  close(): Promise<void>;
}

/** Shared memory for usrloc, transactions and TCP buffers: 4000 bindings take a few MiB, 256 leaves ample room. */
const SHM_MB = 256;
const PKG_MB = 16;
/** ul.dump spacing and stall limit: see Kamailio.contacts. */
const DUMP_GAP_MS = 250;
const DUMP_STALL_MS = 15_000;

/** How long start() waits for an OPTIONS 200 and the ctl socket. */
const START_MS = 10_000;

/** Starts kamailio 5.6 as a registrar with digest auth in the foreground (see `KamailioOptions`). */
export async function startKamailio(opts: KamailioOptions = {}): Promise<Kamailio> {
  const ip = opts.ip ?? "127.0.0.1";
  const port = opts.port ?? (await freePort(ip));
  const tlsPort = opts.tls === undefined ? undefined : (opts.tls.port ?? (await freePort(ip)));
  const k = new KamailioServer(ip, port, tlsPort, opts);
  try {
    await k.start();
  } catch (err) {
    await k.close();
    throw err;
  }
  return k;
}

/** The registrar's kamailio.cfg. */
export function kamailioCfg(o: {
  ip: string;
  port: number;
  realm: string;
  /** The digest password of user `$au`: the prefix followed by it, or one password for all. */
  password: { readonly prefix: string } | { readonly all: string };
  minExpires: number;
  maxExpires: number;
  children: number;
  qop: boolean;
  rejectBriefExpires: boolean;
  received: boolean;
  ctlSocket: string;
  /** The TLS listener and the tls module's config file (kamailioTls.ts), when TLS is on. */
  tls?: { port: number; configFile: string };
}): string {
  const q = (s: string) => JSON.stringify(s); // the cfg's double-quoted strings take the same escapes
  // Outcome lines for logs(): method, AOR, source and what happened.
  const log = (what: string) => `xlog("L_INFO", "REGISTER $tu from $proto:$si:$sp (auth user '$au'): ${what}\\n");`;
  return `#!KAMAILIO
# Written by ipdect's test/helpers/kamailio.ts: a registrar only (no proxying), digest auth without a database.
debug=2
log_stderror=yes
memdbg=5
memlog=5
children=${o.children}
# With TLS, one TCP worker: kamailio 5.6.3 with OpenSSL 3 crashed a TLS worker (SIGSEGV) now and then when 200
# users each opened their own TLS connection at once (kamailio issue #3259); one worker never did in 8 runs.
tcp_children=${o.tls === undefined ? o.children : 1}
tcp_max_connections=8192
# a TCP connection lives as long as a binding may (the default 120 s would drop an idle registered handset's link)
tcp_connection_lifetime=${o.maxExpires + 60}
auto_aliases=no
dns=no
rev_dns=no
listen=udp:${o.ip}:${o.port}
listen=tcp:${o.ip}:${o.port}
${o.tls === undefined ? "" : tlsCoreLines(o.ip, o.tls.port)}

${o.tls === undefined ? "" : tlsModuleLines(o.tls.configFile)}
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
loadmodule "ctl.so"
${o.received ? 'loadmodule "nathelper.so"\n' : ""}
modparam("ctl", "binrpc", ${q(`unix:${o.ctlSocket}`)})
# ul.dump's AoRs struct holds ~7 bytes per AOR itself (the default 8 KiB fails at ~1200 AORs: "Internal error
# creating aor struct"); 256 KiB: ~37000 AORs. Every struct of a reply gets a buffer this size (malloc, untouched).
modparam("ctl", "binrpc_struct_max_body_size", 256)
modparam("usrloc", "db_mode", 0)
modparam("usrloc", "hash_size", 12)
modparam("registrar", "min_expires", ${o.minExpires})
modparam("registrar", "max_expires", ${o.maxExpires})
modparam("registrar", "default_expires", ${Math.min(3600, o.maxExpires)})
modparam("registrar", "min_expires_mode", ${o.rejectBriefExpires ? 1 : 0})
${
  o.received
    ? `modparam("nathelper", "received_avp", "$avp(RECEIVED)")
modparam("registrar", "received_avp", "$avp(RECEIVED)")
`
    : ""
}
request_route {
  if (!mf_process_maxfwd_header("10")) {
    sl_send_reply("483", "Too Many Hops");
    exit;
  }
  if (!sanity_check()) {
    xlog("L_INFO", "$rm from $proto:$si:$sp failed the sanity check\\n");
    exit;
  }
  if (is_method("OPTIONS")) {
    sl_send_reply("200", "OK");
    exit;
  }
  if (is_method("ACK")) {
    exit;
  }
  if (!is_method("REGISTER")) {
    sl_send_reply("404", "Not Found (a registrar only)");
    exit;
  }
  if ($td != ${q(o.realm)}) {
    ${log("403 unknown domain")}
    sl_send_reply("403", "Unknown domain");
    exit;
  }
  if (!pv_www_authenticate("$td", ${q("prefix" in o.password ? `${o.password.prefix}$au` : o.password.all)}, "0")) {
    # $rc: -2 wrong password, -4 nonce expired (challenge again with stale=true), -5 no credentials
    $var(rc) = $rc;
    ${log("401 (auth result $var(rc))")}
    if ($var(rc) == -4) {
      www_challenge("$td", "${o.qop ? 1 + 16 : 16}");
    } else {
      www_challenge("$td", "${o.qop ? 1 : 0}");
    }
    exit;
  }
${o.received ? "  fix_nated_register();\n" : ""}  if (!save("location")) {
    ${log("save failed")}
    sl_reply_error();
    exit;
  }
  ${log("saved")}
  exit;
}
`;
}

/**
 * The password rule of `opts` for kamailio.cfg, whose password argument is a format string: `$` would start a
 * pseudo-variable there, so a password or prefix with one is refused (q() escapes the rest).
 */
function passwordRule(opts: KamailioOptions): { prefix: string } | { all: string } {
  if (opts.password !== undefined && opts.passwordPrefix !== undefined)
    throw new Error("kamailio: give password or passwordPrefix, not both");
  const text = opts.password ?? opts.passwordPrefix ?? "pw-";
  if (text.includes("$")) throw new Error("kamailio: a password or prefix with $ is not supported");
  return opts.password === undefined ? { prefix: text } : { all: text };
}

/**
 * kamailio in place of a fleet file's PBX (sim/pbxSection.ts): its address, port, realm, minExpires and password
 * rule, for any number of users (no user database: the rule gives every Auth Name its password). A live lab whose
 * file lists the PBX's ip under `external:` runs this instead of `ipdect pbx` (docs/user-guide.md "PBXs and DNS in a
 * live lab"); `opts` adds kamailio's own options (children, qop, …).
 */
export function startKamailioForPbx(
  pbx: Pick<PbxConfig, "ip" | "port" | "realm" | "password" | "passwordPrefix" | "minExpires">,
  opts: Omit<KamailioOptions, "ip" | "port" | "realm" | "password" | "passwordPrefix" | "minExpires"> = {},
): Promise<Kamailio> {
  return startKamailio({
    ...opts,
    ip: pbx.ip,
    port: pbx.port,
    realm: pbx.realm,
    minExpires: pbx.minExpires,
    ...(pbx.password === undefined ? { passwordPrefix: pbx.passwordPrefix ?? "" } : { password: pbx.password }),
  });
}

class KamailioServer implements Kamailio {
  readonly realm: string;
  readonly dir = tempDir("ipdect-kamailio-");
  readonly ctlSocket: string;
  readonly #cfg: string;
  #proc: ForegroundProcess | undefined;
  #lastLogs = "";
  #lastDump = 0;

  constructor(
    readonly ip: string,
    readonly port: number,
    readonly tlsPort: number | undefined,
    opts: KamailioOptions,
  ) {
    this.realm = opts.realm ?? "ipdect.test";
    this.ctlSocket = join(this.dir, "ctl.sock");
    this.#cfg = join(this.dir, "kamailio.cfg");
    mkdirSync(join(this.dir, "run"));
    const tls =
      opts.tls === undefined || tlsPort === undefined
        ? undefined
        : { port: tlsPort, configFile: writeTlsConfig(this.dir, opts.tls) };
    writeFileSync(
      this.#cfg,
      kamailioCfg({
        ip,
        port,
        realm: this.realm,
        password: passwordRule(opts),
        minExpires: opts.minExpires ?? 10,
        maxExpires: opts.maxExpires ?? 3600,
        children: opts.children ?? 4,
        qop: opts.qop ?? true,
        rejectBriefExpires: opts.rejectBriefExpires ?? false,
        received: opts.received ?? false,
        ctlSocket: this.ctlSocket,
        ...(tls === undefined ? {} : { tls }),
      }),
    );
  }

  get running(): boolean {
    return this.#proc !== undefined && !this.#proc.exited;
  }

  readonly logs = (): string => this.#proc?.output() ?? this.#lastLogs;

  async start(): Promise<void> {
    if (this.running) throw new Error(`kamailio on ${this.ip}:${this.port} is running already`);
    rmSync(this.ctlSocket, { force: true });
    // -DD: no daemon, the main process stays in the foreground; -E: log to stderr; -Y: runtime dir (pid files, fifos).
    const args = ["-f", this.#cfg, "-DD", "-E", "-Y", join(this.dir, "run"), "-w", this.dir];
    const proc = new ForegroundProcess("kamailio", [...args, "-m", String(SHM_MB), "-M", String(PKG_MB)], {
      cwd: this.dir,
    });
    this.#proc = proc;
    const deadline = Date.now() + START_MS;
    while (Date.now() < deadline) {
      if (proc.exited) break;
      if ((await optionsAnswered(this.ip, this.port)) && (await tcpAccepts(this.ip, this.port))) {
        try {
          await binrpcCall(this.ctlSocket, "core.version", [], 1000);
          return;
        } catch {
          // the ctl process is not up yet
        }
      }
      await sleep(50);
    }
    await proc.stop();
    throw new Error(
      `kamailio did not come up on ${this.ip}:${this.port} (exit code ${proc.exitCode}):\n${proc.output().slice(-4000)}`,
    );
  }

  async stop(): Promise<void> {
    const p = this.#proc;
    if (p === undefined) return;
    await p.stop();
    this.#lastLogs = p.output();
    this.#proc = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    removeTempDir(this.dir);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  rpc(method: string, ...params: (string | number)[]): Promise<BinrpcValue[]> {
    return binrpcCall(this.ctlSocket, method, params);
  }

  /**
   * ul.dump of 4000 AoRs is heavy for kamailio (every struct of the reply gets its own buffer) and a test's waitFor
   * would ask every 50 ms while 4000 REGISTERs stream in. Twice in full-suite runs on this 2-core machine one dump
   * got no reply at all (30 s) while the same file alone passed: dumps are spaced at least DUMP_GAP_MS apart, and a
   * dump that stalls is asked for once more on a new connection (it reads and changes nothing).
   */
  async contacts(): Promise<KamailioContact[]> {
    const wait = this.#lastDump + DUMP_GAP_MS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.#lastDump = Date.now();
    const dump = async () => (await binrpcCall(this.ctlSocket, "ul.dump", [], DUMP_STALL_MS))[0];
    return parseUlDump(
      await dump().catch((err: Error) => (/no reply within/.test(err.message) ? dump() : Promise.reject(err))),
    );
  }

  async registeredAors(): Promise<Set<string>> {
    return new Set((await this.contacts()).map((c) => c.aor.replace(/@.*/, "")));
  }
}

/** Bindings in the reply of `ul.dump` (usrloc's ul_rpc.c): Domains → Domain → AoRs → Info → Contacts → Contact. */
export function parseUlDump(dump: BinrpcValue | undefined): KamailioContact[] {
  const out: KamailioContact[] = [];
  const structs = (v: BinrpcValue | undefined): BinrpcStruct[] => (v instanceof BinrpcStruct ? [v] : []);
  if (!(dump instanceof BinrpcStruct)) throw new Error("ul.dump: the reply is not a struct");
  for (const domains of structs(dump.get("Domains")))
    for (const domain of domains.all("Domain").flatMap(structs))
      for (const aors of structs(domain.get("AoRs")))
        for (const info of aors.all("Info").flatMap(structs)) {
          const aor = String(info.get("AoR"));
          for (const list of structs(info.get("Contacts")))
            for (const c of list.all("Contact").flatMap(structs)) {
              const contact = toContact(aor, c);
              if (contact !== undefined) out.push(contact);
            }
        }
  return out;
}

function toContact(aor: string, c: BinrpcStruct): KamailioContact | undefined {
  const exp = c.get("Expires");
  // "deleted" and "expired" bindings wait for usrloc's timer; they are not registrations any more.
  if (exp === "deleted" || exp === "expired") return undefined;
  const text = (name: string): string | undefined => {
    const v = c.get(name);
    return typeof v === "string" && v !== "[not set]" && v !== "<null string>" && v !== "" ? v : undefined;
  };
  const num = (name: string): number => {
    const v = c.get(name);
    return typeof v === "number" ? v : Number(v);
  };
  // Socket: "udp:127.0.0.1:5060"
  const transport = text("Socket")?.split(":")[0]?.toLowerCase();
  const regId = num("Reg-Id");
  const ua = text("User-Agent");
  return {
    aor,
    contact: text("Address") ?? "",
    expires: exp === "permanent" ? Infinity : num("Expires"),
    callId: text("Call-ID") ?? "",
    cseq: num("CSeq"),
    ...(text("Instance") === undefined ? {} : { instance: text("Instance") }),
    ...(text("Received") === undefined ? {} : { received: text("Received") }),
    ...(transport === undefined ? {} : { transport }),
    ...(Number.isFinite(regId) ? { regId } : {}),
    ...(ua === undefined || ua === "n/a" ? {} : { userAgent: ua }),
  };
}

/** True if an OPTIONS over UDP to ip:port gets a 200 within 300 ms. */
function optionsAnswered(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket("udp4");
    const done = (ok: boolean) => {
      clearTimeout(timer);
      s.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 300);
    s.once("error", () => done(false));
    s.on("message", (m) => {
      if (m.toString().startsWith("SIP/2.0 200 ")) done(true);
    });
    s.bind(0, ip, () => {
      const local = s.address();
      const branch = `z9hG4bK-probe-${Math.random().toString(36).slice(2)}`;
      const msg = [
        `OPTIONS sip:${ip}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP ${local.address}:${local.port};branch=${branch};rport`,
        "Max-Forwards: 70",
        `From: <sip:probe@${local.address}>;tag=probe`,
        `To: <sip:${ip}:${port}>`,
        `Call-ID: ${branch}@${local.address}`,
        "CSeq: 1 OPTIONS",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n");
      s.send(msg, port, ip);
    });
  });
}
