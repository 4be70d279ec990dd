import { buildImage } from "../../src/update/image.js";
import { HTTP_PORT, waitFor, type NodeProcesses, type StatusView } from "./nodes.js";
import { startUpdateServer, type UpdateServer } from "./updateServer.js";

/** The version of the images the update server holds (§4.15.2's new firmware). */
export const NEW_VERSION = "0.9.0";

type Status = StatusView & { firmware?: { version: string }; radio?: { state: string } };

/**
 * A small real-node site for the PARI Master's rolling upgrade: a PARI Master (IPVM), its Standby and `radios` IPBS
 * radios on addresses `ip(1)`, `ip(2)`, `ip(10 + i)`, and nginx at `ip(9)` serving IPBS2 and IPVM images of
 * NEW_VERSION under `/firm/`.
 */
export class SmallSite {
  readonly master: string;
  readonly standby: string;
  readonly radios: readonly string[];
  /** The admin password of every device of the site (§3.4.2: one login); the factory one until a test sets another. */
  password = "changeme";
  #www: UpdateServer | undefined;

  constructor(
    readonly ip: (host: number) => string,
    readonly count: number,
  ) {
    this.master = ip(1);
    this.standby = ip(2);
    this.radios = Array.from({ length: count }, (_, i) => ip(11 + i));
  }

  /** Every device's address, the Master first. */
  get all(): readonly string[] {
    return [this.master, this.standby, ...this.radios];
  }

  /** The image URL for `prot` (each product's default file name, App. A.1.4). */
  get imageUrl(): string {
    return `${this.#www!.http}/firm/`;
  }

  /** The PARI Master's configuration (GuiNode.start, or masterYaml for NodeProcesses). */
  readonly masterConfig = (): Record<string, unknown> => ({
    name: "master",
    kind: "IPVM",
    mac: "00:90:33:23:00:01",
    master: { mode: "active", id: 1 },
    pari: {},
  });

  async serveImages(): Promise<void> {
    this.#www = await startUpdateServer({ ip: this.ip(9) });
    for (const product of ["IPBS2", "IPVM"] as const)
      this.#www.put(
        `firm/${product.toLowerCase()}.bin`,
        buildImage(
          { product, version: NEW_VERSION, serial: NEW_VERSION },
          new TextEncoder().encode(`ipdect ${NEW_VERSION}`),
        ),
      );
  }

  /** Starts the Master (unless `withoutMaster`: a GuiNode starts it), the Standby and the radios; waits for them. */
  async start(nodes: NodeProcesses, withoutMaster = false): Promise<void> {
    if (!withoutMaster) await nodes.start("master", `${JSON.stringify({ ...this.masterConfig(), ip: this.master })}\n`);
    await nodes.start(
      "standby",
      `{ name: standby, kind: IPVM, mac: "00:90:33:23:00:02", ip: ${this.standby}, master: { mode: standby, id: 1, primary: ${this.master} }, pari: {} }\n`,
    );
    const lines = ["devices:"];
    this.radios.forEach((ip, i) =>
      lines.push(
        `  - { name: radio-${i + 1}, kind: IPBS, mac: "00:90:33:23:01:${(i + 1).toString(16).padStart(2, "0")}", ip: ${ip}, radio: { master: ${this.master}, alternateMaster: ${this.standby}, pariMaster: ${this.master}, altPariMaster: ${this.standby} } }`,
      ),
    );
    await nodes.start("radios", lines.join("\n") + "\n");
    await waitFor(
      async () =>
        (await Promise.all(this.radios.map((ip) => this.status(ip)))).every(
          (s) => s?.radio?.state === "running.registered",
        ),
      30_000,
      "every radio registered",
    );
  }

  /** A device's management API as the site's admin: the status and the JSON answer; undefined: no answer. */
  async api(ip: string, method: string, path: string, body?: string): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`http://${ip}:${HTTP_PORT}${path}`, {
      method,
      headers: { authorization: `Basic ${Buffer.from(`admin:${this.password}`).toString("base64")}` },
      ...(body === undefined ? {} : { body }),
    });
    return { status: res.status, json: await res.json() };
  }

  async status(ip: string): Promise<Status | undefined> {
    const r = await this.api(ip, "GET", "/api/status").catch(() => undefined);
    return r?.status === 200 ? (r.json as Status) : undefined;
  }

  /** Each device's running version (undefined: it does not answer). */
  async versions(): Promise<(string | undefined)[]> {
    return Promise.all(this.all.map(async (a) => (await this.status(a))?.firmware?.version));
  }

  async close(): Promise<void> {
    await this.#www?.close();
  }
}
