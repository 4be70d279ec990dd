import type { RoleIo } from "../role/RoleIo.js";
import type { HandsetAnswer, HandsetAsk } from "../users/handsets/events.js";
import { answerFromWire, answerToWire, askFromWire, askToWire } from "../users/handsets/events.js";
import type { Message } from "../wire/codec.js";
import { PORTS } from "../wire/ports.js";
import type { Endpoint } from "../wire/Transport.js";

/** A radio's own refusals: the handset keeps trying (another radio) rather than taking them as the answer. */
export const RADIO_REFUSALS = {
  notSynchronized: "radio not synchronized (§4.11.5)",
  noMaster: "radio has no Master",
} as const;

/** What the relay needs to know of its radio, read when a handset asks. */
export interface RadioView {
  /** The Master the radio is registered to; undefined while it has none. */
  master(): string | undefined;
  /** The RFPI the radio transmits (empty before the PARI Master assigned one). */
  rfpi(): string;
  /** Whether the radio may carry traffic: false while not air-synchronised (§4.11.5). */
  traffic(): boolean;
}

/**
 * A radio's part in a handset's mobility procedures: it hands the request to its Master over its own stream
 * (HandsetRelay) and the Master's answer back over the air. A radio without a Master or without air sync answers at
 * once that it cannot serve, so the handset looks for another.
 */
export class HandsetRelay {
  readonly #io: RoleIo;
  readonly #view: RadioView;

  constructor(io: RoleIo, view: RadioView) {
    this.#io = io;
    this.#view = view;
  }

  /** Whether a handset can lock to this radio now: it has a Master and carries traffic. */
  ready(): boolean {
    return this.#view.traffic() && this.#view.master() !== undefined;
  }

  /** A handset's request heard on the air, or the Master's answer to one. */
  frame(msg: Extract<Message, { body: "handsetRequest" | "handsetReply" }>, from: Endpoint): void {
    if (msg.body === "handsetRequest") this.request(askFromWire(msg.handsetRequest, "handset_request"), from);
    else this.answer(answerFromWire(msg.handsetReply));
  }

  request(ask: HandsetAsk, handset: Endpoint): void {
    const master = this.#view.master();
    const refused = !this.#view.traffic()
      ? RADIO_REFUSALS.notSynchronized
      : master === undefined
        ? RADIO_REFUSALS.noMaster
        : undefined;
    if (refused !== undefined || master === undefined)
      return this.answer({
        ...ask,
        accepted: false,
        reason: refused ?? "",
        number: "",
        longName: "",
        idleDisplay: "",
        subs: "",
        handset,
      });
    this.#io.send({ ip: master, port: PORTS.MASTER_STREAM }, "stream", {
      body: "handsetRelay",
      handsetRelay: {
        request: askToWire(ask),
        handsetIp: handset.ip,
        handsetPort: handset.port,
        rfpi: this.#view.rfpi(),
      },
    });
  }

  /** The Master's answer, or our own refusal, to the handset. */
  answer(a: HandsetAnswer): void {
    this.#io.send(a.handset, "datagram", { body: "handsetReply", handsetReply: answerToWire(a) });
  }
}
