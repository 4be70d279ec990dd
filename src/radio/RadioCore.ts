import { LEASE_MARGIN_MS, leaseOutlastMs, REDUNDANCY_DEFAULTS } from "../role/redundancy.js";
import { type RadioSettings } from "./settings.js";
import type { StatusUpdate } from "./events.js";
import type { RoleIo } from "../role/RoleIo.js";
import { DeviceKindWire } from "../wire/codec.js";
import { PORTS } from "../wire/ports.js";

/**
 * Bookkeeping of the radio role: which Master it talks to, when it last heard it, the grant it echoes. Whether the
 * Master registered or holds it is the role machine's state (radio.machine.ts), not kept here.
 */
export class RadioCore {
  readonly cfg: RadioSettings;
  readonly io: RoleIo;
  target: string;
  attempt = 0;
  seq = 0;
  /** When the current Master last answered (or connecting began): it is lost masterLostMs later. */
  #lastAnswerAt = 0;
  /** The current Master's lease on this radio, as it told us; we stay silent that long (plus margin) before moving. */
  leaseMs: number = REDUNDANCY_DEFAULTS.radioLostMs;
  masterId = 0;
  /** Our MAC as messages carry it: one copy for all of them (messages are read, never changed). */
  readonly #mac: Uint8Array;
  /** The newest grant (the Master's clock in its answer) of this attempt, echoed in heartbeats; 0: none yet. */
  #grantMs = 0;
  /** When that grant arrived: the Master's lease on us ends a lease (on its clock) after it was sent, so before then. */
  #grantHeardAt = 0;
  /**
   * The Master answered our newest register, or a heartbeat after it, in this attempt: every register has arrived (a
   * stream keeps order) and every later frame echoes a grant, so no frame of ours can give the Master a lease beyond
   * the newest grant's.
   */
  #grantBounds = false;
  /** The seq of our newest register: an answer echoing it (or a later seq) shows every register has arrived. */
  #registerSeq = 0;
  /** When the stream to the Master we left was aborted: nothing of ours reaches it later than a wire delay after. */
  #abortedAt = -Infinity;

  constructor(cfg: RadioSettings, io: RoleIo) {
    this.cfg = cfg;
    this.io = io;
    this.target = cfg.master ?? "";
    this.#mac = io.mac.bytes;
  }

  get now(): number {
    return this.io.clock.now();
  }

  /** The other Master: the alternate when on the primary, otherwise the primary. */
  other(): string {
    const alt = this.cfg.alternateMaster;
    return this.target === this.cfg.master && alt !== undefined ? alt : (this.cfg.master ?? this.target);
  }

  startConnecting(target: string): void {
    if (this.target !== "" && this.target !== target) this.#abandon();
    this.target = target;
    this.attempt++;
    this.#grantMs = 0;
    this.#grantBounds = false;
    this.#lastAnswerAt = this.now;
    this.io.emit("state", { role: "radio", state: "connecting", master: target });
    this.sendRegister();
  }

  sendRegister(): void {
    const kind = DeviceKindWire[this.io.kind];
    const seq = (this.#registerSeq = ++this.seq);
    this.#send({
      body: "radioRegister",
      radioRegister: { mac: this.#mac, name: this.io.device, kind, attempt: this.attempt, seq },
    });
  }

  sendHeartbeat(): void {
    this.#send({
      body: "radioHeartbeat",
      radioHeartbeat: { mac: this.#mac, attempt: this.attempt, seq: ++this.seq, grantMs: this.#grantMs },
    });
  }

  sendUnregister(reason: string): void {
    this.#send({ body: "radioUnregister", radioUnregister: { mac: this.#mac, reason } });
  }

  #send(msg: Parameters<RoleIo["send"]>[2]): void {
    if (this.target === "") return;
    this.io.send({ ip: this.target, port: PORTS.MASTER_STREAM }, "stream", msg);
  }

  /**
   * The Master registered or holds this radio: its answer (of this attempt) renews the connection, says its lease and
   * id, and carries the grant our heartbeats echo from now on.
   */
  attached(status: StatusUpdate): void {
    this.#lastAnswerAt = this.now;
    if (status.leaseMs > 0) this.leaseMs = status.leaseMs;
    this.masterId = status.masterId;
    if (status.grantMs > 0) {
      this.#grantMs = status.grantMs;
      this.#grantHeardAt = this.now;
      if (status.seq > 0 && status.seq >= this.#registerSeq) this.#grantBounds = true;
    }
  }

  refused(reason: string): void {
    this.#lastAnswerAt = this.now;
    this.io.emit("state", { role: "radio", state: "refused", master: this.target, reason });
  }

  leaving(): void {
    this.#abandon();
    this.io.emit("state", { role: "radio", state: "searching", master: this.target, reason: "master lost" });
  }

  lostDeadline(): number {
    return this.#lastAnswerAt + this.cfg.masterLostMs;
  }

  /**
   * Aborts the stream to the current Master, so no frame of ours can reach it later than a wire delay from now (a
   * TCP retransmission after we moved on would otherwise give it a lease on us: a register, or a heartbeat without a
   * grant to echo).
   */
  #abandon(): void {
    this.io.disconnect({ ip: this.target, port: PORTS.MASTER_STREAM });
    this.#abortedAt = this.now;
  }

  /**
   * How long until the old Master's lease on us has surely run out and we may register elsewhere (docs/design.md
   * "Registrations are leases"). When it answered our newest register or a later heartbeat in this attempt, its lease
   * ends at most a lease after the newest grant we heard (on its clock); otherwise a lease after our abort plus the
   * wire's worst delay.
   */
  leaseWaitMs(): number {
    const from = this.#grantBounds ? this.#grantHeardAt : this.#abortedAt + LEASE_MARGIN_MS;
    return Math.max(0, from + leaseOutlastMs(this.leaseMs) - this.now);
  }
}
