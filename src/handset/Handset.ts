import type { Clock, TimerHandle } from "../core/Clock.js";
import { IpdectError } from "../core/errors.js";
import {
  answerFromWire,
  askToWire,
  type HandsetAnswer,
  type HandsetAsk,
  type HandsetOp,
} from "../users/handsets/events.js";
import { decodeFrame, encodeFrame } from "../wire/frame.js";
import { PORTS } from "../wire/ports.js";
import { RADIO_REFUSALS } from "../radio/HandsetRelay.js";
import type { Endpoint, Transport } from "../wire/Transport.js";
import { HandsetCode } from "./errors.js";

/** A request is sent again after this long without an answer... */
export const HANDSET_RETRY_MS = 1000;
/** ...this many times in all, each time to the best radio of that moment. */
export const HANDSET_TRIES = 5;
/** By default a subscribed handset registers its location again this often even when it stays at one radio. */
export const LOCATE_INTERVAL_MS = 5 * 60_000;

/** Which radio a handset is locked to now: the strongest radio it hears that carries traffic. */
export type RadioChoice = () => { readonly ip: string; readonly name: string } | undefined;

export interface HandsetStatus {
  readonly ipei: string;
  readonly subscribed: boolean;
  readonly number: string;
  readonly longName: string;
  /** The radio of the last accepted location registration. */
  readonly locatedAt?: string;
  readonly lastReason?: string;
}

/**
 * A DECT handset as the lab sees it (§3.14, §3.15): it subscribes with an AC, registers its location at the radio it
 * is locked to (again when it moves to another, and every LOCATE_INTERVAL_MS), and dials feature codes. The air
 * between handset and radio is emulated by datagrams to the radio's handset port; the same class runs in the sim
 * (on the MemoryNetwork) and against real nodes (`ipdect handset`).
 */
export class Handset {
  readonly ipei: string;
  /** Drawn at power-on: the Master keys its answer cache on it and `seq`, so each run starts afresh. */
  readonly session: string;
  readonly #clock: Clock;
  readonly #transport: Transport;
  readonly #radio: RadioChoice;
  #seq = 0;
  #subs = "";
  #number = "";
  #longName = "";
  #locatedAt: string | undefined;
  #locatedTime = -Infinity;
  #lastReason: string | undefined;
  readonly #waiting = new Map<number, (a: HandsetAnswer) => void>();
  #locating = false;

  readonly #locateIntervalMs: number;

  constructor(
    ipei: string,
    session: string,
    clock: Clock,
    transport: Transport,
    radio: RadioChoice,
    locateIntervalMs = LOCATE_INTERVAL_MS,
  ) {
    this.ipei = ipei;
    this.session = session;
    this.#locateIntervalMs = locateIntervalMs;
    this.#clock = clock;
    this.#transport = transport;
    this.#radio = radio;
  }

  async open(): Promise<void> {
    await this.#transport.open(
      { datagram: [PORTS.HANDSET], stream: [] },
      { frame: (f) => this.#onFrame(f), malformed: () => undefined },
    );
  }

  close(): Promise<void> {
    return this.#transport.close();
  }

  /** A handset subscribed earlier (its key kept, e.g. by `ipdect handset --key`). */
  restoreKey(key: string): void {
    this.#subs = key;
  }

  /** The key from its subscription (empty while not subscribed). */
  get subscriptionKey(): string {
    return this.#subs;
  }

  status(): HandsetStatus {
    return {
      ipei: this.ipei,
      subscribed: this.#subs !== "",
      number: this.#number,
      longName: this.#longName,
      ...(this.#locatedAt === undefined ? {} : { locatedAt: this.#locatedAt }),
      ...(this.#lastReason === undefined ? {} : { lastReason: this.#lastReason }),
    };
  }

  /** Over-air subscription with `ac` (the user's or the system's Authentication Code). */
  async subscribe(ac: string): Promise<HandsetAnswer> {
    const a = await this.#ask("subscribe", { ac });
    if (a.accepted) {
      this.#subs = a.subs;
      this.#learn(a);
      await this.locate();
    }
    return a;
  }

  /** Location registration at the radio it is locked to now. */
  async locate(): Promise<HandsetAnswer> {
    this.#locating = true;
    try {
      const radio = this.#radio();
      const a = await this.#ask("locate", {});
      if (a.accepted) {
        this.#learn(a);
        this.#locatedAt = radio?.name;
        this.#locatedTime = this.#clock.now();
      } else if (a.reason === "not subscribed") this.#subs = "";
      return a;
    } finally {
      this.#locating = false;
    }
  }

  /** Dials a feature string: `*<id>*<ext>*<AC>#` (self-assignment), `#11*<AC>#` (logout). */
  async dial(digits: string): Promise<HandsetAnswer> {
    const a = await this.#ask("dial", { digits });
    if (a.accepted) this.#learn(a);
    return a;
  }

  /**
   * A subscribed handset keeps its location current: after moving to another radio, and every locate interval.
   * Called by its world on a timer; does nothing while a registration is under way.
   */
  maintain(): void {
    if (this.#subs === "" || this.#locating) return;
    const radio = this.#radio();
    if (radio === undefined) return;
    const due = this.#clock.now() - this.#locatedTime >= this.#locateIntervalMs;
    if (radio.name !== this.#locatedAt || due) void this.locate().catch(() => undefined);
  }

  #learn(a: HandsetAnswer): void {
    this.#number = a.number;
    this.#longName = a.longName;
    this.#lastReason = undefined;
  }

  /** Sends one request, to the best radio of each try, until an answer comes or the tries run out. */
  #ask(op: HandsetOp, fields: Partial<Pick<HandsetAsk, "ac" | "digits">>): Promise<HandsetAnswer> {
    const ask: HandsetAsk = {
      ipei: this.ipei,
      session: this.session,
      seq: ++this.#seq,
      op,
      ac: "",
      digits: "",
      subs: this.#subs,
      ...fields,
    };
    return new Promise((resolve, reject) => {
      let tries = 0;
      let timer: TimerHandle | undefined;
      const finish = (a: HandsetAnswer) => {
        if (timer !== undefined) this.#clock.clearTimeout(timer);
        this.#waiting.delete(ask.seq);
        if (!a.accepted) this.#lastReason = a.reason;
        resolve(a);
      };
      const send = () => {
        if (tries++ >= HANDSET_TRIES) {
          this.#waiting.delete(ask.seq);
          this.#lastReason = "no answer";
          return reject(
            new IpdectError(
              HandsetCode.HandsetNoAnswer,
              `${op} of ${this.ipei}: no answer after ${HANDSET_TRIES} tries`,
            ),
          );
        }
        const radio = this.#radio();
        if (radio !== undefined) this.#send({ ip: radio.ip, port: PORTS.HANDSET }, ask);
        timer = this.#clock.setTimeout(send, HANDSET_RETRY_MS);
      };
      this.#waiting.set(ask.seq, finish);
      send();
    });
  }

  #send(to: Endpoint, ask: HandsetAsk): void {
    this.#transport.send(
      to,
      "datagram",
      encodeFrame({ fromDevice: this.ipei, body: "handsetRequest", handsetRequest: askToWire(ask) }),
    );
  }

  #onFrame(frame: Uint8Array): void {
    try {
      const msg = decodeFrame(frame);
      if (msg.body !== "handsetReply") return;
      const a = answerFromWire(msg.handsetReply);
      // A radio that cannot serve (no Master, not synchronised) is no answer: the next try goes to the best radio then.
      const radioOnly = Object.values(RADIO_REFUSALS).includes(a.reason as never);
      if (a.ipei === this.ipei && a.session === this.session && !radioOnly) this.#waiting.get(a.seq)?.(a);
    } catch {
      // Garbage on the air is ignored, as a handset ignores a corrupted frame.
    }
  }
}
