import { execFile, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { ROOT } from "./cli.js";
import { ForegroundProcess, removeTempDir, tempDir } from "./foregroundProcess.js";

const run = promisify(execFile);

/** The server's side of the veth pair and its address; the client's side gets its lease from the range. */
export const SERVER_IP = "10.213.0.1";
const RANGE = "10.213.0.50,10.213.0.99,255.255.255.0,1h";
const SERVER_IF = "dhcps0";
export const CLIENT_IF = "dhcpc0";
const READY_MS = 10_000;
/** A node's first start makes its keys and certificate: slower than dnsmasq on a loaded machine. */
const NODE_READY_MS = 30_000;

/**
 * Two network namespaces joined by a veth pair, no wire to anything else: dnsmasq (Debian dnsmasq-base) serves DHCP
 * on one side, `ipdect dhcp-probe` asks from the other. The client's side has no address, only the route that sends
 * the limited broadcast out of its veth (what dhcpClient.ts needs, docs/design.md "DHCP (App. I)"). Needs root;
 * `close()` stops dnsmasq and deletes both namespaces with their devices, also after a failed start.
 */
export class DhcpNamespaces {
  readonly server = `ipdect-dhcps-${process.pid}`;
  readonly client = `ipdect-dhcpc-${process.pid}`;
  readonly #dir = tempDir("ipdect-dhcp-");
  #dnsmasq: ForegroundProcess | undefined;
  #node: ForegroundProcess | undefined;

  static async create(): Promise<DhcpNamespaces> {
    const n = new DhcpNamespaces();
    try {
      await run("ip", ["netns", "add", n.server]);
      await run("ip", ["netns", "add", n.client]);
      await run("ip", [
        "link",
        "add",
        SERVER_IF,
        "netns",
        n.server,
        "type",
        "veth",
        "peer",
        CLIENT_IF,
        "netns",
        n.client,
      ]);
      await run("ip", ["-n", n.server, "addr", "add", `${SERVER_IP}/24`, "dev", SERVER_IF]);
      await run("ip", ["-n", n.server, "link", "set", SERVER_IF, "up"]);
      await run("ip", ["-n", n.client, "link", "set", CLIENT_IF, "up"]);
      await run("ip", ["-n", n.client, "route", "add", "255.255.255.255/32", "dev", CLIENT_IF]);
      // The loopback addresses of an `ipdect node` in the client's namespace, and of a server beside it.
      await run("ip", ["-n", n.client, "link", "set", "lo", "up"]);
      return n;
    } catch (err) {
      await n.close();
      throw err;
    }
  }

  /** dnsmasq as the DHCP server only (`--port=0`: no DNS), with `options` (`--dhcp-option=…`) added. */
  async serve(options: readonly string[]): Promise<void> {
    await this.stopServer();
    const dnsmasq = new ForegroundProcess("ip", [
      ...["netns", "exec", this.server, "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0"],
      ...[`--interface=${SERVER_IF}`, "--bind-interfaces", `--dhcp-range=${RANGE}`, "--user=root"],
      ...[`--dhcp-leasefile=${join(this.#dir, "leases")}`, `--pid-file=${join(this.#dir, "dnsmasq.pid")}`],
      ...["--log-facility=-", "--log-dhcp", ...options],
    ]);
    this.#dnsmasq = dnsmasq;
    const deadline = Date.now() + READY_MS;
    while (!/DHCP, sockets bound exclusively/.test(dnsmasq.output())) {
      if (dnsmasq.exited || Date.now() > deadline) throw new Error(`dnsmasq did not start:\n${dnsmasq.output()}`);
      await sleep(25);
    }
  }

  /** A veth pair of two more interfaces in the client's namespace, up, with no route: `name` and `name`p. */
  async addClientLink(name: string): Promise<void> {
    await run("ip", ["-n", this.client, "link", "add", name, "type", "veth", "peer", `${name}p`]);
    await run("ip", ["-n", this.client, "link", "set", name, "up"]);
  }

  /** What dnsmasq logged (one line per message and option with --log-dhcp). */
  serverLog(): string {
    return this.#dnsmasq?.output() ?? "";
  }

  async stopServer(): Promise<void> {
    await this.#dnsmasq?.stop();
    this.#dnsmasq = undefined;
  }

  /** `ipdect dhcp-probe <args>` in the client's namespace. */
  probe(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return this.ipdect(["dhcp-probe", ...args]);
  }

  /**
   * `ipdect node --config <file> --dhcp dhcpc0 <extra>` in the client's namespace (its devices on loopback addresses
   * there), once it says it runs; `close()` stops it.
   */
  async startNode(yaml: string, extra: readonly string[] = []): Promise<void> {
    const file = join(this.#dir, "node.yaml");
    writeFileSync(file, yaml);
    const node = new ForegroundProcess("ip", [
      ...["netns", "exec", this.client, process.execPath, join(ROOT, "bin/ipdect.js"), "node", "--config", file],
      ...["--data-dir", join(this.#dir, "data"), "--dhcp", CLIENT_IF, ...extra],
    ]);
    this.#node = node;
    const deadline = Date.now() + NODE_READY_MS;
    while (!node.output().includes(" running\n")) {
      if (node.exited || Date.now() > deadline) throw new Error(`ipdect node did not start:\n${node.output()}`);
      await sleep(25);
    }
  }

  /** Stops the node of `startNode` (SIGTERM). */
  async stopNode(): Promise<void> {
    await this.#node?.stop();
    this.#node = undefined;
  }

  /** `ipdect <args>` in the client's namespace (`ctl` reaches a node started there). */
  ipdect(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        "ip",
        ["netns", "exec", this.client, process.execPath, join(ROOT, "bin/ipdect.js"), ...args],
        { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (t: string) => (stdout += t));
      child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  }

  async close(): Promise<void> {
    await this.stopNode();
    await this.stopServer();
    for (const ns of [this.server, this.client]) await run("ip", ["netns", "del", ns]).catch(() => undefined);
    removeTempDir(this.#dir);
  }
}

/** Why the namespaces cannot be made here, or undefined when they can (root, ip, dnsmasq, veth devices). */
export async function dhcpNamespacesUnavailable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "network namespaces and UDP port 68 need root";
  const missing = await run("sh", ["-c", "command -v dnsmasq && command -v ip"]).then(
    () => undefined,
    () => "dnsmasq (Debian package dnsmasq-base) or ip (iproute2) is missing",
  );
  if (missing !== undefined) return missing;
  try {
    const n = await DhcpNamespaces.create();
    await n.close();
    return undefined;
  } catch (err) {
    return `no network namespaces with veth pairs here: ${String(err).split("\n")[0]}`;
  }
}
