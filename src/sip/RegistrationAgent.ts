import { ALARM } from "../core/alarms/index.js";
import type { Logger } from "../core/Logger.js";
import { randomHex } from "../core/Rng.js";
import type { ProxyPlan } from "./ProxyPlan.js";
import { ProxyHealth, type ProxyHealthDeps } from "./ProxyHealth.js";
import { registerExchange, refreshDelayMs, type ExchangeDeps, type RegisterResult } from "./registerExchange.js";
import type { ExtensionSockets } from "./ExtensionSockets.js";
import type { SipEndpoint } from "./SipEndpoint.js";
import { contactUri, type RegistrationUser } from "./registerRequest.js";
import {
  ANONYMOUS_KEY,
  registrationStatus,
  type Registration,
  type RegistrationState,
  type RegistrationStatus,
} from "./registration.js";
import { failureDetail, RegistrationNews } from "./registrationNews.js";
import { targetKey, type SipTarget } from "./target.js";

/** Registrations in flight at once: a burst of thousands is paced to the registrar's answers, not to our queue. */
export const REGISTRATION_WINDOW = 48;

/** What the agent needs of the gatekeeper: the REGISTER exchange's and proxy health's needs, and these. */
export interface AgentDeps extends ExchangeDeps, ProxyHealthDeps {
  /** Each user's own SIP socket (App. H footnote 1). */
  readonly sockets: ExtensionSockets;
  readonly plan: ProxyPlan;
  readonly log: Logger;
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
  readonly #regs = new Map<string, Registration>();
  readonly #proxies: ProxyHealth;
  readonly #queue: Registration[] = [];
  readonly #news: RegistrationNews;
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
    this.#news = new RegistrationNews(d.emit);
    this.#proxies = new ProxyHealth(d, {
      all: () => this.#regs.values(),
      retry: (reg) => this.#enqueue(reg),
      probe: (reg, target) => this.#attempt(reg, target),
    });
  }

  /** Adds a user's registration, or updates it when the user changed (a changed address is re-registered). */
  upsert(user: RegistrationUser): void {
    if (this.#stopped) return;
    const old = this.#regs.get(user.key);
    if (old !== undefined) {
      if (sameUser(old.user, user)) return;
      this.remove(user.key);
    }
    const reg: Registration = {
      user,
      targets: this.#d.plan.targetsFor(this.#d.rng.fork(`srv/${user.key}`)),
      phase: this.#d.rng.fork(`phase/${user.key}`).next(),
      callId: `${randomHex(this.#d.rng, 20)}@${this.#d.sockets.ip}`,
      fromTag: randomHex(this.#d.rng, 10),
      cseq: 0,
      state: "queued",
      expiresAt: 0,
      gen: 0,
      queued: false,
      firstSent: false,
      alarmed: false,
      told: {},
    };
    this.#regs.set(user.key, reg);
    this.#tally(reg, 1);
    // The user's socket opens now, as a device binds an extension's port when the extension comes, not in the burst of
    // REGISTERs (opening 4000 sockets is about a fifth of a second of the event loop); a failure shows at the attempt.
    this.#d.sockets.endpoint(user.key).catch(() => undefined);
    this.#enqueue(reg);
  }

  /**
   * Ends a user's registration: the binding is removed at the registrar (Expires 0) and its alarm cleared; the user's
   * socket closes once the removal is done, unless the user is back by then.
   */
  remove(key: string): void {
    const reg = this.#regs.get(key);
    if (reg === undefined) return;
    this.#regs.delete(key);
    this.#tally(reg, -1);
    this.#cancel(reg);
    this.#setAlarm(reg, false);
    const removal =
      reg.state === "registered" && reg.target !== undefined ? this.#deregister(reg, reg.target) : Promise.resolve();
    void removal.then(() => {
      if (!this.#regs.has(key)) return this.#d.sockets.release(key);
    });
  }

  keys(): IterableIterator<string> {
    return this.#regs.keys();
  }

  /** Whether one of this agent's users registers `aorUser` as its address's user part (a request may name it). */
  registers(aorUser: string): boolean {
    for (const r of this.#regs.values()) if (r.user.aorUser === aorUser) return true;
    return false;
  }

  get(key: string): RegistrationStatus | undefined {
    const reg = this.#regs.get(key);
    return reg === undefined ? undefined : registrationStatus(reg, this.#d.clock.now(), this.#d.domain);
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
    return [...this.#regs.values()]
      .filter((r) => r.user.key !== ANONYMOUS_KEY)
      .map((r) => registrationStatus(r, this.#d.clock.now(), this.#d.domain));
  }

  /** Targets that failed and are not back yet (0x00010002 active). */
  downTargets(): string[] {
    return this.#proxies.downTargets();
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
      if (deregister && reg.state === "registered" && reg.target !== undefined) this.#deregister(reg, reg.target);
    }
    this.#regs.clear();
    for (const state of Object.keys(this.#counts) as RegistrationState[]) this.#counts[state] = 0;
    this.#proxies.stop();
    await Promise.all([...this.#removals]);
  }

  /** No user registers any more: stop probing the proxies and clear their 0x00010002. */
  forgetProxies(): void {
    this.#proxies.stop();
  }

  // ---- scheduling ------------------------------------------------------------------------------------------------

  #enqueue(reg: Registration): void {
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

  #after(reg: Registration, ms: number): void {
    if (reg.timer !== undefined) this.#d.clock.clearTimeout(reg.timer);
    reg.timer = this.#d.clock.setTimeout(() => {
      reg.timer = undefined;
      this.#enqueue(reg);
    }, ms);
  }

  #cancel(reg: Registration): void {
    reg.gen++;
    if (reg.timer !== undefined) this.#d.clock.clearTimeout(reg.timer);
    reg.timer = undefined;
  }

  get #ttlMs(): number {
    return this.#d.settings.registrationTtlS * 1000;
  }

  // ---- one attempt -----------------------------------------------------------------------------------------------

  /** Registers `reg` at the first target that is not down (or where a 3xx sent it, or at `forced` for a probe). */
  async #attempt(reg: Registration, forced?: SipTarget): Promise<RegisterResult | undefined> {
    const target = forced ?? reg.redirect ?? reg.targets.find((t) => !this.#proxies.isDown(t));
    if (target === undefined) {
      this.#failed(reg, { reason: "no proxy reachable" }, false);
      this.#after(reg, this.#ttlMs);
      return undefined;
    }
    const gen = reg.gen;
    const endpoint = await this.#socket(reg);
    if (gen !== reg.gen || this.#stopped) return undefined;
    if (endpoint === undefined) {
      // The gatekeeper is closing (a reset): nothing is tried any more, and nothing is raised for it.
      if (this.#d.sockets.closed) return undefined;
      this.#failed(reg, { reason: reg.reason ?? "no SIP port" }, true);
      this.#after(reg, this.#ttlMs);
      return undefined;
    }
    const previous = reg.state === "registered" ? reg.target : undefined;
    const lastBinding = reg.target;
    this.#news.sent(reg, target);
    reg.lastTarget = target;
    if (reg.state !== "registered" && reg.state !== "failed") this.#setState(reg, "registering");
    const result = await this.#exchange(endpoint, reg, target, this.#d.settings.registrationTtlS);
    if (gen !== reg.gen || this.#stopped) return result;
    reg.redirect = undefined;
    switch (result.kind) {
      case "ok":
        this.#registered(reg, target, result.granted);
        this.#news.registered(reg, target, { ...result, expiresS: result.granted }, lastBinding);
        this.#proxies.up(target);
        // A Standby taking over: the Master's bindings of the user go (RFC 3261 §10.2.2).
        for (const contact of result.peerContacts) this.#removeAt(reg, target, contact);
        // Moving back from an alternative removes the binding there; a proxy that failed is left alone.
        if (previous !== undefined && targetKey(previous) !== targetKey(target) && !this.#proxies.isDown(previous))
          this.#removeAt(reg, previous);
        break;
      case "redirect":
        reg.redirect = result.to;
        this.#enqueue(reg);
        break;
      case "user-failure":
        this.#failed(reg, result, true, target);
        this.#after(reg, this.#ttlMs);
        break;
      case "target-failure":
        if (result.retryAfterS !== undefined && !this.#d.settings.ignoreRetryAfter && forced === undefined) {
          // §4.7.1.11: Retry-After keeps the user on this proxy until then, unless the option forces a failover.
          this.#setState(reg, "waiting");
          reg.reason = `${result.reason}; retry after ${result.retryAfterS} s`;
          this.#news.failed(reg, "waiting", target, { ...result, reason: reg.reason });
          this.#after(reg, result.retryAfterS * 1000);
        } else if (forced === undefined) {
          reg.reason = result.reason;
          this.#news.failed(reg, "failed", target, result);
          this.#proxies.down(target, result.reason);
          this.#enqueue(reg);
        } else if (reg.state !== "registered") this.#failed(reg, result, false, target);
        break;
    }
    return result;
  }

  /**
   * The user's own socket (App. H footnote 1), opened on first use; undefined with the reason in `reg.reason` when no
   * port drawn could be bound (the user then fails like a refused registration and is tried again after a TTL).
   */
  async #socket(reg: Registration): Promise<SipEndpoint | undefined> {
    try {
      return await this.#d.sockets.endpoint(reg.user.key);
    } catch (err) {
      reg.reason = `cannot open a SIP port for the user: ${err instanceof Error ? err.message : String(err)}`;
      return undefined;
    }
  }

  /** One REGISTER exchange of `reg` from `endpoint`; the first of this agent starts the clock of allRegisteredInMs. */
  #exchange(
    endpoint: SipEndpoint,
    reg: Registration,
    target: SipTarget,
    expires: number,
    only?: string,
  ): Promise<RegisterResult> {
    this.#firstRequestAt ??= this.#d.clock.now();
    return registerExchange(this.#d, endpoint, reg, target, expires, only);
  }

  #registered(reg: Registration, target: SipTarget, granted: number): void {
    const now = this.#d.clock.now();
    this.#setState(reg, "registered");
    reg.target = target;
    reg.reason = undefined;
    reg.expiresAt = now + granted * 1000;
    this.#setAlarm(reg, false);
    this.#after(reg, refreshDelayMs(reg.phase, granted, now));
  }

  #setState(reg: Registration, state: RegistrationState): void {
    this.#tally(reg, -1);
    reg.state = state;
    this.#tally(reg, 1);
    const c = this.#counts;
    if (this.#allRegisteredAt === undefined && c.registered > 0 && c.registered === this.#users())
      this.#allRegisteredAt = this.#d.clock.now();
  }

  /** Counts `reg` in (1) or out (-1) of its state's tally; the anonymous registration is not a user. */
  #tally(reg: Registration, delta: 1 | -1): void {
    if (reg.user.key !== ANONYMOUS_KEY) this.#counts[reg.state] += delta;
  }

  #users(): number {
    const c = this.#counts;
    return c.queued + c.registering + c.registered + c.waiting + c.failed;
  }

  /** `reg` failed at `target` (none: no proxy to try); 0x00030202 names the answer and the proxy in its detail. */
  #failed(reg: Registration, why: { reason: string; status?: number }, alarm: boolean, target?: SipTarget): void {
    const reason = why.reason;
    this.#setState(reg, "failed");
    reg.reason = reason;
    this.#news.failed(reg, "failed", target, why);
    if (alarm || reg.user.key === ANONYMOUS_KEY) this.#setAlarm(reg, true, failureDetail(reason, target));
    this.#d.log.log("info", "registration failed", { user: reg.user.label, reason });
  }

  #setAlarm(reg: Registration, on: boolean, detail?: string): void {
    if (reg.alarmed === on) return;
    reg.alarmed = on;
    const anonymous = reg.user.key === ANONYMOUS_KEY;
    const code = anonymous ? ALARM.EMERGENCY_REGISTRATION_DOWN : ALARM.USER_REGISTRATION_FAILURE;
    const source = anonymous ? undefined : reg.user.label;
    if (on) this.#d.alarms.raise(code, source, detail);
    else this.#d.alarms.clear(code, source);
  }

  /** The user's binding at `target` is removed because it no longer registers here (deleted, or this Master stops). */
  #deregister(reg: Registration, target: SipTarget): Promise<void> {
    this.#news.removed(reg, target);
    return this.#removeAt(reg, target);
  }

  /**
   * Removes one binding of `reg` at `target` (Expires 0): ours, from the user's socket, or `contact` (the peer
   * Master's); not cancelled by later changes of the user.
   */
  #removeAt(reg: Registration, target: SipTarget, contact?: string): Promise<void> {
    const done = this.#d.sockets
      .endpoint(reg.user.key)
      .then((e) =>
        this.#exchange(e, reg, target, 0, contact ?? contactUri(reg.user.aorUser, e.ip, e.localPort, target)),
      )
      .then(
        () => undefined,
        () => undefined,
      );
    this.#removals.add(done);
    void done.finally(() => this.#removals.delete(done));
    return done;
  }
}

function sameUser(a: RegistrationUser, b: RegistrationUser): boolean {
  return a.aorUser === b.aorUser && a.authUser === b.authUser && a.password === b.password && a.instance === b.instance;
}
