import type { Clock } from "../src/core/Clock.js";
import type { Rng } from "../src/core/Rng.js";
import { formatSip, header, parseSip, type SipRequest, type SipResponse } from "../src/sip/message.js";
import { responseTo } from "../src/sip/response.js";
import { Registrar, type SipSource } from "../src/sip/Registrar.js";
import type { Channel, Endpoint, Transport } from "../src/wire/Transport.js";
import type { MemoryNetwork } from "./MemoryNetwork.js";
import type { PbxConfig } from "./pbxSection.js";

/** A PBX of a fleet as its report shows it. */
export interface PbxReport {
  readonly name: string;
  readonly ip: string;
  readonly up: boolean;
  /** Users with at least one binding now. */
  readonly registeredUsers: number;
  readonly bindings: number;
  readonly registers: number;
  readonly challenged: number;
  readonly authFailed: number;
  readonly rejected: number;
}

const encoder = new TextEncoder();
/** RFC 3261 §17.2.2: a non-INVITE server transaction absorbs retransmissions for 64·T1. */
const TIMER_J_MS = 32_000;

/**
 * The built-in SIP registrar peer of a fleet (docs/architecture.md, sim world): the same SIP code as the gatekeeper's, on
 * the in-memory network, answering REGISTERs over UDP and TCP. `stop` takes it off the network (registrar down, its
 * bindings lost as on a restart); `answerDelayMs` makes it slow.
 */
export class SimPbx {
  readonly cfg: PbxConfig;
  readonly #net: MemoryNetwork;
  readonly #clock: Clock;
  readonly #rng: Rng;
  #transport: Transport | undefined;
  #registrar: Registrar;
  #delayMs: number;
  #rejected = 0;
  /** Answers by the request's top Via, kept for Timer J so retransmissions are absorbed. */
  readonly #answered = new Map<string, Uint8Array>();
  /** While set, every REGISTER gets 503, with Retry-After when `retryAfterS` is given (an overloaded PBX). */
  #busy: { readonly retryAfterS?: number } | undefined;
  /** Where this PBX redirects registrations (a 302, §4.7.1.2), while that PBX is up. */
  readonly #redirect: (() => { readonly ip: string; readonly port: number } | undefined) | undefined;

  constructor(
    cfg: PbxConfig,
    net: MemoryNetwork,
    clock: Clock,
    rng: Rng,
    redirect?: () => { readonly ip: string; readonly port: number } | undefined,
  ) {
    this.cfg = cfg;
    this.#redirect = redirect;
    this.#net = net;
    this.#clock = clock;
    this.#rng = rng;
    this.#delayMs = cfg.answerDelayMs;
    this.#registrar = this.#newRegistrar();
  }

  #newRegistrar(): Registrar {
    const c = this.cfg;
    return new Registrar({
      realm: c.realm,
      clock: this.#clock,
      rng: this.#rng,
      password: (authUser) => c.password ?? `${c.passwordPrefix ?? ""}${authUser}`,
      minExpires: c.minExpires,
    });
  }

  get up(): boolean {
    return this.#transport !== undefined;
  }

  async start(): Promise<void> {
    if (this.#transport !== undefined) return;
    this.#registrar = this.#newRegistrar();
    const t = this.#net.attach(this.cfg.ip);
    await t.open(
      { datagram: [this.cfg.port], stream: [this.cfg.port] },
      { frame: (f, from, ch) => this.#receive(t, f, from, ch), malformed: () => void this.#rejected++ },
    );
    this.#transport = t;
  }

  async stop(): Promise<void> {
    const t = this.#transport;
    this.#transport = undefined;
    await t?.close();
  }

  /** Answers leave `ms` after their request arrives. */
  setDelay(ms: number): void {
    this.#delayMs = ms;
  }

  /** Overloaded (or back to normal with undefined): REGISTERs get 503 Service Unavailable. */
  setBusy(busy: { readonly retryAfterS?: number } | undefined): void {
    this.#busy = busy;
  }

  /** The answer, unless this PBX is busy or sends registrations to its primary (RFC 3261 §21.3.3, §21.5.4). */
  #answer(req: SipRequest, from: SipSource): SipResponse {
    if (req.method === "REGISTER" && this.#busy !== undefined) {
      const ra = this.#busy.retryAfterS;
      return responseTo(
        req,
        503,
        "Service Unavailable",
        ra === undefined ? [] : [{ name: "retry-after", value: String(ra) }],
      );
    }
    const to = req.method === "REGISTER" ? this.#redirect?.() : undefined;
    if (to !== undefined)
      return responseTo(req, 302, "Moved Temporarily", [{ name: "contact", value: `<sip:${to.ip}:${to.port}>` }]);
    return this.#registrar.handle(req, from);
  }

  #receive(t: Transport, frame: Uint8Array, from: Endpoint, channel: Channel): void {
    let bytes: Uint8Array;
    try {
      const msg = parseSip(frame);
      if (msg.type !== "request" || msg.method === "ACK") return;
      // A retransmission gets the answer its first copy got (RFC 3261 §17.2.2), not a second one.
      const branch = header(msg, "via") ?? "";
      const cached = this.#answered.get(branch);
      if (cached !== undefined) bytes = cached;
      else {
        bytes = encoder.encode(
          formatSip(this.#answer(msg, { ...from, transport: channel === "datagram" ? "udp" : "tcp" })),
        );
        this.#answered.set(branch, bytes);
        this.#clock.setTimeout(() => this.#answered.delete(branch), TIMER_J_MS);
      }
    } catch {
      this.#rejected++;
      return;
    }
    const send = () => {
      if (this.#transport === t) t.send(from, channel, bytes);
    };
    if (this.#delayMs > 0) this.#clock.setTimeout(send, this.#delayMs);
    else send();
  }

  report(): PbxReport {
    const b = this.#registrar.bindings();
    const c = this.#registrar.counters;
    return {
      name: this.cfg.name,
      ip: this.cfg.ip,
      up: this.up,
      registeredUsers: new Set(b.map((x) => x.aor)).size,
      bindings: b.length,
      registers: c.registers,
      challenged: c.challenged,
      authFailed: c.authFailed,
      rejected: this.#rejected,
    };
  }
}
