import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** How much of a server's output a helper keeps for a failing test's message. */
const TAIL_CHARS = 256 * 1024;
/** SIGTERM first; a process group still there after this gets SIGKILL. */
const TERM_GRACE_MS = 5000;

/** Process groups of every foreground server still running: killed when this test process exits, whatever happens. */
const live = new Set<number>();
let exitHookInstalled = false;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Temp dirs of helpers not closed yet: removed when this test process exits. */
const dirs = new Set<string>();

function killAll(): void {
  for (const pgid of live) killGroup(pgid, "SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** A fresh temp dir (`/tmp/<prefix>XXXXXX`), removed by `removeTempDir` or, at the latest, when the process exits. */
export function tempDir(prefix: string): string {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  dirs.delete(dir);
}

/**
 * The servers run in their own process groups, so a Ctrl-C at the terminal does not reach them: on exit, and on the
 * signals that would end this process, they are killed first (then the signal is raised again, to end it as before).
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
}

/**
 * One run of a real server (kamailio, dnsmasq) or client (sipp) in the foreground: its own process group (so a
 * forking server's children go with it), stdout and stderr kept as a tail, stopped with SIGTERM and, failing that,
 * SIGKILL to the whole group. A group left behind by a test that never reached `after()` is killed when the test
 * process exits.
 */
export class ForegroundProcess {
  readonly #proc: ChildProcess;
  readonly #exited: Promise<void>;
  #output = "";

  constructor(command: string, args: readonly string[], opts: { cwd?: string } = {}) {
    installExitHook();
    // detached: a new process group with the server as its leader, so stop() reaches the children it forks.
    const proc = spawn(command, args, { cwd: opts.cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    this.#proc = proc;
    const keep = (b: Buffer) => {
      this.#output += b.toString();
      if (this.#output.length > 2 * TAIL_CHARS) this.#output = this.#output.slice(-TAIL_CHARS);
    };
    proc.stdout!.on("data", keep);
    proc.stderr!.on("data", keep);
    const pid = proc.pid;
    if (pid !== undefined) live.add(pid);
    this.#exited = new Promise<void>((resolve) => {
      proc.once("error", (err) => {
        this.#output += `\n[spawn ${command}: ${err.message}]\n`;
        resolve();
      });
      // "close": the process is gone and its output read to the end.
      proc.once("close", () => {
        if (pid !== undefined) {
          killGroup(pid, "SIGKILL"); // a child that outlived its parent
          live.delete(pid);
        }
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.#proc.pid;
  }

  /** True once the process has exited (or could not be started). */
  get exited(): boolean {
    return this.#proc.exitCode !== null || this.#proc.signalCode !== null || this.#proc.pid === undefined;
  }

  get exitCode(): number | null {
    return this.#proc.exitCode;
  }

  /** stdout and stderr as they came, the last ~256 KiB. */
  output(): string {
    return this.#output.length > TAIL_CHARS ? this.#output.slice(-TAIL_CHARS) : this.#output;
  }

  /** Resolves when the process has exited and its output is read. */
  wait(): Promise<void> {
    return this.#exited;
  }

  /** SIGTERM, then SIGKILL to the whole process group if it is not gone within a few seconds. */
  async stop(): Promise<void> {
    const pid = this.#proc.pid;
    if (pid === undefined) return this.#exited;
    if (!this.exited) this.#proc.kill("SIGTERM");
    if (!(await within(this.#exited, TERM_GRACE_MS))) killGroup(pid, "SIGKILL");
    await this.#exited;
  }
}

/**
 * A port free on `ip` for both UDP and TCP (servers such as kamailio and dnsmasq listen on both), chosen by the
 * kernel. Another process could still take it before the caller binds it; the random loopback blocks make that
 * unlikely.
 */
export async function freePort(ip: string): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const tcp = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(0, ip, () => resolve((tcp.address() as { port: number }).port));
    });
    const udpFree = await udpPortFree(ip, port);
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (udpFree) return port;
  }
  throw new Error(`no port free for both UDP and TCP on ${ip}`);
}

/** A UDP port free on `ip` (0.0.0.0 for the wildcard address), chosen by the kernel. */
export async function freeUdpPort(ip: string): Promise<number> {
  const s = createSocket("udp4");
  const port = await new Promise<number>((resolve, reject) => {
    s.once("error", reject);
    s.bind(0, ip, () => resolve(s.address().port));
  });
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function udpPortFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket("udp4");
    s.once("error", () => {
      try {
        s.close();
      } catch {
        // never bound: nothing to close
      }
      resolve(false);
    });
    s.bind(port, ip, () => s.close(() => resolve(true)));
  });
}

/** True if `p` settles within `ms`; the timer does not outlive the answer (a pending one would hold the test run). */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** True once something accepts TCP connections on ip:port. */
export function tcpAccepts(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: ip, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
