import { createActor, type Actor } from "xstate";
import type { Clock } from "../core/Clock.js";
import type { DeviceConfig } from "../core/config/DeviceConfig.js";
import { IpdectError, StateError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import { toMasterEvent, type MasterEvent } from "../master/events.js";
import { masterMachine } from "../master/master.machine.js";
import { MirrorState } from "../master/MirrorState.js";
import { toRadioEvent, type RadioEvent } from "../radio/events.js";
import { radioMachine } from "../radio/radio.machine.js";
import type { Message } from "../wire/codec.js";
import { decodeFrame, encodeFrame } from "../wire/frame.js";
import { PORTS } from "../wire/ports.js";
import type { Channel, Endpoint, Transport } from "../wire/Transport.js";
import { Alarms } from "./Alarms.js";
import type { EventKind, EventSink } from "./EventLog.js";
import type { Outgoing, RoleIo } from "./RoleIo.js";
import { deviceStatus, type DeviceStatus } from "./status.js";

/** What a world hands a device (STYLE.md §1): the only way a device reaches time, network, storage and logs. */
export interface DeviceEnv {
  readonly clock: Clock;
  readonly transport: Transport;
  readonly store: Store;
  readonly events: EventSink;
  readonly logger: Logger;
}

export interface Counters {
  framesIn: number;
  framesOut: number;
  framesDropped: number;
}

export type ResetMode = "idle" | "immediate";

/**
 * One IPBS/IPBL/IPVM: its roles as XState actors on one Transport/Clock/Store. The same class runs in the node world
 * and in the sim world; only the DeviceEnv differs.
 */
export class Device {
  readonly env: DeviceEnv;
  readonly alarms: Alarms;
  readonly counters: Counters = { framesIn: 0, framesOut: 0, framesDropped: 0 };
  #running: DeviceConfig;
  #pending: DeviceConfig | undefined;
  #master: Actor<typeof masterMachine> | undefined;
  #radio: Actor<typeof radioMachine> | undefined;
  #mirror: MirrorState | undefined;
  #up = false;
  readonly #log: Logger;

  private constructor(cfg: DeviceConfig, env: DeviceEnv) {
    this.#running = cfg;
    this.env = env;
    this.#log = env.logger.child({ device: cfg.name });
    this.alarms = new Alarms(
      (kind, fields) => this.#emit(kind, fields),
      () => env.clock.now(),
    );
  }

  static async start(cfg: DeviceConfig, env: DeviceEnv): Promise<Device> {
    const d = new Device(cfg, env);
    await d.#boot();
    return d;
  }

  get name(): string {
    return this.#running.name;
  }

  get config(): DeviceConfig {
    return this.#running;
  }

  get pendingConfig(): DeviceConfig | undefined {
    return this.#pending;
  }

  get up(): boolean {
    return this.#up;
  }

  async #boot(): Promise<void> {
    const cfg = this.#running;
    this.#mirror = await MirrorState.load(this.env.store);
    await this.env.transport.open(
      {
        datagram: [PORTS.RAS],
        stream: cfg.master !== undefined && cfg.master.mode !== "off" ? [PORTS.MASTER_STREAM] : [],
      },
      {
        frame: (f, from, ch) => this.#onFrame(f, from, ch),
        malformed: (from, ch, err) => this.#dropped(from, ch, err),
      },
    );
    this.#up = true;
    this.#emit("state", { role: "device", state: "up", model: cfg.kind, ip: cfg.ip });
    const io = this.#io();
    if (cfg.master !== undefined) {
      this.#master = this.#actor(
        createActor(masterMachine, { input: { cfg: cfg.master, io, mirror: this.#mirror }, clock: this.env.clock }),
        "master",
      );
    }
    if (cfg.radio !== undefined) {
      this.#radio = this.#actor(
        createActor(radioMachine, { input: { cfg: cfg.radio, io }, clock: this.env.clock }),
        "radio",
      );
    }
  }

  /** A role that throws is logged and stops; the device and its other roles keep running. */
  #actor<A extends { subscribe(o: { error: (err: unknown) => void }): unknown; start(): unknown }>(
    actor: A,
    role: string,
  ): A {
    actor.subscribe({ error: (err: unknown) => this.#log.log("error", "role failed", { role, error: String(err) }) });
    actor.start();
    return actor;
  }

  #io(): RoleIo {
    const cfg = this.#running;
    return {
      clock: this.env.clock,
      device: cfg.name,
      ip: cfg.ip,
      mac: cfg.mac,
      kind: cfg.kind,
      alarms: this.alarms,
      store: this.env.store,
      log: this.#log,
      send: (to, channel, msg) => this.#send(to, channel, msg),
      disconnect: (to) => this.env.transport.disconnect(to),
      emit: (kind, fields) => this.#emit(kind, fields),
    };
  }

  #send(to: Endpoint, channel: Channel, msg: Outgoing): void {
    if (!this.#up) return;
    this.counters.framesOut++;
    this.env.transport.send(to, channel, encodeFrame({ fromDevice: this.#running.name, ...msg } as Message));
  }

  #emit(kind: EventKind, fields: Record<string, unknown>): void {
    this.env.events.emit({ t: this.env.clock.now(), device: this.#running.name, kind, ...fields });
  }

  #onFrame(frame: Uint8Array, from: Endpoint, channel: Channel): void {
    if (!this.#up) return;
    this.counters.framesIn++;
    let master: MasterEvent | undefined;
    let radio: RadioEvent | undefined | null;
    try {
      const msg = decodeFrame(frame);
      master = toMasterEvent(msg, from);
      radio = master === undefined ? toRadioEvent(msg, from) : undefined;
      if (radio === null) throw new IpdectError("MSG_INVALID", "radio status with invalid fields");
      if (master !== undefined && this.#master === undefined)
        throw new IpdectError("MSG_NO_ROLE", `${msg.body} but no Master role`);
      if (radio !== undefined && this.#radio === undefined)
        throw new IpdectError("MSG_NO_ROLE", `${msg.body} but no radio role`);
      if (master === undefined && radio === undefined)
        throw new IpdectError("MSG_NO_ROLE", `${msg.body} is not handled here`);
    } catch (err) {
      return this.#dropped(from, channel, err);
    }
    if (master !== undefined) this.#master!.send(master);
    else if (radio) this.#radio!.send(radio);
  }

  /** Malformed or unexpected frames: counted, logged once each, reported in the event log; never fatal. */
  #dropped(from: Endpoint, channel: Channel, err: unknown): void {
    this.counters.framesDropped++;
    const code = err instanceof IpdectError ? err.code : "INTERNAL";
    const reason = err instanceof Error ? err.message : String(err);
    this.#log.log("warn", "frame dropped", { from: `${from.ip}:${from.port}`, channel, code, reason });
    this.#emit("message-dropped", { from: `${from.ip}:${from.port}`, channel, code, reason });
  }

  // ---- operator interface ------------------------------------------------------------------------------------------

  /** Stores a new configuration; it takes effect at the next reset (manual 003 §4.24). */
  configure(next: DeviceConfig): void {
    if (next.name !== this.#running.name || next.ip !== this.#running.ip)
      throw new StateError("CONFIG_IDENTITY", "device name and IP address cannot change while running");
    this.#pending = next;
    this.#emit("command", { command: "config", result: "stored", note: "takes effect after reset" });
  }

  /**
   * Idle reset waits until no calls are active, immediate reset drops them (§4.24). This version carries no calls,
   * so both restart at once; the pending configuration becomes the running one.
   */
  async reset(mode: ResetMode): Promise<void> {
    this.#emit("command", { command: "reset", mode });
    await this.#shutdown(false);
    // A reset reboots: every registration and lease this device held is gone.
    this.#emit("state", { role: "device", state: "stopped", reason: "reset" });
    if (this.#pending !== undefined) {
      this.#running = this.#pending;
      this.#pending = undefined;
    }
    await this.#boot();
  }

  /** "Activate mirror" (§4.6.19). */
  activateMirror(): void {
    this.#masterCommand({ type: "cmd.activateMirror" });
  }

  /** "Switch active mirror" (§4.6.19). */
  switchMirror(): void {
    this.#masterCommand({ type: "cmd.switchMirror" });
  }

  #masterCommand(ev: MasterEvent): void {
    if (this.#master === undefined || this.#running.master?.mode !== "mirror")
      throw new StateError(
        "NOT_A_MIRROR",
        `${ev.type.replace("cmd.", "")} needs Master mode Mirror (this device: ${this.#running.master?.mode ?? "off"})`,
      );
    this.#master.send(ev);
  }

  /** A row of the Master's user/handset data (what "Activate mirror" copies); resolves once it is on flash. */
  async putMasterData(key: string, value: string): Promise<void> {
    if (this.#mirror === undefined || this.#running.master === undefined)
      throw new StateError("NO_MASTER", "this device is not a Master");
    this.#mirror.putItem(key, value);
    await this.#mirror.save();
  }

  status(): DeviceStatus {
    return deviceStatus({
      cfg: this.#running,
      up: this.#up,
      pendingReset: this.#pending !== undefined,
      counters: this.counters,
      alarms: this.alarms.active(),
      master: this.#master?.getSnapshot(),
      radio: this.#radio?.getSnapshot(),
      data: this.#mirror?.data,
    });
  }

  /** Graceful stop: a radio says goodbye to its Master first. A crash (sim fault `stop`) is `stop(false)`. */
  async stop(graceful = true): Promise<void> {
    await this.#shutdown(graceful);
    this.#emit("state", { role: "device", state: "stopped" });
  }

  async #shutdown(graceful: boolean): Promise<void> {
    if (!this.#up) return;
    if (graceful) this.#radio?.send({ type: "shutdown" });
    this.#master?.stop();
    this.#radio?.stop();
    this.#master = undefined;
    this.#radio = undefined;
    this.#up = false;
    await this.env.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
