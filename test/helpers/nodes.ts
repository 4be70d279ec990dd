import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { PariOverview } from "../../src/pari/overview.js";

const BIN = fileURLToPath(new URL("../../../bin/ipdect.js", import.meta.url));
export const HTTP_PORT = 8080;
const AUTH = `Basic ${Buffer.from("admin:changeme").toString("base64")}`;

/**
 * `ipdect node` processes started by a test, each from its own YAML file, and `ipdect air` services; all are killed
 * by `close()`.
 */
export class NodeProcesses {
  readonly dir = mkdtempSync(join(tmpdir(), "ipdect-nodes-"));
  readonly #procs = new Map<string, ChildProcess>();
  /** Extra `ipdect node` options per process, kept for a restart. */
  readonly #extra = new Map<string, readonly string[]>();
  readonly output = new Map<string, string>();

  /** `nodeFlags`: options for Node itself, before the script (e.g. `--openssl-legacy-provider`). */
  constructor(readonly nodeFlags: readonly string[] = []) {}

  /**
   * Starts `ipdect node --config <name>.yaml` (the YAML written now) as its own OS process, with `extra` options
   * (e.g. `--air`); a restart without them reuses the last ones.
   */
  async start(name: string, yaml?: string, extra?: readonly string[]): Promise<ChildProcess> {
    const file = join(this.dir, `${name}.yaml`);
    if (yaml !== undefined) writeFileSync(file, yaml);
    if (extra !== undefined) this.#extra.set(name, extra);
    const args = ["--config", file, "--data-dir", join(this.dir, "data"), "--http-port", String(HTTP_PORT)];
    return this.#spawn(name, ["node", ...args, "--log-level", "warn", ...(this.#extra.get(name) ?? [])], " running\n");
  }

  /** Starts `ipdect air --fleet <name>.yaml --listen <listen>` (the fleet YAML written now). */
  async startAir(name: string, fleetYaml: string, listen: string): Promise<ChildProcess> {
    const file = join(this.dir, `${name}.yaml`);
    writeFileSync(file, fleetYaml);
    return this.#spawn(name, ["air", "--fleet", file, "--listen", listen], "listening on");
  }

  /**
   * Starts `ipdect <command> --fleet <fleet> <args>`, a fleet file's server for a live lab (`pbx --name <pbx>`,
   * `dns --listen ip:port`), until it says it listens.
   */
  async startFleetServer(name: string, command: "pbx" | "dns", fleet: string, args: readonly string[]) {
    return this.#spawn(name, [command, "--fleet", fleet, ...args], "listening on");
  }

  /** SIGTERM, and the process's whole output once it has exited (what it prints when it stops). */
  async terminate(name: string): Promise<string> {
    const p = this.#procs.get(name);
    if (p !== undefined && p.exitCode === null && p.signalCode === null) {
      const gone = new Promise<void>((r) => p.once("exit", () => r()));
      p.kill("SIGTERM");
      await gone;
    }
    return this.output.get(name) ?? "";
  }

  /** Runs `ipdect <args>`, keeping its output, until it prints `ready` on stderr. */
  async #spawn(name: string, args: readonly string[], ready: string): Promise<ChildProcess> {
    const proc = spawn(process.execPath, [...this.nodeFlags, BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    this.output.set(name, "");
    const keep = (b: Buffer) => this.output.set(name, (this.output.get(name) ?? "") + b.toString());
    proc.stdout!.on("data", keep);
    proc.stderr!.on("data", keep);
    this.#procs.set(name, proc);
    await new Promise<void>((resolve, reject) => {
      // The ready line is the command's own, on stderr: an event on stdout may hold the same word (a Kerberos
      // server's state "running") before the process listens.
      let stderr = "";
      const check = (b: Buffer) => ((stderr += b.toString()).includes(ready) ? resolve() : undefined);
      proc.stderr!.on("data", check);
      proc.once("exit", (code) => reject(new Error(`${name} exited with ${code}: ${this.output.get(name)}`)));
    });
    return proc;
  }

  /** SIGKILL: the process gets no chance to say goodbye (a power cut). */
  async kill(name: string): Promise<void> {
    const p = this.#procs.get(name);
    // A process killed by a signal keeps exitCode null: without signalCode, a second kill would wait forever.
    if (p === undefined || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise<void>((r) => p.once("exit", () => r()));
    p.kill("SIGKILL");
    await gone;
  }

  async close(): Promise<void> {
    for (const name of this.#procs.keys()) await this.kill(name);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Calls a device's management API as the default System Administrator. */
export async function api(
  ip: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`http://${ip}:${HTTP_PORT}${path}`, {
    method,
    headers: { authorization: AUTH },
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, json: await res.json() };
}

export interface StatusView {
  master?: { state: string; serving: boolean; radios: { name: string; standing: string }[] };
  radio?: { state: string; master: string };
  alarms: { code: string }[];
  data?: { items: Record<string, string> };
}

export async function status(ip: string): Promise<StatusView | undefined> {
  try {
    const r = await api(ip, "GET", "/api/status");
    return r.status === 200 ? (r.json as StatusView) : undefined;
  } catch {
    return undefined;
  }
}

/** A PARI Master's device overview (GET /api/radios), or undefined while it does not answer. */
export async function pariOverview(ip: string): Promise<PariOverview | undefined> {
  try {
    const r = await api(ip, "GET", "/api/radios");
    return r.status === 200 ? (r.json as PariOverview) : undefined;
  } catch {
    return undefined;
  }
}

export const registered = (s: StatusView | undefined): number =>
  s?.master?.radios.filter((r) => r.standing === "registered").length ?? 0;

/** Polls until `pred` holds; returns the elapsed wall ms. */
export async function waitFor(pred: () => Promise<boolean>, limitMs: number, what: string): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await pred()) return Date.now() - start;
    if (Date.now() - start > limitMs) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** YAML of `n` radio devices for one `ipdect node` process. */
export function radiosYaml(n: number, ipOf: (i: number) => string, master: string, alternate: string): string {
  const lines = ["devices:"];
  for (let i = 1; i <= n; i++)
    lines.push(
      `  - { name: radio-${i}, kind: IPBS, mac: "00:90:33:05:00:${i.toString(16).padStart(2, "0")}", ip: ${ipOf(i)}, radio: { master: ${master}, alternateMaster: ${alternate} } }`,
    );
  return lines.join("\n") + "\n";
}

/** The real curl (5 s at most, silent but for errors); `code` is its exit status (60: the peer's certificate refused). */
export async function curl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await promisify(execFile)("curl", ["-sS", "--max-time", "5", ...args])) };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
