import { ALARM } from "../core/alarms/index.js";
import type { Clock, TimerHandle } from "../core/Clock.js";
import type { GatekeeperSettings } from "./settings.js";
import type { Logger } from "../core/Logger.js";
import { randomHex, type Rng } from "../core/Rng.js";
import type { Alarms } from "../role/Alarms.js";
import type { Emit } from "../role/EventLog.js";
import { pickChallenge } from "./digest.js";
import { header, headerValues } from "./message.js";
import type { ProxyPlan } from "./ProxyPlan.js";
import {
  contactUri,
  grantedExpires,
  redirectTarget,
  registerRequest,
  type RegistrationUser,
} from "./registerRequest.js";
import type { SipEndpoint } from "./SipEndpoint.js";
import { targetKey, type SipTarget } from "./target.js";

/** Registrations in flight at once: a burst of thousands is paced to the registrar's answers, not to our queue. */
export const REGISTRATION_WINDOW = 48;
/**
 * A binding is refreshed every this fraction of its granted lifetime, each user at its own phase of that period
 * (RFC 3261 §10.2.4 leaves the margin to us): N users refresh evenly instead of in one burst.
 */
export const REFRESH_FRACTION = 0.7;
/** The first refresh comes at least this fraction of the period after a registration. */
const MIN_FIRST_REFRESH = 0.25;

export type RegistrationState = "queued" | "registering" | "registered" | "waiting" | "failed";

/** One user's registration as the status pages show it. */
export interface RegistrationStatus {
  readonly number: string;
  readonly aor: string;
  readonly authUser: string;
  readonly state: RegistrationState;
  /** `udp:127.0.0.1:5060`: where the user is (or is being) registered. */
  readonly target?: string;
  readonly expiresInS?: number;
  readonly lastStatus?: number;
  readonly reason?: string;
}

/** How one REGISTER exchange (with its digest round) ended. */
type Result =
  | { readonly kind: "ok"; readonly granted: number }
  | { readonly kind: "redirect"; readonly to: SipTarget }
  | { readonly kind: "user-failure"; readonly reason: string }
  | { readonly kind: "target-failure"; readonly reason: string; readonly retryAfterS?: number };

interface Reg {
  user: RegistrationUser;
  readonly targets: readonly SipTarget[];
  /** Position of this user's refreshes in the refresh period, in [0, 1). */
  readonly phase: number;
  readonly callId: string;
  readonly fromTag: string;
  cseq: number;
  state: RegistrationState;
  /** Where the binding is (registered) or the last attempt went. */
  target?: SipTarget;
  /** Set by a 3xx: the next attempt goes there (§4.7.1.2). */
  redirect?: SipTarget;
  expiresAt: number;
  lastStatus?: number;
  reason?: string;
  timer?: TimerHandle;
  /** Bumped on removal or restart: an exchange still in flight for an older generation is ignored. */
  gen: number;
  queued: boolean;
  /** The first REGISTER of this run also removes the other Master's binding of the user. */
  firstSent: boolean;
  /** 0x00030202 (or 0x00030203 for the anonymous registration) is active for this registration. */
  alarmed: boolean;
}

export interface AgentDeps {
  readonly endpoint: SipEndpoint;
  readonly settings: GatekeeperSettings;
  readonly plan: ProxyPlan;
  /** Host of addresses-of-record and of the Request-URI: the Domain, else the Proxy's host (§4.6.23 step 7). */
  readonly domain: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly log: Logger;
  readonly alarms: Alarms;
  readonly emit: Emit;
  /** The other Master of a redundant pair (Standby or the Master it stands in for), whose bindings we replace. */
  readonly peerIp: () => string | undefined;
}

/**
 * Registers users with the PBX (manual 003 §4.6.23, RFC 3261 §10.2): one registration per user, digest
 * authentication, refresh before expiry at a per-user phase, failover to the next proxy when one fails and return to
 * the primary every Registration TTL (or only by redirection, §4.7.1.2), Retry-After honoured unless ignored
 * (§4.7.1.11). Raises 0x00030202 per failing user, 0x00010002 per unreachable proxy, and for the anonymous
 * registration (§4.6.24) 0x00030203.
 */
export class RegistrationAgent {
  readonly #d: AgentDeps;
  readonly #regs = new Map<string, Reg>();
  readonly #down = new Map<string, { readonly target: SipTarget; probe?: TimerHandle }>();
  readonly #queue: Reg[] = [];
  /** Users (the anonymous registration not counted) in each state, kept as states change. */
  readonly #counts: Record<RegistrationState, number> = {
    queued: 0,
    registering: 0,
    registered: 0,
    waiting: 0,
    failed: 0,
  };
  /** When this agent sent its first REGISTER, and when every user was registered for the first time. */
  #firstRequestAt: number | undefined;
  #allRegisteredAt: number | undefined;
  #head = 0;
  #busy = 0;
  #stopped = false;
  /** Removals still in flight (user deleted, failback cleanup, stop). */
  #removals = new Set<Promise<void>>();

  constructor(d: AgentDeps) {
    this.#d = d;
  }

  /** Adds a user's registration, or updates it when the user changed (a changed address is re-registered). */
  upsert(user: RegistrationUser): void {
    if (this.#stopped) return;
    const old = this.#regs.get(user.key);
    if (old !== undefined) {
      if (sameUser(old.user, user)) return;
      this.remove(user.key);
    }
    const reg: Reg = {
      user,
      targets: this.#d.plan.targetsFor(this.#d.rng.fork(`srv/${user.key}`)),
      phase: this.#d.rng.fork(`phase/${user.key}`).next(),
      callId: `${randomHex(this.#d.rng, 20)}@${this.#d.endpoint.ip}`,
      fromTag: randomHex(this.#d.rng, 10),
      cseq: 0,
      state: "queued",
      expiresAt: 0,
      gen: 0,
      queued: false,
      firstSent: false,
      alarmed: false,
    };
    this.#regs.set(user.key, reg);
    this.#tally(reg, 1);
    this.#enqueue(reg);
  }

  /** Ends a user's registration: the binding is removed at the registrar (Expires 0) and its alarm cleared. */
  remove(key: string): void {
    const reg = this.#regs.get(key);
    if (reg === undefined) return;
    this.#regs.delete(key);
    this.#tally(reg, -1);
    this.#cancel(reg);
    this.#setAlarm(reg, false);
    if (reg.state === "registered" && reg.target !== undefined) this.#removeAt(reg, reg.target);
  }

  keys(): IterableIterator<string> {
    return this.#regs.keys();
  }

  get(key: string): RegistrationStatus | undefined {
    const reg = this.#regs.get(key);
    return reg === undefined ? undefined : this.#status(reg);
  }

  /** How many users' registrations are in each state (the anonymous one not counted). */
  counts(): Record<RegistrationState, number> {
    return { ...this.#counts };
  }

  /**
   * Milliseconds from this agent's first REGISTER to the first moment every user was registered: how long the PBX
   * took to take in the whole directory after this Master started serving (undefined until then).
   */
  allRegisteredInMs(): number | undefined {
    if (this.#firstRequestAt === undefined || this.#allRegisteredAt === undefined) return undefined;
    return this.#allRegisteredAt - this.#firstRequestAt;
  }

  /** Every user's registration; the anonymous one is read with `get(ANONYMOUS_KEY)`. */
  status(): RegistrationStatus[] {
    return [...this.#regs.values()].filter((r) => r.user.key !== ANONYMOUS_KEY).map((r) => this.#status(r));
  }

  /** Targets that failed and are not back yet (0x00010002 active). */
  downTargets(): string[] {
    return [...this.#down.keys()];
  }

  /**
   * Stops registering. With `deregister`, every binding is removed at the registrar first (a Standby handing back,
   * a Master giving up its role); a reset does not, as a rebooting device would not.
   */
  async stop(deregister: boolean): Promise<void> {
    this.#stopped = true;
    for (const reg of this.#regs.values()) {
      this.#cancel(reg);
      this.#setAlarm(reg, false);
      if (deregister && reg.state === "registered" && reg.target !== undefined) this.#removeAt(reg, reg.target);
    }
    this.#regs.clear();
    for (const state of Object.keys(this.#counts) as RegistrationState[]) this.#counts[state] = 0;
    for (const [key, d] of this.#down) {
      if (d.probe !== undefined) this.#d.clock.clearTimeout(d.probe);
      this.#d.alarms.clear(ALARM.GATEWAY_REGISTRATION_DOWN, key);
    }
    this.#down.clear();
    await Promise.all([...this.#removals]);
  }

  // ---- scheduling ------------------------------------------------------------------------------------------------

  #enqueue(reg: Reg): void {
    if (reg.queued || this.#stopped) return;
    reg.queued = true;
    // A failed registration stays "failed" while it is tried again: it is not registered until it succeeds.
    if (reg.state !== "registered" && reg.state !== "failed") this.#setState(reg, "queued");
    this.#queue.push(reg);
    this.#pump();
  }

  #pump(): void {
    while (this.#busy < REGISTRATION_WINDOW && this.#head < this.#queue.length) {
      const reg = this.#queue[this.#head++]!;
      reg.queued = false;
      if (this.#regs.get(reg.user.key) !== reg) continue;
      this.#busy++;
      void this.#attempt(reg).finally(() => {
        this.#busy--;
        this.#pump();
      });
    }
    if (this.#head === this.#queue.length) this.#queue.length = this.#head = 0;
  }

  #after(reg: Reg, ms: number): void {
    if (reg.timer !== undefined) this.#d.clock.clearTimeout(reg.timer);
    reg.timer = this.#d.clock.setTimeout(() => {
      reg.timer = undefined;
      this.#enqueue(reg);
    }, ms);
  }

  #cancel(reg: Reg): void {
    reg.gen++;
    if (reg.timer !== undefined) this.#d.clock.clearTimeout(reg.timer);
    reg.timer = undefined;
  }

  get #ttlMs(): number {
    return this.#d.settings.registrationTtlS * 1000;
  }

  // ---- one attempt -----------------------------------------------------------------------------------------------

  /** Registers `reg` at the first target that is not down (or where a 3xx sent it, or at `forced` for a probe). */
  async #attempt(reg: Reg, forced?: SipTarget): Promise<Result | undefined> {
    const target = forced ?? reg.redirect ?? reg.targets.find((t) => !this.#down.has(targetKey(t)));
    if (target === undefined) {
      this.#failed(reg, "no proxy reachable", false);
      this.#after(reg, this.#ttlMs);
      return undefined;
    }
    const gen = reg.gen;
    const previous = reg.state === "registered" ? reg.target : undefined;
    if (reg.state !== "registered" && reg.state !== "failed") this.#setState(reg, "registering");
    const result = await this.#exchange(reg, target, this.#d.settings.registrationTtlS);
    if (gen !== reg.gen || this.#stopped) return result;
    reg.redirect = undefined;
    switch (result.kind) {
      case "ok":
        this.#registered(reg, target, result.granted);
        this.#up(target);
        // Moving back from an alternative removes the binding there; a proxy that failed is left alone.
        if (previous !== undefined && targetKey(previous) !== targetKey(target) && !this.#down.has(targetKey(previous)))
          this.#removeAt(reg, previous);
        break;
      case "redirect":
        reg.redirect = result.to;
        this.#enqueue(reg);
        break;
      case "user-failure":
        this.#failed(reg, result.reason, true);
        this.#after(reg, this.#ttlMs);
        break;
      case "target-failure":
        if (result.retryAfterS !== undefined && !this.#d.settings.ignoreRetryAfter && forced === undefined) {
          // §4.7.1.11: Retry-After keeps the user on this proxy until then, unless the option forces a failover.
          this.#setState(reg, "waiting");
          reg.reason = `${result.reason}; retry after ${result.retryAfterS} s`;
          this.#after(reg, result.retryAfterS * 1000);
        } else if (forced === undefined) {
          reg.reason = result.reason;
          this.#targetDown(target, result.reason);
          this.#enqueue(reg);
        } else if (reg.state !== "registered") this.#failed(reg, result.reason, false);
        break;
    }
    return result;
  }

  /** One REGISTER, answering a digest challenge once (RFC 3261 §22.2) and a 423 with its Min-Expires (§10.2.8). */
  async #exchange(reg: Reg, target: SipTarget, expires: number, only?: string): Promise<Result> {
    const d = this.#d;
    const contact = contactUri(reg.user.aorUser, d.endpoint.ip, d.endpoint.localPort, target);
    const peer = d.peerIp();
    const remove =
      only === undefined && !reg.firstSent && peer !== undefined
        ? [contactUri(reg.user.aorUser, peer, d.endpoint.localPort, target)]
        : [];
    let auth: Parameters<typeof registerRequest>[0]["auth"];
    let ask = expires;
    for (let round = 0; round < 4; round++) {
      const req = registerRequest({
        user: reg.user,
        domain: d.domain,
        target,
        callId: reg.callId,
        fromTag: reg.fromTag,
        cseq: ++reg.cseq,
        expires: ask,
        contact: only ?? contact,
        instanceId: d.settings.instanceId,
        remove,
        ...(auth === undefined ? {} : { auth }),
      });
      reg.firstSent = true;
      this.#firstRequestAt ??= d.clock.now();
      const out = await d.endpoint.request(target, req);
      if (out.kind === "timeout") return { kind: "target-failure", reason: "no answer (Timer F, RFC 3261 §17.1.2.2)" };
      if (out.kind === "transport-error") return { kind: "target-failure", reason: out.reason };
      const res = out.response;
      reg.lastStatus = res.status;
      const status = `${res.status} ${res.reason}`;
      if (res.status === 401 || res.status === 407) {
        const challenge = pickChallenge(
          headerValues(res, res.status === 401 ? "www-authenticate" : "proxy-authenticate"),
        );
        if (challenge === undefined)
          return { kind: "user-failure", reason: `${status} without a usable Digest challenge` };
        if (auth !== undefined && !challenge.stale)
          return { kind: "user-failure", reason: `${status} to our credentials: wrong Auth Name or password` };
        auth = { challenge, cnonce: randomHex(d.rng, 16), proxy: res.status === 407 };
        continue;
      }
      if (res.status >= 200 && res.status < 300) return { kind: "ok", granted: grantedExpires(res, contact, ask) };
      if (res.status === 423) {
        const min = Number(header(res, "min-expires"));
        if (!Number.isInteger(min) || min <= ask)
          return { kind: "user-failure", reason: `${status} without a usable Min-Expires` };
        ask = min;
        continue;
      }
      if (res.status >= 300 && res.status < 400) {
        const to = redirectTarget(res, target);
        if (to !== undefined) return { kind: "redirect", to };
        return { kind: "user-failure", reason: `${status} without a usable Contact` };
      }
      if (res.status >= 500 && res.status < 600) {
        const ra = Number.parseInt(header(res, "retry-after") ?? "", 10);
        return {
          kind: "target-failure",
          reason: status,
          ...(Number.isInteger(ra) && ra >= 0 ? { retryAfterS: ra } : {}),
        };
      }
      return { kind: "user-failure", reason: status };
    }
    return { kind: "user-failure", reason: "no final answer after repeated challenges" };
  }

  #registered(reg: Reg, target: SipTarget, granted: number): void {
    const now = this.#d.clock.now();
    this.#setState(reg, "registered");
    reg.target = target;
    reg.reason = undefined;
    reg.expiresAt = now + granted * 1000;
    this.#setAlarm(reg, false);
    // The next slot of this user's phase at least MIN_FIRST_REFRESH of a period away: steady refreshes stay spread.
    const period = Math.max(1000, granted * 1000 * REFRESH_FRACTION);
    const earliest = now + period * MIN_FIRST_REFRESH;
    const slot = Math.ceil((earliest - reg.phase * period) / period) * period + reg.phase * period;
    this.#after(reg, Math.max(0, Math.round(slot - now)));
  }

  #setState(reg: Reg, state: RegistrationState): void {
    this.#tally(reg, -1);
    reg.state = state;
    this.#tally(reg, 1);
    const c = this.#counts;
    if (this.#allRegisteredAt === undefined && c.registered > 0 && c.registered === this.#users())
      this.#allRegisteredAt = this.#d.clock.now();
  }

  /** Counts `reg` in (1) or out (-1) of its state's tally; the anonymous registration is not a user. */
  #tally(reg: Reg, delta: 1 | -1): void {
    if (reg.user.key !== ANONYMOUS_KEY) this.#counts[reg.state] += delta;
  }

  #users(): number {
    const c = this.#counts;
    return c.queued + c.registering + c.registered + c.waiting + c.failed;
  }

  #failed(reg: Reg, reason: string, alarm: boolean): void {
    this.#setState(reg, "failed");
    reg.reason = reason;
    if (alarm || reg.user.key === ANONYMOUS_KEY) this.#setAlarm(reg, true);
    this.#d.log.log("info", "registration failed", { user: reg.user.label, reason });
  }

  #setAlarm(reg: Reg, on: boolean): void {
    if (reg.alarmed === on) return;
    reg.alarmed = on;
    const anonymous = reg.user.key === ANONYMOUS_KEY;
    const code = anonymous ? ALARM.EMERGENCY_REGISTRATION_DOWN : ALARM.USER_REGISTRATION_FAILURE;
    const source = anonymous ? undefined : reg.user.label;
    if (on) this.#d.alarms.raise(code, source);
    else this.#d.alarms.clear(code, source);
  }

  /** Removes one binding of `reg` at `target` (Expires 0); not cancelled by later changes of the user. */
  #removeAt(reg: Reg, target: SipTarget): void {
    const contact = contactUri(reg.user.aorUser, this.#d.endpoint.ip, this.#d.endpoint.localPort, target);
    const done = this.#exchange(reg, target, 0, contact).then(() => undefined);
    this.#removals.add(done);
    void done.finally(() => this.#removals.delete(done));
  }

  // ---- proxies down and back -------------------------------------------------------------------------------------

  /** A proxy failed: 0x00010002, every user registered there moves on, and the proxy is retried every TTL. */
  #targetDown(target: SipTarget, reason: string): void {
    const key = targetKey(target);
    if (this.#down.has(key)) return;
    this.#down.set(key, { target });
    this.#d.alarms.raise(ALARM.GATEWAY_REGISTRATION_DOWN, key);
    this.#d.emit("state", { role: "sip", proxy: key, state: "down", reason });
    for (const reg of this.#regs.values())
      if (reg.target !== undefined && targetKey(reg.target) === key) this.#enqueue(reg);
    this.#scheduleProbe(key);
  }

  /** A proxy answered again (a probe, a redirect, or any success): users who prefer it come back. */
  #up(target: SipTarget): void {
    const key = targetKey(target);
    const d = this.#down.get(key);
    if (d === undefined) return;
    if (d.probe !== undefined) this.#d.clock.clearTimeout(d.probe);
    this.#down.delete(key);
    this.#d.alarms.clear(ALARM.GATEWAY_REGISTRATION_DOWN, key);
    this.#d.emit("state", { role: "sip", proxy: key, state: "up" });
    for (const reg of this.#regs.values())
      if (reg.state !== "registered" || this.#prefers(reg, key)) this.#enqueue(reg);
  }

  /** Whether `reg` is registered at a target it likes less than `key` (or nowhere). */
  #prefers(reg: Reg, key: string): boolean {
    const want = reg.targets.findIndex((t) => targetKey(t) === key);
    if (want < 0) return false;
    if (reg.state !== "registered" || reg.target === undefined) return true;
    const at = reg.targets.findIndex((t) => targetKey(t) === targetKey(reg.target!));
    return at < 0 || want < at;
  }

  /**
   * Every Registration TTL, a down proxy gets one REGISTER of a user who prefers it (§4.6.23 step 15: the TTL
   * "decides how often the Master will try to reconnect to the primary SIP proxy"). With redirection (§4.7.1.2) the
   * Master leaves the primary alone while its users are registered elsewhere.
   */
  #scheduleProbe(key: string): void {
    const d = this.#down.get(key);
    if (d === undefined || this.#stopped) return;
    d.probe = this.#d.clock.setTimeout(() => void this.#probe(key), this.#ttlMs);
  }

  async #probe(key: string): Promise<void> {
    const d = this.#down.get(key);
    if (d === undefined) return;
    d.probe = undefined;
    const wanting = [...this.#regs.values()].filter((r) => this.#prefers(r, key));
    const stranded = wanting.some((r) => r.state !== "registered");
    if (wanting.length === 0 || (this.#d.settings.redirection && !stranded)) return this.#scheduleProbe(key);
    const reg = wanting[0]!;
    const result = await this.#attempt(reg, d.target);
    if (result?.kind === "ok") return;
    this.#scheduleProbe(key);
  }

  #status(r: Reg): RegistrationStatus {
    const now = this.#d.clock.now();
    return {
      number: r.user.label,
      aor: `sip:${r.user.aorUser}@${this.#d.domain}`,
      authUser: r.user.authUser,
      state: r.state,
      ...(r.target === undefined ? {} : { target: targetKey(r.target) }),
      ...(r.state === "registered" ? { expiresInS: Math.max(0, Math.round((r.expiresAt - now) / 1000)) } : {}),
      ...(r.lastStatus === undefined ? {} : { lastStatus: r.lastStatus }),
      ...(r.reason === undefined ? {} : { reason: r.reason }),
    };
  }
}

/** The key of the §4.6.24 registration for anonymous handsets. */
export const ANONYMOUS_KEY = "anonymous";

function sameUser(a: RegistrationUser, b: RegistrationUser): boolean {
  return a.aorUser === b.aorUser && a.authUser === b.authUser && a.password === b.password && a.instance === b.instance;
}
