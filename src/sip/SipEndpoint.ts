import type { Clock, TimerHandle } from "../core/Clock.js";
import { IpdectError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import { randomHex, type Rng } from "../core/Rng.js";
import type { Channel, Endpoint, Transport } from "../wire/Transport.js";
import { parseCSeq, parseVia } from "./headers.js";
import {
  formatSip,
  header,
  parseSip,
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from "./message.js";
import { responseTo } from "./response.js";
import { channelOf, endpointOf, viaTransport, type SipTarget, type SipTransportName } from "./target.js";
import { SipCode } from "./errors.js";

/** RFC 3261 §17.1.1.1: round-trip estimate and the cap on non-INVITE retransmission intervals. */
export const T1_MS = 500;
export const T2_MS = 4000;
/** Timer F (§17.1.2.2): a non-INVITE client transaction without a final response fails after 64·T1. */
export const TIMER_F_MS = 64 * T1_MS;
/** RFC 3261 §8.1.1.7: every branch we make starts with the magic cookie. */
const BRANCH_COOKIE = "z9hG4bK";

/** How a client transaction ended (RFC 3261 §17.1.2): a final response, Timer F, or a transport error (§8.1.3.1). */
export type TransactionOutcome =
  | { readonly kind: "response"; readonly response: SipResponse }
  | { readonly kind: "timeout" }
  | { readonly kind: "transport-error"; readonly reason: string };

/** A request as the caller writes it: the endpoint adds the Via with a fresh branch. */
export interface OutgoingRequest {
  readonly method: string;
  readonly uri: string;
  readonly headers: readonly SipHeader[];
  readonly body?: string;
}

/** What a SIP endpoint counts; shown in the gatekeeper status. */
export interface SipCounters {
  requestsSent: number;
  retransmissions: number;
  responsesReceived: number;
  timeouts: number;
  transportErrors: number;
  /** Messages that did not parse or matched nothing: each is logged with its reason. */
  rejected: number;
  requestsAnswered: number;
}

/**
 * How the endpoint answers requests sent to it (the agent is a user agent client for REGISTER only); `from` is where
 * the request came from (the datagram's source, the connection's peer).
 */
export type RequestAnswer = (req: SipRequest, from: Endpoint) => { readonly status: number; readonly reason: string };

export interface SipEndpointOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly log: Logger;
  readonly localPort: number;
  /**
   * Transports to listen on. The Master's own SIP port listens on UDP whatever the Protocol (registrars answer and
   * send OPTIONS there); an extension's socket (ExtensionSockets.ts) only on the Protocol's transport.
   */
  readonly transports: readonly SipTransportName[];
  readonly answer: RequestAnswer;
  /** Where it counts: one object shared by all SIP sockets of a gatekeeper (its Local Port and every extension's). */
  readonly counters?: SipCounters;
}

/** Counters at zero. */
export function sipCounters(): SipCounters {
  return {
    requestsSent: 0,
    retransmissions: 0,
    responsesReceived: 0,
    timeouts: 0,
    transportErrors: 0,
    rejected: 0,
    requestsAnswered: 0,
  };
}

interface Pending {
  readonly target: SipTarget;
  readonly method: string;
  readonly bytes: Uint8Array;
  readonly done: (o: TransactionOutcome) => void;
  /** When Timer F fires (§17.1.2.2). */
  readonly deadline: number;
  /** The one timer of the transaction: the next retransmission (Timer E, UDP) or Timer F itself. */
  timer: TimerHandle;
  interval: number;
}

const encoder = new TextEncoder();

/**
 * The transaction layer of the gatekeeper (RFC 3261 §17.1.2 non-INVITE client transactions) on one SIP socket of the
 * Master (its own Local Port, or one extension's port, App. H footnote 1): sends requests, retransmits them over UDP (Timer E, doubling from T1 up to T2), gives up after Timer F, and
 * matches responses by the top Via branch and CSeq method (§17.1.3). Requests sent to us get a stateless answer.
 * Anything that does not parse is rejected, counted and logged with its reason; it never stops the endpoint.
 */
export class SipEndpoint {
  readonly counters: SipCounters;
  readonly #o: SipEndpointOptions;
  readonly #pending = new Map<string, Pending>();
  #open = false;

  private constructor(o: SipEndpointOptions) {
    this.#o = o;
    this.counters = o.counters ?? sipCounters();
  }

  static async open(o: SipEndpointOptions): Promise<SipEndpoint> {
    const e = new SipEndpoint(o);
    const stream = o.transports.some((t) => t !== "udp");
    const datagram = o.transports.includes("udp");
    await o.transport.open(
      { datagram: datagram ? [o.localPort] : [], stream: stream ? [o.localPort] : [] },
      {
        frame: (f, from, ch) => e.receive(f, from, ch),
        malformed: (from, ch, err) => e.#reject(from, ch, err),
        unreachable: (to, ch, reason) => e.#unreachable(to, ch, reason),
      },
    );
    e.#open = true;
    return e;
  }

  get ip(): string {
    return this.#o.transport.ip;
  }

  get localPort(): number {
    return this.#o.localPort;
  }

  /** Sends `req` to `target` as a new client transaction; resolves with how it ended. */
  request(target: SipTarget, req: OutgoingRequest): Promise<TransactionOutcome> {
    if (!this.#open) return Promise.resolve({ kind: "transport-error", reason: "SIP endpoint closed" });
    const branch = BRANCH_COOKIE + randomHex(this.#o.rng, 16);
    const via = `SIP/2.0/${viaTransport(target.transport)} ${this.ip}:${this.localPort};branch=${branch};rport`;
    const message: SipRequest = {
      type: "request",
      method: req.method,
      uri: req.uri,
      headers: [{ name: "via", value: via }, ...req.headers],
      body: req.body ?? "",
    };
    const bytes = encoder.encode(formatSip(message));
    return new Promise((resolve) => {
      const udp = target.transport === "udp";
      const p: Pending = {
        target,
        method: req.method,
        bytes,
        done: resolve,
        deadline: this.#o.clock.now() + TIMER_F_MS,
        interval: T1_MS,
        timer: this.#o.clock.setTimeout(() => this.#timer(branch), udp ? T1_MS : TIMER_F_MS),
      };
      this.#pending.set(branch, p);
      this.counters.requestsSent++;
      this.#send(target, bytes);
    });
  }

  /** Transactions still waiting for a final response. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** One message from the network (a datagram, or one framed message of a stream). */
  receive(frame: Uint8Array, from: Endpoint, channel: Channel): void {
    let msg: SipMessage;
    try {
      msg = parseSip(frame);
    } catch (err) {
      return this.#reject(from, channel, err);
    }
    if (msg.type === "response") this.#response(msg, from, channel);
    else this.#request(msg, from, channel);
  }

  #response(res: SipResponse, from: Endpoint, channel: Channel): void {
    let branch: string | undefined;
    let method: string;
    try {
      const via = parseVia(header(res, "via")!);
      branch = via.params.get("branch") ?? undefined;
      method = parseCSeq(header(res, "cseq")!).method;
    } catch (err) {
      return this.#reject(from, channel, err);
    }
    const p = branch === undefined ? undefined : this.#pending.get(branch);
    if (p === undefined || p.method !== method)
      return this.#reject(
        from,
        channel,
        new IpdectError(SipCode.SipNoTransaction, `${res.status} matches no transaction`),
      );
    this.counters.responsesReceived++;
    if (res.status < 200) {
      // §17.1.2.2 Proceeding: retransmit at T2 from now on.
      p.interval = T2_MS;
      return;
    }
    this.#finish(branch!, { kind: "response", response: res });
  }

  /** Requests sent to the gatekeeper get a stateless response (§8.2.6); ACK gets none (§17.2.1). */
  #request(req: SipRequest, from: Endpoint, channel: Channel): void {
    if (req.method === "ACK") return;
    const { status, reason } = this.#o.answer(req, from);
    this.counters.requestsAnswered++;
    this.#o.transport.send(from, channel, encoder.encode(formatSip(responseTo(req, status, reason))));
  }

  /**
   * The transaction's timer fired: Timer F when its deadline has come (a timeout), else Timer E (a retransmission
   * over UDP, the interval doubling up to T2, the next one never later than Timer F).
   */
  #timer(branch: string): void {
    const p = this.#pending.get(branch);
    if (p === undefined) return;
    const left = p.deadline - this.#o.clock.now();
    if (left <= 0 || p.target.transport !== "udp") return this.#finish(branch, { kind: "timeout" });
    this.counters.retransmissions++;
    this.#send(p.target, p.bytes);
    p.interval = Math.min(p.interval * 2, T2_MS);
    p.timer = this.#o.clock.setTimeout(() => this.#timer(branch), Math.min(p.interval, left));
  }

  #finish(branch: string, outcome: TransactionOutcome): void {
    const p = this.#pending.get(branch);
    if (p === undefined) return;
    this.#pending.delete(branch);
    this.#o.clock.clearTimeout(p.timer);
    if (outcome.kind === "timeout") this.counters.timeouts++;
    if (outcome.kind === "transport-error") this.counters.transportErrors++;
    p.done(outcome);
  }

  /** A connection to `to` could not be made or broke: its transactions fail at once (§8.1.3.1, §18.4). */
  #unreachable(to: Endpoint, channel: Channel, reason: string): void {
    for (const [branch, p] of [...this.#pending]) {
      if (p.target.ip === to.ip && p.target.port === to.port && channelOf(p.target.transport) === channel)
        this.#finish(branch, { kind: "transport-error", reason });
    }
  }

  #send(target: SipTarget, bytes: Uint8Array): void {
    this.#o.transport.send(endpointOf(target), channelOf(target.transport), bytes);
  }

  #reject(from: Endpoint, channel: Channel, err: unknown): void {
    this.counters.rejected++;
    const code = err instanceof IpdectError ? err.code : "INTERNAL";
    const reason = err instanceof Error ? err.message : String(err);
    this.#o.log.log("warn", "sip message rejected", { from: `${from.ip}:${from.port}`, channel, code, reason });
  }

  /** Fails every open transaction and closes the socket. */
  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    for (const branch of [...this.#pending.keys()])
      this.#finish(branch, { kind: "transport-error", reason: "SIP endpoint closed" });
    await this.#o.transport.close();
  }
}
