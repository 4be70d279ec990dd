import { ALARM } from "../core/alarms/index.js";
import type { Clock, TimerHandle } from "../core/Clock.js";
import type { GatekeeperSettings } from "./settings.js";
import type { Alarms } from "../role/Alarms.js";
import type { Emit } from "../role/EventLog.js";
import type { RegisterResult } from "./registerExchange.js";
import type { Registration } from "./registration.js";
import { targetKey, type SipTarget } from "./target.js";

/** What proxy health needs of the gatekeeper. */
export interface ProxyHealthDeps {
  readonly settings: GatekeeperSettings;
  readonly clock: Clock;
  readonly alarms: Alarms;
  readonly emit: Emit;
}

/** The users' registrations as proxy health moves them (RegistrationAgent). */
export interface ProxyUsers {
  all(): IterableIterator<Registration>;
  /** Queues `reg` for another attempt at the first proxy that is not down. */
  retry(reg: Registration): void;
  /** One attempt of `reg` at `target` alone, down or not. */
  probe(reg: Registration, target: SipTarget): Promise<RegisterResult | undefined>;
}

/**
 * Proxy health, shared by every user rather than kept per user: the first failure marks a proxy down for everyone
 * (0x00010002 per proxy), so 4000 users do not each wait for Timer F, and those registered there move on. A down
 * proxy is tried again every Registration TTL; when it answers, users who prefer it come back (§4.6.23, §4.7.1.2).
 */
export class ProxyHealth {
  readonly #d: ProxyHealthDeps;
  readonly #users: ProxyUsers;
  readonly #down = new Map<string, { readonly target: SipTarget; probe?: TimerHandle }>();

  constructor(d: ProxyHealthDeps, users: ProxyUsers) {
    this.#d = d;
    this.#users = users;
  }

  isDown(target: SipTarget): boolean {
    return this.#down.has(targetKey(target));
  }

  /** Targets that failed and are not back yet (0x00010002 active). */
  downTargets(): string[] {
    return [...this.#down.keys()];
  }

  /** A proxy failed: 0x00010002, every user registered there moves on, and the proxy is retried every TTL. */
  down(target: SipTarget, reason: string): void {
    const key = targetKey(target);
    if (this.#down.has(key)) return;
    this.#down.set(key, { target });
    this.#d.alarms.raise(ALARM.GATEWAY_REGISTRATION_DOWN, key, reason);
    this.#d.emit("state", { role: "sip", proxy: key, state: "down", reason });
    for (const reg of this.#users.all())
      if (reg.target !== undefined && targetKey(reg.target) === key) this.#users.retry(reg);
    this.#scheduleProbe(key);
  }

  /** A proxy answered again (a probe, a redirect, or any success): users who prefer it come back. */
  up(target: SipTarget): void {
    const key = targetKey(target);
    const d = this.#down.get(key);
    if (d === undefined) return;
    if (d.probe !== undefined) this.#d.clock.clearTimeout(d.probe);
    this.#down.delete(key);
    this.#d.alarms.clear(ALARM.GATEWAY_REGISTRATION_DOWN, key);
    this.#d.emit("state", { role: "sip", proxy: key, state: "up" });
    for (const reg of this.#users.all()) if (reg.state !== "registered" || prefers(reg, key)) this.#users.retry(reg);
  }

  /** Stops probing and clears every proxy's alarm. */
  stop(): void {
    for (const [key, d] of this.#down) {
      if (d.probe !== undefined) this.#d.clock.clearTimeout(d.probe);
      this.#d.alarms.clear(ALARM.GATEWAY_REGISTRATION_DOWN, key);
    }
    this.#down.clear();
  }

  /**
   * Every Registration TTL, a down proxy gets one REGISTER of a user who prefers it (§4.6.23 step 15: the TTL
   * "decides how often the Master will try to reconnect to the primary SIP proxy"). With redirection (§4.7.1.2) the
   * Master leaves the primary alone while its users are registered elsewhere.
   */
  #scheduleProbe(key: string): void {
    const d = this.#down.get(key);
    if (d === undefined) return;
    d.probe = this.#d.clock.setTimeout(() => void this.#probe(key), this.#d.settings.registrationTtlS * 1000);
  }

  async #probe(key: string): Promise<void> {
    const d = this.#down.get(key);
    if (d === undefined) return;
    d.probe = undefined;
    const wanting = [...this.#users.all()].filter((r) => prefers(r, key));
    const stranded = wanting.some((r) => r.state !== "registered");
    if (wanting.length === 0 || (this.#d.settings.redirection && !stranded)) return this.#scheduleProbe(key);
    const reg = wanting[0]!;
    const result = await this.#users.probe(reg, d.target);
    if (result?.kind === "ok") return;
    this.#scheduleProbe(key);
  }
}

/** Whether `reg` is registered at a target it likes less than `key` (or nowhere). */
function prefers(reg: Registration, key: string): boolean {
  const want = reg.targets.findIndex((t) => targetKey(t) === key);
  if (want < 0) return false;
  if (reg.state !== "registered" || reg.target === undefined) return true;
  const at = reg.targets.findIndex((t) => targetKey(t) === targetKey(reg.target!));
  return at < 0 || want < at;
}
