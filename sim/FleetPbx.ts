import type { Clock } from "../src/core/Clock.js";
import type { Rng } from "../src/core/Rng.js";
import { formatSip, header, parseSip, type SipRequest, type SipResponse } from "../src/sip/message.js";
import { responseTo } from "../src/sip/response.js";
import { Registrar, type Binding, type SipSource } from "../src/sip/Registrar.js";
import type { TimerHandle } from "../src/core/Clock.js";
import type { Channel, Endpoint, Transport } from "../src/wire/Transport.js";
import type { FleetFile } from "./FleetFile.js";
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

/** The transport a PBX answers on, for its address: the in-memory network's (sim) or real sockets (`ipdect pbx`). */
export type PbxAttach = (ip: string) => Transport;

/**
 * A PBX of a fleet file (the `pbx:` section): a SIP registrar running the same SIP code as the gatekeeper's, answering
 * REGISTERs over UDP and TCP. The sim attaches it to the in-memory network; `ipdect pbx` to real sockets (one rule set
 * in both worlds). `stop` takes it off the network (registrar down, its bindings and transactions lost as on a
 * restart); `answerDelayMs` makes it slow.
 */
export class FleetPbx {
  readonly cfg: PbxConfig;
  readonly #attach: PbxAttach;
  readonly #clock: Clock;
  readonly #rng: Rng;
  #transport: Transport | undefined;
  #registrar: Registrar;
  #delayMs: number;
  #rejected = 0;
  /** Answers by the request's top Via, kept for Timer J so retransmissions are absorbed. */
  readonly #answered = new Map<string, { readonly bytes: Uint8Array; readonly timer: TimerHandle }>();
  /** While set, every REGISTER gets 503, with Retry-After when `retryAfterS` is given (an overloaded PBX). */
  #busy: { readonly retryAfterS?: number } | undefined;
  /** Where this PBX redirects registrations (a 302, §4.7.1.2), while that PBX is up. */
  readonly #redirect: (() => { readonly ip: string; readonly port: number } | undefined) | undefined;

  constructor(
    cfg: PbxConfig,
    attach: PbxAttach,
    clock: Clock,
    rng: Rng,
    redirect?: () => { readonly ip: string; readonly port: number } | undefined,
  ) {
    this.cfg = cfg;
    this.#redirect = redirect;
    this.#attach = attach;
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
    const t = this.#attach(this.cfg.ip);
    await t.open(
      { datagram: [this.cfg.port], stream: [this.cfg.port] },
      { frame: (f, from, ch) => this.#receive(t, f, from, ch), malformed: () => void this.#rejected++ },
    );
    this.#transport = t;
  }

  async stop(): Promise<void> {
    const t = this.#transport;
    this.#transport = undefined;
    for (const { timer } of this.#answered.values()) this.#clock.clearTimeout(timer);
    this.#answered.clear();
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
      if (cached !== undefined) bytes = cached.bytes;
      else {
        bytes = encoder.encode(
          formatSip(this.#answer(msg, { ...from, transport: channel === "datagram" ? "udp" : "tcp" })),
        );
        const timer = this.#clock.setTimeout(() => this.#answered.delete(branch), TIMER_J_MS);
        this.#answered.set(branch, { bytes, timer });
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

  /** The registrar's bindings now: contact and the REGISTER's source, as kamailio's `ul.dump` shows them. */
  bindings(): Binding[] {
    return this.#registrar.bindings();
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

/**
 * The PBXs a live lab of `file` runs with `ipdect pbx`: every `pbx:` entry except those whose ip the file lists under
 * `external:`, which another server holds in the lab (e.g. kamailio with the same rule) while the sim simulates it.
 */
export function labPbx(file: Pick<FleetFile, "pbx" | "external">): PbxConfig[] {
  return file.pbx.filter((p) => !file.external.has(p.ip));
}
