import { LEASE_MARGIN_MS, REDUNDANCY_DEFAULTS } from "../role/redundancy.js";
import { type RadioSettings } from "./settings.js";
import type { RoleIo } from "../role/RoleIo.js";
import { DeviceKindWire } from "../wire/codec.js";
import { PORTS } from "../wire/ports.js";

/**
 * Bookkeeping of the radio role: which Master it talks to, when it last heard it, when it last spoke. Whether the
 * Master registered or holds it is the role machine's state (radio.machine.ts), not kept here.
 */
export class RadioCore {
  readonly cfg: RadioSettings;
  readonly io: RoleIo;
  target: string;
  attempt = 0;
  seq = 0;
  lastSentAt = -Infinity;
  /** When the current Master last answered (or connecting began): it is lost masterLostMs later. */
  #lastAnswerAt = 0;
  /** The current Master's lease on this radio, as it told us; we stay silent that long (plus margin) before moving. */
  leaseMs: number = REDUNDANCY_DEFAULTS.radioLostMs;
  masterId = 0;
  /** Our MAC as messages carry it: one copy for all of them (messages are read, never changed). */
  readonly #mac: Uint8Array;

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
    this.#lastAnswerAt = this.now;
    this.io.emit("state", { role: "radio", state: "connecting", master: target });
    this.sendRegister();
  }

  sendRegister(): void {
    const kind = DeviceKindWire[this.io.kind];
    this.#send({
      body: "radioRegister",
      radioRegister: { mac: this.#mac, name: this.io.device, kind, attempt: this.attempt },
    });
  }

  sendHeartbeat(): void {
    this.#send({
      body: "radioHeartbeat",
      radioHeartbeat: { mac: this.#mac, attempt: this.attempt, seq: ++this.seq },
    });
  }

  sendUnregister(reason: string): void {
    this.#send({ body: "radioUnregister", radioUnregister: { mac: this.#mac, reason } });
  }

  #send(msg: Parameters<RoleIo["send"]>[2]): void {
    if (this.target === "") return;
    this.lastSentAt = this.now;
    this.io.send({ ip: this.target, port: PORTS.MASTER_STREAM }, "stream", msg);
  }

  /** The Master registered or holds this radio: its answer renews the connection and says its lease and id. */
  attached(masterId: number, leaseMs: number): void {
    this.#lastAnswerAt = this.now;
    if (leaseMs > 0) this.leaseMs = leaseMs;
    this.masterId = masterId;
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
   * Aborts the stream to the current Master, so no frame of ours can reach it late (a TCP retransmission after we
   * moved on would renew its lease on us); the lease wait counts from here.
   */
  #abandon(): void {
    this.io.disconnect({ ip: this.target, port: PORTS.MASTER_STREAM });
    this.lastSentAt = this.now;
  }

  /** How long until the old Master's lease on us has surely run out and we may register elsewhere. */
  leaseWaitMs(): number {
    return Math.max(0, this.lastSentAt + this.leaseMs + LEASE_MARGIN_MS - this.now);
  }
}
