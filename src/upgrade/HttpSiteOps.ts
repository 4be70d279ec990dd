import { IoError, StateError } from "../core/errors.js";
import type { PariOverview } from "../pari/overview.js";
import type { SyncOverview } from "../sync/overview.js";
import { UpgradeCode } from "./errors.js";
import type { DeviceView, SiteOps } from "./rollingUpgrade.js";
import type { SiteMasters } from "./wavePlan.js";

/** What a device of the site answered: its HTTP status and body text. */
export interface SiteAnswer {
  readonly status: number;
  readonly body: string;
}

export interface SiteRequestInit {
  readonly method: "GET" | "POST";
  /** The `Authorization` header: the site's administrator login. */
  readonly authorization: string;
  readonly body?: string;
  /** A device that neither answers nor closes does not hold the upgrade longer than this. */
  readonly timeoutMs: number;
}

/**
 * One request to a device's management API (the world's I/O: src/platform/node/siteHttp.ts); it rejects when nothing
 * answers at the address (refused, reset, timeout).
 */
export type SiteRequest = (ip: string, port: number, path: string, init: SiteRequestInit) => Promise<SiteAnswer>;

/** How a device reaches the other devices of its site: the world's HTTP client, and the port the site's APIs take. */
export interface SiteHttp {
  readonly request: SiteRequest;
  readonly port: number;
}

/** A status or an overview: a device that does not answer within this is taken as not up. */
const READ_TIMEOUT_MS = 10_000;
/** `update-run` answers once `prot` downloaded and wrote the image (up to 64 MiB, IMAGE_MAX_BYTES). */
const RUN_TIMEOUT_MS = 300_000;

/** The site's login: user and password, for the HTTP Basic header of every request (RFC 7617). */
export interface SiteLogin {
  readonly user: string;
  readonly password: string;
}

/**
 * The site's devices over HTTP (`ipdect ctl upgrade`, and the PARI Master's own run, src/device): each by its name, at
 * the address the PARI Master's overview gives, as one administrator account reaches them all (every device of a
 * site takes the same login, §3.4.2). The password lives in this object only, as the Authorization header.
 */
export class HttpSiteOps implements SiteOps {
  readonly #http: SiteHttp;
  readonly #authorization: string;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #ips = new Map<string, string>();
  #site = "";

  constructor(http: SiteHttp, login: SiteLogin, sleep: (ms: number) => Promise<void>) {
    this.#http = http;
    this.#authorization = `Basic ${Buffer.from(`${login.user}:${login.password}`).toString("base64")}`;
    this.#sleep = sleep;
  }

  /** The PARI Master at `ip`: its own name. */
  async learn(ip: string): Promise<string> {
    this.#site = ip;
    const status = (await this.#get(ip, "/api/status")) as { name: string };
    this.#ips.set(status.name, ip);
    return status.name;
  }

  /**
   * The Master is the PARI Master; its Standby (§4.6.19) is `given`, or the peer the Master's status knows (a Standby
   * that probes it).
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
    const ip = this.#ip(device);
    const res = await this.#request(ip, "/api/update/run", "POST", RUN_TIMEOUT_MS, lines);
    if (res.status !== 200)
      throw new IoError(UpgradeCode.SiteRefused, `${device}: update-run answered ${res.status}: ${res.body}`);
  }

  sleep(ms: number): Promise<void> {
    return this.#sleep(ms);
  }

  #ip(device: string): string {
    const ip = this.#ips.get(device);
    if (ip === undefined) throw new StateError(UpgradeCode.SiteUnknown, `no address known for ${device}`);
    return ip;
  }

  async #get(ip: string, path: string): Promise<unknown> {
    const res = await this.#request(ip, path, "GET", READ_TIMEOUT_MS);
    if (res.status !== 200) throw new IoError(UpgradeCode.SiteRefused, `${ip} ${path} answered ${res.status}`);
    return JSON.parse(res.body) as unknown;
  }

  async #request(ip: string, path: string, method: "GET" | "POST", timeoutMs: number, body?: string) {
    const { port, request } = this.#http;
    let res: SiteAnswer;
    try {
      res = await request(ip, port, path, {
        method,
        authorization: this.#authorization,
        timeoutMs,
        ...(body === undefined ? {} : { body }),
      });
    } catch (cause) {
      throw new IoError(UpgradeCode.SiteUnreachable, `cannot reach ${ip}:${port}`, { cause });
    }
    // §3.4.2: one login for every device of the site; a refusal is said as such (a status read takes it as not up).
    if (res.status === 401 || res.status === 403)
      throw new StateError(
        UpgradeCode.SiteLogin,
        `${ip} ${path} answered ${res.status}: the site's administrator login is refused (every device of a site takes the same login, §3.4.2)`,
      );
    return res;
  }
}
