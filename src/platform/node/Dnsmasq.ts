import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Resolver } from "node:dns/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { IoError } from "../../core/errors.js";
import type { Endpoint } from "../../wire/Transport.js";
import { PlatformCode } from "./errors.js";

/** How long `startDnsmasq` waits for the first answer. */
const START_MS = 10_000;
/** dnsmasq's own output kept for an error message. */
const TAIL_CHARS = 8192;

/** A dnsmasq running in the foreground as this process's child. */
export interface RunningDnsmasq {
  /** Resolves when dnsmasq ends, by `stop` or on its own, with its exit code (null: ended by a signal). */
  readonly exited: Promise<number | null>;
  /** What dnsmasq said last (its log goes to stderr). */
  output(): string;
  /** SIGTERM, wait for the exit, remove its folder. */
  stop(): Promise<void>;
}

/**
 * Runs dnsmasq (Debian package dnsmasq-base) in the foreground with `conf`, a configuration whose listen address and
 * port are `listen`, and resolves once it answers there. Its pid file and configuration live in a temp folder; it
 * keeps the user it is started as. A dnsmasq that cannot start (not installed, port in use) is an error with its own
 * words. dnsmasq stays in this process's group: a SIGKILL of this process alone leaves it running, so stop it with
 * SIGTERM (it then stops dnsmasq) or kill the whole group. (setpriv --pdeathsig does not hold: dnsmasq changes its
 * credentials at start, which clears the parent-death signal.)
 */
export async function startDnsmasq(conf: string, listen: Endpoint): Promise<RunningDnsmasq> {
  const dir = mkdtempSync(join(tmpdir(), "ipdect-dns-"));
  const file = join(dir, "dnsmasq.conf");
  writeFileSync(file, conf);
  const args = [
    "--keep-in-foreground",
    `--conf-file=${file}`,
    `--pid-file=${join(dir, "dnsmasq.pid")}`,
    `--user=${userInfo().username}`,
    "--log-facility=-",
  ];
  const proc = spawn("dnsmasq", args, { stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  // dnsmasq logs "started" once its sockets are bound: before that, an answer may come from another server there.
  let started = false;
  const keep = (b: Buffer) => {
    tail = (tail + b.toString()).slice(-TAIL_CHARS);
    started ||= /started, version/.test(tail);
  };
  proc.stdout.on("data", keep);
  proc.stderr.on("data", keep);
  let spawnError: Error | undefined;
  const exited = new Promise<number | null>((resolve) => {
    proc.once("error", (err) => {
      spawnError = err;
      resolve(null);
    });
    proc.once("exit", (code) => resolve(code));
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
  let ended = false;
  void exited.then(() => (ended = true));
  const stop = async () => {
    if (!ended) proc.kill("SIGTERM");
    await exited;
  };
  const server = `${listen.ip}:${listen.port}`;
  const deadline = Date.now() + START_MS;
  while (!started || !(await dnsAnswers(server))) {
    if (ended || Date.now() > deadline) {
      await stop();
      const why =
        spawnError === undefined
          ? tail.trim() || "no answer"
          : `${spawnError.message} (is the Debian package dnsmasq-base installed?)`;
      throw new IoError(PlatformCode.DnsServer, `dnsmasq did not start on ${server}: ${why}`);
    }
    await sleep(25);
  }
  return { exited, output: () => tail, stop };
}

/** True once the DNS server at `ip:port` answers a query (NXDOMAIN for a name it does not have is an answer). */
export async function dnsAnswers(server: string): Promise<boolean> {
  const r = new Resolver({ timeout: 200, tries: 1 });
  r.setServers([server]);
  try {
    await r.resolve4("ready.probe.invalid");
    return true;
  } catch (err) {
    return (err as { code?: string }).code === "ENOTFOUND";
  }
}
