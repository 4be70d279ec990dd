import { StateError } from "../../core/errors.js";
import { randomHex } from "../../core/Rng.js";
import type { RoleIo } from "../../role/RoleIo.js";
import type { Directory } from "../Directory.js";
import type { UserEntry } from "../entry.js";
import { compileFeatureCode, parseSelfAssign } from "../featureCode.js";
import { answerToWire, type HandsetAnswer, type RelayedAsk } from "./events.js";
import { ALLOW_SUBSCRIPTION_MS, decideSubscription } from "./subscription.js";
import { UsersCode } from "../errors.js";

export interface HandsetLocation {
  readonly ipei: string;
  readonly radio: string;
  readonly rfpi: string;
  readonly since: number;
}

interface Outcome {
  readonly accepted: boolean;
  readonly reason?: string;
  readonly user?: UserEntry;
  readonly subs?: string;
}

/**
 * The Master's side of handsets: over-air subscription (§3.14, §4.6.2), location registration at the radio a
 * handset is locked to, self-assignment `*<id>*<ext>*<AC>#` (§3.14.1.2) and logout (§3.15.1, §4.6.18). A retried
 * request (same IPEI, session and sequence number) gets the answer already given, so a lost answer never makes a
 * second key; a new session (the handset powered on again, another `ipdect handset` run) is decided anew, so "allow
 * subscription, then retry" (§3.14.2) works.
 */
export class HandsetService {
  readonly #dir: Directory;
  readonly #io: RoleIo;
  readonly #masterId: number;
  readonly #windows = new Map<string, number>();
  readonly #locations = new Map<string, HandsetLocation>();
  /** Per IPEI: the last request (session and seq) and, once decided, its outcome. */
  readonly #answered = new Map<string, { session: string; seq: number; outcome?: Outcome }>();

  constructor(dir: Directory, io: RoleIo, masterId: number) {
    this.#dir = dir;
    this.#io = io;
    this.#masterId = masterId;
  }

  /** §3.14.2 step 7: the user's handset may subscribe with the user's AC for the next 2 minutes. */
  allowSubscription(number: string): number {
    if (this.#dir.findUser("number", number) === undefined)
      throw new StateError(UsersCode.UserUnknown, `no user ${number}`);
    const until = this.#io.clock.now() + ALLOW_SUBSCRIPTION_MS;
    this.#windows.set(number, until);
    return until;
  }

  /** Where each handset last registered its location (since this Master became active). */
  locations(): HandsetLocation[] {
    return [...this.#locations.values()];
  }

  location(ipei: string): HandsetLocation | undefined {
    return this.#locations.get(ipei);
  }

  handle(ask: RelayedAsk): void {
    const prior = this.#answered.get(ask.ipei);
    if (prior?.session === ask.session && prior.seq === ask.seq) {
      if (prior.outcome !== undefined) this.#reply(ask, prior.outcome);
      return;
    }
    const slot: { session: string; seq: number; outcome?: Outcome } = { session: ask.session, seq: ask.seq };
    this.#answered.set(ask.ipei, slot);
    void this.#decide(ask)
      .catch((err: unknown): Outcome => ({ accepted: false, reason: err instanceof Error ? err.message : String(err) }))
      .then((outcome) => {
        slot.outcome = outcome;
        this.#reply(ask, outcome);
      });
  }

  async #decide(ask: RelayedAsk): Promise<Outcome> {
    if (ask.op === "subscribe") return this.#subscribe(ask);
    const subs = this.#dir.subscriptionKey(ask.ipei);
    if (subs === undefined || subs !== ask.subs) return { accepted: false, reason: "not subscribed" };
    const user = this.#dir.findUser("ipei", ask.ipei);
    if (ask.op === "locate") {
      const old = this.#locations.get(ask.ipei);
      if (old?.radio !== ask.radio) {
        this.#locations.set(ask.ipei, {
          ipei: ask.ipei,
          radio: ask.radio,
          rfpi: ask.rfpi,
          since: this.#io.clock.now(),
        });
        this.#io.emit("handset", { ipei: ask.ipei, event: "located", radio: ask.radio, rfpi: ask.rfpi });
      }
      return { accepted: true, ...(user === undefined ? {} : { user }), subs };
    }
    return this.#dial(ask, user, subs);
  }

  async #subscribe(ask: RelayedAsk): Promise<Outcome> {
    const now = this.#io.clock.now();
    const d = decideSubscription(this.#dir, ask.ipei, ask.ac, (n) => (this.#windows.get(n) ?? -Infinity) > now);
    if ("refused" in d) {
      this.#io.emit("handset", { ipei: ask.ipei, event: "subscription-refused", reason: d.refused });
      return { accepted: false, reason: d.refused };
    }
    const subs = randomHex(this.#io.rng, 32);
    await this.#dir.subscribe(ask.ipei, subs, d.to === "user" ? d.number : undefined);
    if (d.to === "user") this.#windows.delete(d.number);
    const user = this.#dir.findUser("ipei", ask.ipei);
    this.#io.emit("handset", { ipei: ask.ipei, event: "subscribed", number: user?.user.number ?? "" });
    return { accepted: true, subs, ...(user === undefined ? {} : { user }) };
  }

  async #dial(ask: RelayedAsk, user: UserEntry | undefined, subs: string): Promise<Outcome> {
    const logoutAc = compileFeatureCode(this.#dir.system.logoutCode)(ask.digits);
    if (logoutAc !== undefined) {
      if (user === undefined) return { accepted: false, reason: "this handset has no user to log out" };
      if (logoutAc !== user.user.authCode) return { accepted: false, reason: "wrong AC" };
      await this.#dir.logoutHandset(user.user.number);
      this.#io.emit("handset", { ipei: ask.ipei, event: "logged-out", number: user.user.number });
      return { accepted: true, subs };
    }
    const assign = parseSelfAssign(ask.digits);
    if (assign === undefined) return { accepted: false, reason: `${ask.digits}: not a feature code of this Master` };
    if (assign.masterId !== this.#masterId)
      return { accepted: false, reason: `Master id ${assign.masterId} is not this Master (${this.#masterId})` };
    const target = this.#dir.findUser("number", assign.number);
    if (target === undefined) return { accepted: false, reason: `no user with Number ${assign.number}` };
    if (assign.ac !== target.user.authCode) return { accepted: false, reason: "wrong AC" };
    const next = await this.#dir.assignHandset(ask.ipei, assign.number);
    this.#io.emit("handset", { ipei: ask.ipei, event: "assigned", number: assign.number });
    return { accepted: true, user: next, subs };
  }

  #reply(ask: RelayedAsk, o: Outcome): void {
    const answer: HandsetAnswer = {
      ipei: ask.ipei,
      session: ask.session,
      seq: ask.seq,
      accepted: o.accepted,
      reason: o.reason ?? "",
      number: o.user?.user.number ?? "",
      longName: o.user?.user.longName ?? "",
      idleDisplay: o.user?.user.idleDisplay ?? "",
      subs: o.subs ?? "",
      handset: ask.handset,
    };
    this.#io.send(ask.from, "stream", { body: "handsetReply", handsetReply: answerToWire(answer) });
  }
}
