import { ALARM } from "../core/alarms/index.js";
import type { DectSystem } from "../role/system.js";
import type { GatekeeperSettings } from "./settings.js";
import { parseProxyAddress } from "./proxyAddress.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { Directory } from "../users/Directory.js";
import { entryKey, type DirChange, type UserEntry } from "../users/entry.js";
import type { Endpoint, Transport } from "../wire/Transport.js";
import { ProxyPlan, transportOf, type SipResolver } from "./ProxyPlan.js";
import type { SipTransportName } from "./target.js";
import type { RegistrationUser } from "./registerRequest.js";
import { RegistrationAgent } from "./RegistrationAgent.js";
import { ANONYMOUS_KEY, type RegistrationStatus } from "./registration.js";
import { ExtensionSockets } from "./ExtensionSockets.js";
import { SipEndpoint, sipCounters, type SipCounters } from "./SipEndpoint.js";
import { header, type SipRequest } from "./message.js";
import { parseUri } from "./uri.js";

/** How long a failed DNS lookup of the proxies waits before the next try. */
export const RESOLVE_RETRY_MS = 10_000;

/**
 * What the gatekeeper does: `serving` registers every subscribed user and the anonymous registration; `deactivated`
 * (§4.6.24 "Deactivate Master if no connection") keeps only the anonymous registration, to notice the PBX coming
 * back; `idle` registers nothing (a Standby watching, a Mirror inactive).
 */
export type GatekeeperMode = "serving" | "deactivated" | "idle";

export interface GatekeeperInput {
  readonly settings: GatekeeperSettings;
  /** A SIP socket of the device (another attachment on its address): its own Local Port, and one per extension. */
  readonly transport: () => Transport;
  readonly resolver?: SipResolver;
  /** Why this world cannot run these settings (SIP/TLS in the sim): the gatekeeper then stays `unavailable`. */
  readonly unavailable?: string;
  /**
   * A NOTIFY with `Event: check-sync` reached one of the users (seed 002 "SIP Notify Check-Sync"), told to the device;
   * false when the device does not react to it (its check_sync is disabled, or it does not provision): 489 Bad Event.
   */
  readonly checkSync?: () => boolean;
}

export interface GatekeeperStatus {
  readonly protocol: string;
  readonly proxies: readonly string[];
  readonly domain: string;
  readonly mode: GatekeeperMode;
  /** `starting` until the socket is open and the proxies resolved; `unavailable` when it cannot run. */
  readonly state: "starting" | "running" | "unavailable";
  readonly reason?: string;
  readonly local?: { readonly ip: string; readonly port: number };
  /** Extensions' own SIP sockets open now (App. H footnote 1: each registers from its own port). */
  readonly userSockets?: number;
  readonly users: {
    readonly total: number;
    readonly registered: number;
    readonly registering: number;
    readonly waiting: number;
    readonly failed: number;
    /** From the first REGISTER to every user registered, the first time since this Master started serving. */
    readonly allRegisteredInMs?: number;
  };
  readonly downProxies: readonly string[];
  readonly anonymous?: RegistrationStatus;
  readonly counters?: SipCounters;
}

/**
 * The Master's gatekeeper client (manual 003 §4.6.23): its SIP socket, the resolved proxies and the registration
 * agent, fed from the user directory. It runs on the Master role of every mode; what it registers follows the mode.
 */
export class Gatekeeper {
  readonly #settings: GatekeeperSettings;
  readonly #io: RoleIo;
  readonly #system: DectSystem;
  readonly #directory: Directory;
  readonly #input: GatekeeperInput;
  readonly #peerIp: () => string | undefined;
  #endpoint: SipEndpoint | undefined;
  #sockets: ExtensionSockets | undefined;
  #agent: RegistrationAgent | undefined;
  /** The PBX's addresses (the resolved Proxy and Alt. Proxies), once resolved. */
  #pbx: ReadonlySet<string> | undefined;
  #mode: GatekeeperMode = "idle";
  #state: GatekeeperStatus["state"] = "starting";
  #reason: string | undefined;
  #closed = false;
  readonly #unsubscribe: () => void;

  constructor(
    input: GatekeeperInput,
    io: RoleIo,
    system: DectSystem,
    directory: Directory,
    peerIp: () => string | undefined,
  ) {
    this.#settings = input.settings;
    this.#input = input;
    this.#io = io;
    this.#system = system;
    this.#directory = directory;
    this.#peerIp = peerIp;
    this.#unsubscribe = directory.onChange((changes) => this.#changed(changes));
    void this.#start();
  }

  /** The domain of addresses-of-record: Domain, else the Proxy's host (§4.6.23 step 7). */
  get domain(): string {
    return this.#settings.domain ?? parseProxyAddress(this.#settings.proxy).host;
  }

  /** True while the anonymous registration (§4.6.24) is configured and has failed: "no connection" to the PBX. */
  get emergencyDown(): boolean {
    return this.#settings.anonymous !== undefined && this.#agent?.get(ANONYMOUS_KEY)?.state === "failed";
  }

  /** §4.6.24 "Deactivate Master if no connection" is set. */
  get deactivateOnLoss(): boolean {
    return this.#settings.anonymous?.deactivateMaster === true;
  }

  /**
   * Told by the Master chart, never decided here: the chart's `serve` and `standbyTakesOver` entry actions set
   * `serving`, its `deactivated` state (§4.6.24) sets `deactivated`, and every way out of serving sets `idle`
   * (MasterCore.startServing/stopServing). The gatekeeper keeps the mode because the registrations it holds follow it
   * (#apply); its own data (the anonymous registration failing) only reaches the chart through `emergencyDown`,
   * which the chart's `gatekeeperLost`/`gatekeeperBack` guards read.
   */
  setMode(mode: GatekeeperMode): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    this.#io.emit("state", { role: "gatekeeper", state: mode });
    this.#apply();
  }

  async #start(): Promise<void> {
    const s = this.#settings;
    if (this.#input.unavailable !== undefined) return this.#unavailable(this.#input.unavailable);
    const log = this.#io.log.child({ module: "sip" });
    const localPort = s.localPort;
    // One set of counters for all the gatekeeper's sockets: the status reads it without visiting 4000 sockets.
    const counters = sipCounters();
    const open = (rng: string, port: number, transports: readonly SipTransportName[]) =>
      SipEndpoint.open({
        transport: this.#input.transport(),
        clock: this.#io.clock,
        rng: this.#io.rng.fork(rng),
        log,
        localPort: port,
        transports,
        // Requests to the device and to any user's Contact are answered alike, on the socket they came to.
        answer: (req, from) => this.#answer(req, from),
        counters,
      });
    try {
      this.#endpoint = await open("sip", localPort, ["udp", transportOf(s.protocol)]);
    } catch (err) {
      return this.#unavailable(`cannot open the SIP port ${this.#io.ip}:${localPort}: ${String(err)}`);
    }
    const sockets = new ExtensionSockets({
      ip: this.#endpoint.ip,
      rng: this.#io.rng.fork("sip.ports"),
      reserved: [localPort],
      open: (key, port) => open(`sip/${key}`, port, [transportOf(s.protocol)]),
    });
    this.#sockets = sockets;
    let plan: ProxyPlan | undefined;
    while (plan === undefined && !this.#closed) {
      try {
        plan = await ProxyPlan.resolve(s, this.#input.resolver);
        this.#io.alarms.clear(ALARM.SIP_DNS_FAILED);
      } catch (err) {
        this.#reason = `proxy lookup failed: ${err instanceof Error ? err.message : String(err)}`;
        this.#io.alarms.raise(ALARM.SIP_DNS_FAILED);
        log.log("warn", "proxy lookup failed", { reason: this.#reason });
        await new Promise<void>((r) => this.#io.clock.setTimeout(() => r(), RESOLVE_RETRY_MS));
      }
    }
    if (plan === undefined || this.#closed) return;
    this.#reason = undefined;
    this.#pbx = plan.addresses();
    this.#state = "running";
    this.#agent = new RegistrationAgent({
      sockets,
      settings: s,
      plan,
      domain: this.domain,
      clock: this.#io.clock,
      rng: this.#io.rng.fork("sip.agent"),
      log,
      alarms: this.#io.alarms,
      emit: (kind, fields) => this.#io.emit(kind, fields),
      peerIp: this.#peerIp,
    });
    this.#apply();
  }

  #unavailable(reason: string): void {
    this.#state = "unavailable";
    this.#reason = reason;
    this.#io.emit("warning", { role: "gatekeeper", reason });
  }

  /** Brings the registrations in line with the mode. */
  #apply(): void {
    const agent = this.#agent;
    if (agent === undefined) return;
    const users = this.#mode === "serving" ? this.#subscribedUsers() : new Map<string, RegistrationUser>();
    const anonymous = this.#mode === "idle" ? undefined : this.#anonymousUser();
    if (anonymous !== undefined) users.set(ANONYMOUS_KEY, anonymous);
    for (const key of [...agent.keys()]) if (!users.has(key)) agent.remove(key);
    for (const u of users.values()) agent.upsert(u);
    // Nobody left to register (a Standby back to watching): "Registration down" of its proxies speaks of nothing.
    if (users.size === 0) agent.forgetProxies();
  }

  #changed(changes: readonly DirChange[]): void {
    const agent = this.#agent;
    if (agent === undefined || this.#mode !== "serving") return;
    for (const c of changes) {
      if (!c.key.startsWith("user/")) continue;
      const user = c.entry?.kind === "user" ? this.#userOf(c.entry) : undefined;
      if (user === undefined) agent.remove(c.key);
      else agent.upsert(user);
    }
  }

  #subscribedUsers(): Map<string, RegistrationUser> {
    const out = new Map<string, RegistrationUser>();
    for (const e of this.#directory.userEntries()) {
      const u = this.#userOf(e);
      if (u !== undefined) out.set(u.key, u);
    }
    return out;
  }

  /** A user with a subscribed handset (§3.14) registers: Name (or Number) as address, Auth Name (or Name) for digest. */
  #userOf(e: UserEntry): RegistrationUser | undefined {
    if (e.subs === undefined) return undefined;
    const s = this.#settings;
    const u = e.user;
    const name = u.name ?? u.number;
    return {
      key: entryKey(e),
      aorUser: s.registerWithNumber ? u.number : name,
      authUser: u.authName ?? name,
      password: s.registerWithSystemPassword ? this.#system.password : (u.password ?? ""),
      instance: uuidUrn(e.guid),
      label: u.number,
    };
  }

  /** §4.6.24: Registration Name/Number, authenticated with the system password (this project's choice). */
  #anonymousUser(): RegistrationUser | undefined {
    const a = this.#settings.anonymous;
    if (a === undefined) return undefined;
    return {
      key: ANONYMOUS_KEY,
      aorUser: this.#settings.registerWithNumber ? a.number : a.name,
      authUser: a.name,
      password: this.#system.password,
      instance: uuidUrn(hashHex(`anonymous/${a.name}`)),
      label: a.number,
    };
  }

  /**
   * Requests the PBX sends us. Calls are not carried by this version: an INVITE finds the handset "not reachable",
   * answered with the configured Temporary failure response (§4.7.3.1). OPTIONS (keep-alive probes) get 200.
   */
  #answer(req: SipRequest, from: Endpoint): { status: number; reason: string } {
    if (req.method === "OPTIONS") return { status: 200, reason: "OK" };
    if (req.method === "NOTIFY" && eventPackage(req) === CHECK_SYNC) return this.#checkSync(req, from);
    if (req.method === "INVITE")
      return {
        status: this.#settings.temporaryFailure,
        reason: TEMPORARY_FAILURE_REASON[this.#settings.temporaryFailure],
      };
    if (req.method === "BYE" || req.method === "CANCEL")
      return { status: 481, reason: "Call/Transaction Does Not Exist" };
    return { status: 501, reason: "Not Implemented" };
  }

  /**
   * Seed 002 "SIP Notify Check-Sync": "A "check-sync" event is sent to one of the extensions/user names handled by the
   * [device], and when it is received, the [device] initiates a check for updates." A user this gatekeeper does not
   * register is not found here (RFC 3261 §21.4.5); a device that does not react to the package answers 489 Bad Event
   * (RFC 6665 §8.3.3: "not understood"), as seed 002's check_sync `disabled` is "do not react". Only the PBX may ask
   * (a check-sync can reboot the device): a NOTIFY from an address that is not one of the proxies' gets 403 Forbidden.
   */
  #checkSync(req: SipRequest, from: Endpoint): { status: number; reason: string } {
    let user: string | undefined;
    try {
      user = parseUri(req.uri).user;
    } catch {
      user = undefined;
    }
    const said = (result: string, reason: string) =>
      this.#io.emit("provisioning", { action: "check-sync", result, reason: `${req.uri}: ${reason}` });
    if (this.#pbx?.has(from.ip) !== true) {
      said("refused", `403 Forbidden: from ${from.ip}, not a proxy of the gatekeeper`);
      return { status: 403, reason: "Forbidden" };
    }
    if (user === undefined || this.#agent?.registers(user) !== true) {
      said("refused", "404 Not Found: not a user of this device");
      return { status: 404, reason: "Not Found" };
    }
    if (this.#input.checkSync?.() !== true) {
      said("refused", "489 Bad Event: check_sync is disabled");
      return { status: 489, reason: "Bad Event" };
    }
    said("accepted", "200 OK");
    return { status: 200, reason: "OK" };
  }

  registrations(): RegistrationStatus[] {
    return this.#agent?.status() ?? [];
  }

  status(): GatekeeperStatus {
    const s = this.#settings;
    const n = this.#agent?.counts() ?? { queued: 0, registering: 0, registered: 0, waiting: 0, failed: 0 };
    const anonymous = this.#agent?.get(ANONYMOUS_KEY);
    const allRegisteredInMs = this.#agent?.allRegisteredInMs();
    const e = this.#endpoint;
    const sockets = this.#sockets;
    return {
      protocol: s.protocol,
      proxies: [s.proxy, ...s.altProxies],
      domain: this.domain,
      mode: this.#mode,
      state: this.#state,
      ...(this.#reason === undefined ? {} : { reason: this.#reason }),
      ...(e === undefined ? {} : { local: { ip: e.ip, port: e.localPort }, counters: { ...e.counters } }),
      ...(sockets === undefined ? {} : { userSockets: sockets.size }),
      users: {
        total: n.queued + n.registering + n.registered + n.waiting + n.failed,
        registered: n.registered,
        registering: n.registering + n.queued,
        waiting: n.waiting,
        failed: n.failed,
        ...(allRegisteredInMs === undefined ? {} : { allRegisteredInMs }),
      },
      downProxies: this.#agent?.downTargets() ?? [],
      ...(anonymous === undefined ? {} : { anonymous }),
    };
  }

  /** The role stops (reset, shutdown): the socket closes; bindings are left to expire, as on a reboot. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe();
    // The sockets first: transactions still open (a removal at a dead proxy) end at once instead of after Timer F.
    await this.#endpoint?.close();
    await this.#sockets?.close();
    await this.#agent?.stop(false);
  }
}

/** Seed 002's event package of a NOTIFY that asks for a provisioning check. */
const CHECK_SYNC = "check-sync";

/** The event package of a request's Event header (RFC 6665 §8.2.1: `Event: check-sync;id=…`), lower case. */
function eventPackage(req: SipRequest): string | undefined {
  return header(req, "event")?.split(";")[0]?.trim().toLowerCase();
}

const TEMPORARY_FAILURE_REASON: Record<GatekeeperSettings["temporaryFailure"], string> = {
  486: "Busy Here",
  480: "Temporarily Unavailable",
  503: "Service Unavailable",
};

/** RFC 4122 text form of 32 hex digits, as an instance URN (RFC 5627 §4.1). */
function uuidUrn(hex32: string): string {
  const h = hex32.toLowerCase();
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** 32 hex digits derived from a text (FNV-1a, four lanes): stable across devices, no secret involved. */
function hashHex(text: string): string {
  let out = "";
  for (let lane = 0; lane < 4; lane++) {
    let h = 0x811c9dc5 ^ lane;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out;
}
