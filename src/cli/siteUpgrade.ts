import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { IoError, IpdectError } from "../core/errors.js";
import { parseDuration } from "../core/duration.js";
import type { PariOverview } from "../pari/overview.js";
import type { SyncOverview } from "../sync/overview.js";
import { rollingUpgrade, type DeviceView, type SiteOps } from "../upgrade/rollingUpgrade.js";
import type { SiteMasters } from "../upgrade/wavePlan.js";
import { PORTS } from "../wire/ports.js";
import { endpointArg } from "./endpointArg.js";
import { CliCode } from "./errors.js";

/** Radios reset at once at most, unless `--wave` says otherwise. */
const DEFAULT_WAVE = 10;
const DEFAULT_STEP_TIMEOUT = "10m";

/**
 * `ipdect ctl upgrade --site <PARI Master> --image <url> --serial <build serial>`: the site-wide rolling upgrade
 * (src/upgrade) over each device's HTTP API, as one administrator account reaches them all (every device of a site
 * takes the same login, §3.4.2). The PARI Master's device overview and Air Sync Overview give the radios; its status
 * gives its Standby (§4.6.19).
 */
export async function siteUpgrade(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      site: { type: "string" },
      standby: { type: "string" },
      image: { type: "string" },
      serial: { type: "string" },
      version: { type: "string" },
      wave: { type: "string", default: String(DEFAULT_WAVE) },
      "step-timeout": { type: "string", default: DEFAULT_STEP_TIMEOUT },
      "allow-gaps": { type: "boolean", default: false },
      user: { type: "string", default: "admin" },
      password: { type: "string", default: process.env["IPDECT_PASSWORD"] ?? "changeme" },
    },
  });
  const need = (v: string | undefined, what: string): string => {
    if (v === undefined) throw new IpdectError(CliCode.Usage, `ipdect ctl upgrade needs --${what}`);
    return v;
  };
  const site = endpointArg(need(values.site, "site <ip[:port]>"), "site", PORTS.HTTP);
  const serial = need(values.serial, "serial <build serial>");
  const maxWave = Number(values.wave);
  if (!Number.isInteger(maxWave) || maxWave < 1)
    throw new IpdectError(CliCode.Usage, `--wave must be a whole number ≥ 1, not ${values.wave}`);
  const ops = new HttpSiteOps(site.port, values.user, values.password);
  const pariName = await ops.learn(site.ip);
  const standby = values.standby === undefined ? undefined : endpointArg(values.standby, "standby", site.port).ip;
  const masters = await ops.masters(site.ip, pariName, standby);
  await rollingUpgrade(ops, {
    imageUrl: need(values.image, "image <url>"),
    serial,
    version: values.version ?? serial,
    masters,
    maxWave,
    stepTimeoutMs: parseDuration(values["step-timeout"], "--step-timeout"),
    allowGaps: values["allow-gaps"],
    say: (line) => process.stdout.write(`${line}\n`),
  });
  return 0;
}

/** The site's devices over HTTP: each by its name, at the address the PARI Master's overview gives. */
class HttpSiteOps implements SiteOps {
  readonly #port: number;
  readonly #authorization: string;
  readonly #ips = new Map<string, string>();
  #site = "";

  constructor(port: number, user: string, password: string) {
    this.#port = port;
    this.#authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  }

  /** The PARI Master's own name, and the addresses of the radios it knows. */
  async learn(ip: string): Promise<string> {
    this.#site = ip;
    const status = (await this.#get(ip, "/api/status")) as { name: string };
    this.#ips.set(status.name, ip);
    return status.name;
  }

  /**
   * The Master is the PARI Master; its Standby (§4.6.19) is `--standby`, or the peer the Master's status knows (a
   * Standby that probes it).
   */
  async masters(ip: string, name: string, given: string | undefined): Promise<SiteMasters> {
    const s = (await this.#get(ip, "/api/status")) as { master?: { mode: string; peer?: { ip: string } } };
    const peer = given ?? (s.master?.mode === "active" ? s.master.peer?.ip : undefined);
    if (peer === undefined) return { master: name };
    const standby = ((await this.#get(peer, "/api/status")) as { name: string }).name;
    this.#ips.set(standby, peer);
    return { master: name, standbyMaster: standby };
  }

  async overviews(): Promise<{ pari: PariOverview; sync: SyncOverview | undefined }> {
    const pari = (await this.#get(this.#site, "/api/radios")) as PariOverview;
    for (const r of pari.radios) this.#ips.set(r.deviceName, r.ip);
    const sync = (await this.#get(this.#site, "/api/sync")) as SyncOverview;
    return { pari, sync };
  }

  async status(device: string): Promise<DeviceView | undefined> {
    try {
      return (await this.#get(this.#ip(device), "/api/status")) as DeviceView;
    } catch {
      return undefined;
    }
  }

  async run(device: string, lines: string): Promise<void> {
    const res = await this.#fetch(this.#ip(device), "/api/update/run", { method: "POST", body: lines });
    if (res.status !== 200)
      throw new IoError(CliCode.SiteRefused, `${device}: update-run answered ${res.status}: ${await res.text()}`);
  }

  sleep(ms: number): Promise<void> {
    return sleep(ms);
  }

  #ip(device: string): string {
    const ip = this.#ips.get(device);
    if (ip === undefined) throw new IpdectError(CliCode.Usage, `no address known for ${device}`);
    return ip;
  }

  async #get(ip: string, path: string): Promise<unknown> {
    const res = await this.#fetch(ip, path, { method: "GET" });
    if (res.status !== 200) throw new IoError(CliCode.SiteRefused, `${ip} ${path} answered ${res.status}`);
    return res.json();
  }

  async #fetch(ip: string, path: string, init: { method: string; body?: string }): Promise<Response> {
    try {
      return await fetch(`http://${ip}:${this.#port}${path}`, {
        ...init,
        headers: { authorization: this.#authorization },
      });
    } catch (cause) {
      throw new IoError(CliCode.Unreachable, `cannot reach ${ip}:${this.#port}`, { cause });
    }
  }
}
