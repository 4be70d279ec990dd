import { spawn, type ChildProcess } from "node:child_process";
import { createConnection } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { IoError } from "../../../core/errors.js";
import { KerberosCode } from "../../../kerberos/errors.js";

/**
 * Running the MIT Kerberos programs for one device. Every run gets its own environment (KRB5_CONFIG, KRB5_KDC_PROFILE,
 * KRB5CCNAME, KRB5_KTNAME, KRB5RCACHEDIR of that device) and never this process's, so the devices of one process do
 * not see each other's realm, keys or tickets. Secrets go on stdin, never on a command line (`ps` shows those).
 */

/** A tool that hangs (a KDC that takes the packet and never answers) is killed after this. */
const RUN_TIMEOUT_MS = 15_000;
/** A server that has not opened its port after this did not start. */
const START_TIMEOUT_MS = 5_000;
/** SIGTERM first; a server still there after this gets SIGKILL. */
const STOP_GRACE_MS = 3_000;
const TAIL_CHARS = 16 * 1024;

export type MitEnv = Readonly<Record<string, string>>;

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a device's runs: PATH (with sbin, where the server programs are), the C locale, `own`. */
export function mitEnv(own: MitEnv): MitEnv {
  const path = process.env["PATH"] ?? "/usr/bin:/bin";
  return { PATH: `${path}:/usr/sbin:/sbin`, LANG: "C", LC_ALL: "C", ...own };
}

function missing(command: string, err: Error): IoError {
  return new IoError(
    KerberosCode.Tool,
    `${command} cannot run (${err.message}): install krb5-kdc, krb5-admin-server, krb5-user and krb5-kpropd`,
    { cause: err },
  );
}

/** Runs one program to its end with `input` on stdin; the answer holds its exit code and output. */
export function run(command: string, args: readonly string[], env: MitEnv, input = ""): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"], timeout: RUN_TIMEOUT_MS });
    let stdout = "";
    let stderr = "";
    proc.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    proc.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    proc.once("error", (err) => reject(missing(command, err)));
    proc.once("close", (code) => resolve({ code, stdout, stderr }));
    // A program that exits before reading its input closes the pipe: EPIPE is not our failure.
    proc.stdin.on("error", () => undefined);
    proc.stdin.end(input);
  });
}

/** Server programs still running: killed when this process exits, whatever happens. */
const live = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once("exit", () => {
    for (const p of live) p.kill("SIGKILL");
  });
}

/**
 * One long-running MIT server (krb5kdc -n, kadmind -nofork, kpropd -D) in the foreground of this process. It runs
 * under `setpriv --pdeathsig KILL` (util-linux): the kernel kills it when this process dies, so a kill -9 or a crash
 * of the node leaves no server behind on the realm's ports (the `exit` hook below does not run then).
 */
export class MitServer {
  readonly #proc: ChildProcess;
  readonly #exited: Promise<void>;
  #tail = "";

  private constructor(command: string, args: readonly string[], env: MitEnv) {
    hookExit();
    const proc = spawn("setpriv", ["--pdeathsig", "KILL", "--", command, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#proc = proc;
    const keep = (b: Buffer) => {
      this.#tail = (this.#tail + b.toString()).slice(-TAIL_CHARS);
    };
    proc.stdout!.on("data", keep);
    proc.stderr!.on("data", keep);
    live.add(proc);
    this.#exited = new Promise((resolve) => {
      proc.once("error", (err) => {
        this.#tail += `\n${missing(command, err).message}`;
        live.delete(proc);
        resolve();
      });
      proc.once("close", () => {
        live.delete(proc);
        resolve();
      });
    });
  }

  /**
   * Starts `command` and resolves once it accepts TCP connections on ip:port; throws with its output if not. A port
   * that another program holds is refused first: its answers would pass for this server's.
   */
  static async start(
    command: string,
    args: readonly string[],
    env: MitEnv,
    ip: string,
    port: number,
  ): Promise<MitServer> {
    if (await accepts(ip, port))
      throw new IoError(KerberosCode.Tool, `${command} cannot start: another program holds ${ip}:${port}`);
    const server = new MitServer(command, args, env);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!server.exited && Date.now() < deadline) {
      if (await accepts(ip, port)) return server;
      await sleep(25);
    }
    const tail = server.#tail.trim().split("\n").slice(-3).join(" / ");
    await server.stop();
    throw new IoError(KerberosCode.Tool, `${command} did not start on ${ip}:${port}: ${tail || "no output"}`);
  }

  get exited(): boolean {
    const p = this.#proc;
    return p.exitCode !== null || p.signalCode !== null || p.pid === undefined;
  }

  async stop(): Promise<void> {
    if (!this.exited) this.#proc.kill("SIGTERM");
    const gone = await Promise.race([this.#exited.then(() => true), sleep(STOP_GRACE_MS, false, { ref: false })]);
    if (!gone) this.#proc.kill("SIGKILL");
    await this.#exited;
  }
}

function accepts(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: ip, port });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
