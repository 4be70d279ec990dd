import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ForegroundProcess, freeUdpPort } from "./foregroundProcess.js";
import { waitFor } from "./nodes.js";

/**
 * Net-SNMP's snmptrapd (Debian snmptrapd) in the foreground on a loopback address, logging every notification it
 * accepts to a file as one line: `TRAP <how: TRAP2, SNMP v2c, community …> from <UDP: [source]:port->…>: <the
 * generic trap's name, e.g. Cold Start>: <varbinds, numeric>`. The file
 * keeps everything (the process output is only a tail), so a test can count notifications.
 */
export class Snmptrapd {
  readonly address: string;
  readonly #log: string;
  readonly #process: ForegroundProcess;

  private constructor(address: string, log: string, process: ForegroundProcess) {
    this.address = address;
    this.#log = log;
    this.#process = process;
  }

  /** `users`: snmptrapd.conf `createUser -e <engine ID> …` lines, for SNMPv3 notifications (RFC 3414 keys). */
  static async start(ip: string, dir: string, users: readonly string[] = []): Promise<Snmptrapd> {
    const port = await freeUdpPort(ip);
    const conf = join(dir, "snmptrapd.conf");
    const log = join(dir, "traps.log");
    writeFileSync(conf, [`[snmp] persistentDir ${dir}`, "disableAuthorization yes", ...users, ""].join("\n"));
    writeFileSync(log, "");
    const process = new ForegroundProcess("snmptrapd", [
      ...["-f", "-Lo", "-Lf", log, "-On", "-n", "-C", "-m", ""],
      ...["-F", "TRAP %P from %b: %W: %v\\n", "-c", conf, `udp:${ip}:${port}`],
    ]);
    const trapd = new Snmptrapd(`${ip}:${port}`, log, process);
    await waitFor(async () => trapd.text().includes("NET-SNMP version"), 5000, "snmptrapd to start");
    return trapd;
  }

  /** Everything logged so far. */
  text(): string {
    return readFileSync(this.#log, "utf8");
  }

  /** The notification lines whose text has every one of `parts`. */
  received(...parts: readonly string[]): string[] {
    return this.text()
      .split("\n")
      .filter((l) => l.startsWith("TRAP ") && parts.every((p) => l.includes(p)));
  }

  stop(): Promise<void> {
    return this.#process.stop();
  }
}
