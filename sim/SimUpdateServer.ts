import type { Clock } from "../src/core/Clock.js";
import { IoError } from "../src/core/errors.js";
import type { Rng } from "../src/core/Rng.js";
import { UpdateCode } from "../src/update/errors.js";
import type { UpdateFetcher } from "../src/update/UpdateHost.js";
import { urlForLog, type UpdateUrl } from "../src/update/updateUrl.js";
import type { LinkConditions } from "./MemoryNetwork.js";
import { servedBytes, type ServedFile, type UpdateServerConfig } from "./updateServerSection.js";

/** One `scfg` upload (App. A.1.5) as the server received it. */
export interface UpdateUpload {
  /** Virtual ms when the upload arrived. */
  readonly t: number;
  readonly path: string;
  readonly device: string;
  readonly bytes: number;
}

/** An update server of a fleet as the report shows it. */
export interface UpdateServerReport {
  readonly name: string;
  readonly ip: string;
  readonly up: boolean;
  /** Files it holds at the end (served and uploaded). */
  readonly files: number;
  /** Downloads answered with the file, and requests for files it does not have (404). */
  readonly downloads: number;
  readonly notFound: number;
  readonly uploads: readonly UpdateUpload[];
}

/** What a server needs of the fleet's network: the conditions of a path and whether it is cut (MemoryNetwork). */
export interface UpdateNetwork {
  conditions(a: string, b: string): LinkConditions;
  isBlocked(a: string, b: string): boolean;
}

/** The real fetcher's limit (platform/node/HttpUpdateFetcher.ts): a server that does not answer fails the request. */
const TIMEOUT_MS = 30_000;
/** How each protocol says "no such file": nginx's 404, tftpd-hpa's error 1, vsftpd's 550 (RFC 959 §4.2.2). */
const NOT_FOUND = {
  http: "HTTP 404 Not Found",
  https: "HTTP 404 Not Found",
  tftp: "TFTP error 1: File not found",
  ftp: "FTP 550 Failed to open file.",
} as const;
/** A 100 Mbit/s path (Fast Ethernet), in bytes per virtual ms: what an image adds to its download's time. */
const BYTES_PER_MS = 12_500;
/** The block the real TFTP client asks for (RFC 2348; platform/node/tftpClient.ts); each block is a round trip. */
const TFTP_BLOCK = 1428;
/**
 * One-way trips before the request reaches the server: TCP's handshake then the request; TLS 1.3 adds its round trip.
 * FTP (seed 002) adds the greeting, USER, PASS, TYPE and PASV exchanges and the data connection's handshake.
 */
const LEGS_TO_SERVER = { http: 3, https: 5, tftp: 1, ftp: 15 } as const;

/**
 * A simulated update server (the fleet file's `updateServers:`, docs/design.md "Simulated update server"): the files
 * it serves by path, answering the devices' update client (App. A) for `http://`, `https://` and `tftp://` URLs at
 * its address, any port, in the fleet's virtual time. HTTP and HTTPS answer a missing file with 404, TFTP with its
 * error 1, as nginx and tftpd-hpa do; PUT (`scfg`) stores the body under its path. TLS and logins are not modelled.
 */
export class SimUpdateServer {
  readonly cfg: UpdateServerConfig;
  readonly #clock: Clock;
  readonly #rng: Rng;
  readonly #files = new Map<string, Uint8Array>();
  readonly #uploads: UpdateUpload[] = [];
  #downloads = 0;
  #notFound = 0;
  #up = true;

  constructor(cfg: UpdateServerConfig, clock: Clock, rng: Rng) {
    this.cfg = cfg;
    this.#clock = clock;
    this.#rng = rng;
    for (const [path, f] of cfg.files) this.serve(path, f);
  }

  /** Whether it answers: a `stop` fault takes it off the network (its files stay), `start` brings it back. */
  get up(): boolean {
    return this.#up;
  }

  stop(): void {
    this.#up = false;
  }

  start(): void {
    this.#up = true;
  }

  /** Serves `f` at `path` from now on (the `serve` fault), in place of what was there. */
  serve(path: string, f: ServedFile): void {
    this.#files.set(path, servedBytes(f));
  }

  /** A one-way trip from `ip` to the server or back: the path's latency plus jitter, as the network's frames. */
  leg(conditions: LinkConditions): number {
    return Math.round(conditions.latencyMs + (conditions.jitterMs > 0 ? this.#rng.next() * conditions.jitterMs : 0));
  }

  /** @internal the fetcher's request has reached the server */
  read(path: string): Uint8Array | undefined {
    const bytes = this.#files.get(path);
    if (bytes === undefined) this.#notFound++;
    else this.#downloads++;
    return bytes;
  }

  /** @internal an upload has reached the server */
  store(path: string, device: string, body: Uint8Array): void {
    this.#files.set(path, body);
    this.#uploads.push({ t: this.#clock.now(), path, device, bytes: body.length });
  }

  report(): UpdateServerReport {
    return {
      name: this.cfg.name,
      ip: this.cfg.ip,
      up: this.#up,
      files: this.#files.size,
      downloads: this.#downloads,
      notFound: this.#notFound,
      uploads: [...this.#uploads],
    };
  }
}

/**
 * One device's downloads and uploads in the sim (DeviceEnv.updateFetcher): requests to an update server of the fleet
 * take the trips of their protocol over the fleet's network, plus the bytes over 100 Mbit/s, in virtual time. A
 * request to an address without a server, or over a path a partition cuts, fails after 30 s as the real fetcher's
 * does. The errors are the real fetcher's: UP_FETCH for a download, UP_PUT for an upload.
 */
export class SimUpdateFetcher implements UpdateFetcher {
  readonly #device: { readonly name: string; readonly ip: string };
  readonly #servers: (ip: string) => SimUpdateServer | undefined;
  readonly #net: UpdateNetwork;
  readonly #clock: Clock;

  constructor(
    device: { readonly name: string; readonly ip: string },
    servers: (ip: string) => SimUpdateServer | undefined,
    net: UpdateNetwork,
    clock: Clock,
  ) {
    this.#device = device;
    this.#servers = servers;
    this.#net = net;
    this.#clock = clock;
  }

  async get(url: UpdateUrl, maxBytes: number): Promise<Uint8Array> {
    const { server, legs } = await this.#reach(url, UpdateCode.UpFetch);
    const bytes = server.read(url.path.replace(/^\//, ""));
    if (bytes === undefined) {
      await this.#wait(legs(1));
      throw new IoError(UpdateCode.UpNotFound, `${urlForLog(url)}: ${NOT_FOUND[url.scheme]}`);
    }
    // TFTP is lock-step (RFC 1350 §2): a round trip per block; HTTP streams the answer behind one trip.
    const trips = url.scheme === "tftp" ? 2 * Math.floor(bytes.length / TFTP_BLOCK) + 1 : 1;
    await this.#wait(legs(trips) + transferMs(Math.min(bytes.length, maxBytes + 1)));
    if (bytes.length > maxBytes)
      throw new IoError(UpdateCode.UpFetch, `${urlForLog(url)}: larger than ${maxBytes} bytes`);
    return bytes.slice();
  }

  async put(url: UpdateUrl, body: Uint8Array): Promise<void> {
    if (url.scheme === "tftp" || url.scheme === "ftp")
      throw new IoError(UpdateCode.UpPut, `${urlForLog(url)}: scfg uploads with HTTP PUT`);
    const { server, legs } = await this.#reach(url, UpdateCode.UpPut, transferMs(body.length));
    server.store(url.path.replace(/^\//, ""), this.#device.name, body.slice());
    // WebDAV's 201 Created or 204 No Content (RFC 4918 §9.7.1) on its way back.
    await this.#wait(legs(1));
  }

  /**
   * The request's trips to the server (and `extraMs` of its body), or UP_FETCH/UP_PUT after 30 s when no server
   * answers: none at the address, stopped, or the path is cut when the request leaves or when it would arrive.
   */
  async #reach(
    url: UpdateUrl,
    code: typeof UpdateCode.UpFetch | typeof UpdateCode.UpPut,
    extraMs = 0,
  ): Promise<{ server: SimUpdateServer; legs: (n: number) => number }> {
    const server = this.#servers(url.host);
    const unreachable = () => server?.up !== true || this.#net.isBlocked(this.#device.ip, url.host);
    const started = this.#clock.now();
    if (server !== undefined && !unreachable()) {
      const conditions = this.#net.conditions(this.#device.ip, url.host);
      const legs = (n: number) => Array.from({ length: n }, () => server.leg(conditions)).reduce((a, b) => a + b, 0);
      await this.#wait(legs(LEGS_TO_SERVER[url.scheme]) + extraMs);
      if (!unreachable()) return { server, legs };
    }
    await this.#wait(started + TIMEOUT_MS - this.#clock.now());
    throw new IoError(code, `${urlForLog(url)}: no answer within ${TIMEOUT_MS / 1000} s`);
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => this.#clock.setTimeout(resolve, ms));
  }
}

/** The bytes' time on a 100 Mbit/s path, in whole virtual ms. */
function transferMs(bytes: number): number {
  return Math.ceil(bytes / BYTES_PER_MS);
}
