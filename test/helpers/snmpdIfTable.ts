import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { ForegroundProcess, removeTempDir, tempDir } from "./foregroundProcess.js";

const run = promisify(execFile);

/** snmpd's UDP port inside its own namespace: that loopback belongs to nobody else, so any port is free. */
const PORT = 16161;
const COMMUNITY = "public";
const READY_MS = 20_000;

/**
 * Net-SNMP's snmpd (Debian `snmpd`) serving IF-MIB::ifTable with `rows` rows, the reference of bench/snmpWalk.ts: a
 * network namespace of its own (`ip netns add`) holding `lo` and rows − 1 `ifb` devices, and snmpd in the foreground
 * inside it on that namespace's 127.0.0.1. `ifb` (Intermediate Functional Block) is, like `dummy`, a stand-alone
 * virtual device without a peer; the kernel of the benchmark VM has no `dummy` type. Needs root, and `close()`
 * deletes the namespace with its devices.
 */
export class SnmpdIfTable {
  readonly namespace: string;
  readonly agent = `127.0.0.1:${PORT}`;
  readonly community = COMMUNITY;
  readonly #dir: string;
  #snmpd: ForegroundProcess | undefined;

  private constructor(namespace: string, dir: string) {
    this.namespace = namespace;
    this.#dir = dir;
  }

  /** The namespace for `nsenter --net=` (a walk of ours gets the same wrapper, into its own namespace: fair). */
  get netns(): string {
    return `/var/run/netns/${this.namespace}`;
  }

  get pid(): number {
    return this.#snmpd!.pid!;
  }

  static async start(rows: number): Promise<SnmpdIfTable> {
    const s = new SnmpdIfTable(`ipdect-snmpbench-${process.pid}`, tempDir("ipdect-snmpd-"));
    try {
      await run("ip", ["netns", "add", s.namespace]);
      const batch = join(s.#dir, "links.batch");
      const links = Array.from({ length: rows - 1 }, (_, i) => `link add if${i + 1} type ifb`);
      writeFileSync(batch, [...links, "link set lo up", ""].join("\n"));
      await run("ip", ["-netns", s.namespace, "-batch", batch]);
      const conf = join(s.#dir, "snmpd.conf");
      // No log line per request ("Connection from UDP: …"): snmpd at its fastest, as our agent logs none.
      writeFileSync(conf, `rocommunity ${COMMUNITY} 127.0.0.1\ndontLogTCPWrappersConnects yes\n`);
      // -C: only this file; -Lo: log to stdout; MIBS empty: snmpd needs no MIB text to serve (and Debian ships few).
      s.#snmpd = new ForegroundProcess("ip", [
        ...["netns", "exec", s.namespace, "env", "MIBS="],
        ...["snmpd", "-f", "-Lo", "-C", "-c", conf, `udp:${s.agent}`],
      ]);
      await s.#ready();
      return s;
    } catch (err) {
      await s.close();
      throw err;
    }
  }

  async #ready(): Promise<void> {
    const t0 = performance.now();
    for (;;) {
      const ok = await run("nsenter", [
        `--net=${this.netns}`,
        ...["snmpget", "-m", "", "-v2c", "-c", COMMUNITY, "-t", "0.3", "-r", "0", this.agent, "1.3.6.1.2.1.1.3.0"],
      ]).then(
        () => true,
        () => false,
      );
      if (ok) return;
      if (this.#snmpd!.exited || performance.now() - t0 > READY_MS)
        throw new Error(`snmpd did not answer: ${this.#snmpd!.output().slice(-2000)}`);
      await sleep(200);
    }
  }

  async close(): Promise<void> {
    await this.#snmpd?.stop();
    await run("ip", ["netns", "del", this.namespace]).catch(() => undefined);
    removeTempDir(this.#dir);
  }
}

/** Why the reference cannot run here, or undefined when it can (root, snmpd, network namespaces, the ifb type). */
export async function snmpdIfTableUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "network namespaces need root";
  const missing = await run("sh", ["-c", "command -v snmpd && command -v nsenter && command -v ip"]).then(
    () => undefined,
    () => "snmpd (Debian package snmpd), nsenter or ip is missing",
  );
  if (missing !== undefined) return missing;
  const probe = `ipdect-snmpprobe-${process.pid}`;
  try {
    await run("ip", ["netns", "add", probe]);
    await run("ip", ["-netns", probe, "link", "add", "probe0", "type", "ifb"]);
    return undefined;
  } catch (err) {
    return `no network namespace with ifb devices here: ${String(err).split("\n")[0]}`;
  } finally {
    await run("ip", ["netns", "del", probe]).catch(() => undefined);
  }
}
