import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { dnsAnswers } from "../../src/platform/node/Dnsmasq.js";
import { ForegroundProcess, freePort, removeTempDir, tempDir } from "./foregroundProcess.js";

/** An SRV record (RFC 2782), e.g. `{ name: "_sip._udp.ipdect.test", target: "pbx1.ipdect.test", port: 5060, … }`. */
export interface SrvRecord {
  readonly name: string;
  readonly target: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

export interface DnsmasqOptions {
  readonly srv?: readonly SrvRecord[];
  /** A records: name → IPv4 address. */
  readonly hosts?: Readonly<Record<string, string>>;
  /** Default: a port free on `ip` for UDP and TCP. */
  readonly port?: number;
  /** Default 127.0.0.1; any 127.x address works. */
  readonly ip?: string;
}

export interface Dnsmasq extends AsyncDisposable {
  readonly ip: string;
  readonly port: number;
  /** "ip:port", for `Resolver.setServers([server])`. */
  readonly server: string;
  /** dnsmasq's log (one line per query and answer), the last ~256 KiB. */
  logs(): string;
  /** SIGTERM, wait for the exit, remove the temp dir. */
  stop(): Promise<void>;
}

const START_MS = 10_000;

/**
 * A real dnsmasq as the authoritative-only DNS server of a test: loopback only, in the foreground, no upstream servers,
 * no /etc/hosts, no DHCP. It answers only from `srv` and `hosts`; any other name gets NXDOMAIN (`--local=/#/`), as a
 * real zone would, not REFUSED.
 */
export async function startDnsmasq(opts: DnsmasqOptions): Promise<Dnsmasq> {
  const ip = opts.ip ?? "127.0.0.1";
  const port = opts.port ?? (await freePort(ip));
  const dir = tempDir("ipdect-dnsmasq-");
  const check = (what: string, s: string) => {
    if (!/^[A-Za-z0-9._-]+$/.test(s)) throw new Error(`dnsmasq: bad ${what} ${JSON.stringify(s)}`);
  };
  const records: string[] = [];
  for (const r of opts.srv ?? []) {
    check("SRV name", r.name);
    check("SRV target", r.target);
    records.push(`--srv-host=${r.name},${r.target},${r.port},${r.priority},${r.weight}`);
  }
  for (const [name, addr] of Object.entries(opts.hosts ?? {})) {
    check("host name", name);
    check("address", addr);
    records.push(`--host-record=${name},${addr}`);
  }
  const args = [
    "--keep-in-foreground",
    "--conf-file=/dev/null",
    `--listen-address=${ip}`,
    "--bind-interfaces",
    `--port=${port}`,
    "--no-resolv",
    "--no-hosts",
    "--no-poll",
    "--local=/#/",
    "--user=root",
    `--pid-file=${join(dir, "dnsmasq.pid")}`,
    "--log-facility=-",
    "--log-queries",
    ...records,
  ];
  const proc = new ForegroundProcess("dnsmasq", args, { cwd: dir });
  const server = `${ip}:${port}`;
  const stop = async () => {
    await proc.stop();
    removeTempDir(dir);
  };
  const deadline = Date.now() + START_MS;
  for (;;) {
    if (await dnsAnswers(server)) break;
    if (proc.exited || Date.now() > deadline) {
      await stop();
      throw new Error(`dnsmasq did not answer on ${server} (exit code ${proc.exitCode}):\n${proc.output()}`);
    }
    await sleep(25);
  }
  return { ip, port, server, logs: () => proc.output(), stop, [Symbol.asyncDispose]: stop };
}
