import type { Emit, EventFields, RegistrationEventKind } from "../role/EventLog.js";
import { ANONYMOUS_KEY, type Registration } from "./registration.js";
import { targetKey, type SipTarget } from "./target.js";

type Fields = Omit<EventFields["registration"], "user" | "event">;

/**
 * Tells the event stream what happens to each user's registration (the `registration` event, §4.6.23), and only
 * what changed: a REGISTER is told when it goes to a proxy the user is not registered at, and once per proxy until
 * the user is registered; an outcome (registered, moved, failed, waiting, removed) when it differs from the last one
 * told. Refreshes and retries that end as before say nothing, so 4000 users refreshing every minute stay quiet and
 * a failover tells each user's move once. The anonymous registration (§4.6.24) is told under its Number too.
 */
export class RegistrationNews {
  readonly #emit: Emit;

  constructor(emit: Emit) {
    this.#emit = emit;
  }

  /** A REGISTER of `reg` goes to `target` (not told for a refresh where the binding is, nor twice in a row). */
  sent(reg: Registration, target: SipTarget): void {
    const key = targetKey(target);
    if (reg.state === "registered" && reg.target !== undefined && targetKey(reg.target) === key) return;
    if (reg.told.sent === key) return;
    reg.told.sent = key;
    this.#tell(reg, "sent", { proxy: key, transport: target.transport });
  }

  /**
   * `reg` is registered at `target`: told when it was not registered there before. `from` is where its last binding
   * was: another proxy makes it a move.
   */
  registered(
    reg: Registration,
    target: SipTarget,
    answer: { status: number; reason: string; expiresS: number },
    from: SipTarget | undefined,
  ): void {
    const key = targetKey(target);
    reg.told.sent = undefined;
    if (!this.#changed(reg, `registered ${key}`)) return;
    const moved = from !== undefined && targetKey(from) !== key;
    this.#tell(reg, moved ? "moved" : "registered", {
      proxy: key,
      status: answer.status,
      reason: answer.reason,
      ...(moved ? { from: targetKey(from) } : {}),
      expiresS: answer.expiresS,
    });
  }

  /** An attempt failed (`waiting`: the proxy said when to come back, Retry-After); told when it failed otherwise before. */
  failed(
    reg: Registration,
    event: "failed" | "waiting",
    target: SipTarget | undefined,
    why: { status?: number; reason: string },
  ): void {
    const proxy = target === undefined ? undefined : targetKey(target);
    if (!this.#changed(reg, `${event} ${proxy ?? ""} ${why.status ?? ""} ${why.reason}`)) return;
    this.#tell(reg, event, {
      ...(proxy === undefined ? {} : { proxy }),
      ...(why.status === undefined ? {} : { status: why.status }),
      reason: why.reason,
    });
  }

  /** The binding at `target` is removed (Expires 0): the user was deleted, or this Master stops registering. */
  removed(reg: Registration, target: SipTarget): void {
    reg.told.outcome = undefined;
    reg.told.sent = undefined;
    this.#tell(reg, "removed", { proxy: targetKey(target) });
  }

  #changed(reg: Registration, outcome: string): boolean {
    if (reg.told.outcome === outcome) return false;
    reg.told.outcome = outcome;
    return true;
  }

  #tell(reg: Registration, event: RegistrationEventKind, fields: Fields): void {
    const user = reg.user.key === ANONYMOUS_KEY ? `anonymous ${reg.user.label}` : reg.user.label;
    this.#emit("registration", { user, event, ...fields });
  }
}

/** The alarm detail of a failed registration: what the proxy answered and which proxy (`403 Forbidden from udp:…`). */
export function failureDetail(reason: string, target: SipTarget | undefined): string {
  return target === undefined ? reason : `${reason} from ${targetKey(target)}`;
}
