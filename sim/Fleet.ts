import { StateError } from "../src/core/errors.js";
import { SimCode } from "./errors.js";
import { SeededRng } from "../src/core/Rng.js";
import { MemoryStore } from "../src/core/Store.js";
import type { DeviceConfig } from "../src/config/DeviceConfig.js";
import { silentLogger, type Logger } from "../src/core/Logger.js";
import { Device } from "../src/device/Device.js";
import { EventRecorder, type EventSink } from "../src/role/EventLog.js";
import type { DeviceStatus } from "../src/device/status.js";
import { doubleRegistrations, type DoubleRegistration } from "./checks.js";
import { runCommandFault } from "./fleetCommands.js";
import { fleetAirField, type Fault, type FleetFile } from "./FleetFile.js";
import type { AirField } from "../src/sync/air/AirField.js";
import { MemoryNetwork, type NetworkStats } from "./MemoryNetwork.js";
import { SimRealms } from "./SimRealms.js";
import { VirtualClock, type AfterChains } from "./VirtualClock.js";
import { SimHandsets, type HandsetSummary } from "./SimHandsets.js";
import { FleetPbx, type PbxReport } from "./FleetPbx.js";
import { simResolver } from "./SimDns.js";
import { simKeys } from "./simKeys.js";
import { sipReport, type SipReport } from "./sipReport.js";
import { SimUpdateFetcher, SimUpdateServer, type UpdateServerReport } from "./SimUpdateServer.js";
import { FleetSiteOps } from "./FleetSiteOps.js";
import { DEFAULT_STEP_TIMEOUT_MS, rollingUpgrade } from "../src/upgrade/rollingUpgrade.js";

export interface FleetOptions {
  readonly seed: number | string;
  /** Calls its argument once pending promise chains have run: between timer callbacks (platform/node/settle.ts). */
  readonly afterChains: AfterChains;
  /** Also receives every event as it happens (e.g. a JSONL file writer). */
  readonly events?: EventSink;
  readonly logger?: Logger;
  /**
   * Real bytes between devices: every device-link frame encoded, tagged and checked, as on a network (`ipdect sim
   * --wire`). Without it, frames carry their messages by reference (src/role/CarriedFrame.ts); the event log is the same.
   */
  readonly wire?: boolean;
}

interface Slot {
  readonly cfg: DeviceConfig;
  /** The device's flash: survives stop/start of the device, as on real hardware. */
  readonly store: MemoryStore;
  device: Device | undefined;
}

export interface FleetReport {
  readonly fleet: string;
  readonly seed: string;
  readonly t: number;
  readonly devices: Record<string, DeviceStatus | { name: string; up: false }>;
  readonly network: NetworkStats;
  readonly checks: { readonly doubleRegistrations: readonly DoubleRegistration[] };
  /** Present when the fleet file has handsets. */
  readonly handsets?: HandsetSummary;
  /** Present when the fleet file has PBXs. */
  readonly pbx?: readonly PbxReport[];
  /** Present when a Master has a gatekeeper: where each user is registered, and why not (sim/sipReport.ts). */
  readonly sip?: SipReport;
  /** Present when the fleet file has update servers: what each served and what was uploaded to it. */
  readonly updateServers?: readonly UpdateServerReport[];
}

/**
 * A whole fleet in one process on one VirtualClock (docs/architecture.md, sim world): in-memory network with the file's
 * conditions, memory stores, faults applied at their virtual times. Fast as the CPU allows; same file + seed → same
 * event log.
 */
export class Fleet {
  readonly clock = new VirtualClock();
  /** Kerberos realms of this fleet (§4.1.8), modelled without tickets. */
  readonly realms = new SimRealms();
  readonly net: MemoryNetwork;
  readonly air: AirField;
  readonly events: EventRecorder;
  readonly file: FleetFile;
  readonly #seed: string;
  readonly #afterChains: AfterChains;
  readonly #logger: Logger;
  /** Real bytes between devices (FleetOptions.wire). */
  readonly #wire: boolean;
  readonly #slots = new Map<string, Slot>();
  /** The fleet file's lab handsets, if any. */
  handsets: SimHandsets | undefined;
  /** The fleet file's PBXs, by name. */
  readonly pbx = new Map<string, FleetPbx>();
  /** The fleet file's update servers, by name. */
  readonly updateServers = new Map<string, SimUpdateServer>();

  private constructor(file: FleetFile, opts: FleetOptions) {
    this.file = file;
    this.#seed = String(opts.seed);
    this.#afterChains = opts.afterChains;
    this.#logger = opts.logger ?? silentLogger;
    this.#wire = opts.wire === true;
    this.events = new EventRecorder(opts.events);
    this.net = new MemoryNetwork(this.clock, new SeededRng(this.#seed).fork("network"), file.network);
    this.air = fleetAirField(file, this.#seed);
    for (const cfg of file.devices) this.#slots.set(cfg.name, { cfg, store: new MemoryStore(), device: undefined });
    for (const p of file.pbx) {
      const redirect = () => {
        const to = p.redirectTo === undefined ? undefined : this.pbx.get(p.redirectTo);
        return to?.up === true ? { ip: to.cfg.ip, port: to.cfg.port } : undefined;
      };
      const rng = new SeededRng(this.#seed).fork(`pbx:${p.name}`);
      this.pbx.set(p.name, new FleetPbx(p, (ip) => this.net.attach(ip), this.clock, rng, redirect));
    }
    for (const u of file.updateServers) {
      const rng = new SeededRng(this.#seed).fork(`update-server:${u.name}`);
      this.updateServers.set(u.name, new SimUpdateServer(u, this.clock, rng));
    }
  }

  /** Starts every device at virtual time 0, in file order, and schedules the file's faults. */
  static async start(file: FleetFile, opts: FleetOptions): Promise<Fleet> {
    const fleet = new Fleet(file, opts);
    for (const pbx of fleet.pbx.values()) await pbx.start();
    for (const name of fleet.#slots.keys()) await fleet.startDevice(name);
    if (file.handsets !== undefined)
      fleet.handsets = await SimHandsets.start(
        {
          clock: fleet.clock,
          net: fleet.net,
          air: fleet.air,
          devices: file.devices,
          running: (name) => (fleet.isUp(name) ? fleet.device(name) : undefined),
        },
        file.handsets,
        new SeededRng(fleet.#seed).fork("handsets"),
      );
    for (const f of file.faults) fleet.clock.setTimeout(() => void fleet.#apply(f), f.at);
    return fleet;
  }

  get now(): number {
    return this.clock.now();
  }

  /** Runs virtual time forward to `t` (ms since the fleet started). */
  async runUntil(t: number): Promise<void> {
    await this.clock.runUntil(t, this.#afterChains);
  }

  async runFor(ms: number): Promise<void> {
    await this.runUntil(this.now + ms);
  }

  device(name: string): Device {
    const d = this.#slot(name).device;
    if (d === undefined) throw new StateError(SimCode.NoDevice, `device ${name} is not running`);
    return d;
  }

  isUp(name: string): boolean {
    return this.#slot(name).device?.up ?? false;
  }

  get names(): string[] {
    return [...this.#slots.keys()];
  }

  #slot(name: string): Slot {
    const s = this.#slots.get(name);
    if (s === undefined) throw new StateError(SimCode.NoDevice, `no device named ${name} in fleet ${this.file.name}`);
    return s;
  }

  async startDevice(name: string): Promise<void> {
    const slot = this.#slot(name);
    if (slot.device?.up) return;
    slot.device = await Device.start(slot.cfg, {
      clock: this.clock,
      transport: this.net.attach(slot.cfg.ip),
      store: slot.store,
      events: this.events,
      logger: this.#logger,
      rng: new SeededRng(this.#seed).fork(`device:${name}`),
      air: slot.cfg.radio === undefined ? undefined : this.air.attach(slot.cfg.name),
      sip: () => this.net.attach(slot.cfg.ip),
      resolver: () => simResolver(this.file.dns),
      keys: simKeys,
      defaultCertificate: "on-demand",
      kerberos: this.realms.world(slot.cfg.ip),
      carryFrames: !this.#wire,
      ...this.#updateFetcher(slot.cfg),
    });
  }

  /** Downloads for the device's update client when the fleet has update servers; without any it does not poll. */
  #updateFetcher(cfg: DeviceConfig): { updateFetcher?: SimUpdateFetcher } {
    if (this.updateServers.size === 0) return {};
    const servers = [...this.updateServers.values()];
    const at = (ip: string) => servers.find((s) => s.cfg.ip === ip);
    return { updateFetcher: new SimUpdateFetcher({ name: cfg.name, ip: cfg.ip }, at, this.net, this.clock) };
  }

  /** A crash (power cut): no goodbye messages. */
  async stopDevice(name: string): Promise<void> {
    const slot = this.#slot(name);
    await slot.device?.stop(false);
    slot.device = undefined;
  }

  partition(a: readonly string[], b: readonly string[]): void {
    this.net.partition(this.#ips(a), this.#ips(b));
  }

  heal(a?: readonly string[], b?: readonly string[]): void {
    if (a === undefined || b === undefined) this.net.heal();
    else this.net.heal(this.#ips(a), this.#ips(b));
  }

  #ips(names: readonly string[]): string[] {
    return names.map((n) => this.pbx.get(n)?.cfg.ip ?? this.updateServers.get(n)?.cfg.ip ?? this.#slot(n).cfg.ip);
  }

  async #upgrade(f: Extract<Fault, { action: "upgrade" }>): Promise<void> {
    const say = (result: string, reason: string) =>
      this.events.emit({ t: this.now, device: f.device, kind: "command", command: "upgrade", result, reason });
    const ops = new FleetSiteOps(this, f.device);
    try {
      await rollingUpgrade(ops, {
        imageUrl: f.firmware,
        serial: f.serial,
        version: f.version,
        masters: ops.masters(),
        maxWave: f.wave,
        stepTimeoutMs: DEFAULT_STEP_TIMEOUT_MS,
        allowGaps: true,
        say: (line) => say("step", line),
      });
      say("done", `every device on ${f.version}`);
    } catch (err) {
      say("failed", err instanceof Error ? err.message : String(err));
    }
  }

  async #apply(f: Fault): Promise<void> {
    const { at: _at, ...rest } = f;
    this.events.emit({
      t: this.now,
      device: "action" in f && "device" in f ? f.device : "network",
      kind: "fault",
      ...rest,
    });
    switch (f.action) {
      case "stop":
      case "start": {
        const server = this.pbx.get(f.device) ?? this.updateServers.get(f.device);
        if (server !== undefined) return f.action === "stop" ? server.stop() : server.start();
        return f.action === "stop" ? this.stopDevice(f.device) : this.startDevice(f.device);
      }
      case "slow":
        return this.pbx.get(f.device)?.setDelay(f.ms);
      case "busy": {
        const pbx = this.pbx.get(f.device)!;
        pbx.setBusy(f.retryAfterS === undefined ? {} : { retryAfterS: f.retryAfterS });
        this.clock.setTimeout(() => pbx.setBusy(undefined), f.ms);
        return;
      }
      case "serve":
        return this.updateServers.get(f.device)!.serve(f.path, f.file);
      case "upgrade":
        // Runs on while the fleet runs (its waits are virtual time); its steps and end are events of the PARI Master.
        return void this.#upgrade(f);
      case "partition":
        return this.partition(f.groups![0], f.groups![1]);
      case "heal":
        return f.groups === undefined ? this.heal() : this.heal(f.groups[0], f.groups[1]);
      case "loss":
        if (f.link === undefined) return this.net.setDefaults({ loss: f.value });
        return this.net.setLink(this.#slot(f.link[0]).cfg.ip, this.#slot(f.link[1]).cfg.ip, { loss: f.value });
      case "command": {
        const d = this.#slot(f.device).device;
        if (d === undefined) return;
        try {
          await runCommandFault(f, d, (name) => this.#slot(name).cfg.mac.toString());
        } catch (err) {
          this.events.emit({
            t: this.now,
            device: f.device,
            kind: "command",
            command: f.command,
            result: "refused",
            reason: (err as Error).message,
          });
        }
      }
    }
  }

  report(): FleetReport {
    const devices: FleetReport["devices"] = {};
    for (const [name, slot] of this.#slots)
      devices[name] = slot.device?.up ? slot.device.status() : { name, up: false };
    return {
      fleet: this.file.name,
      seed: this.#seed,
      t: this.now,
      devices,
      network: { ...this.net.stats },
      checks: { doubleRegistrations: doubleRegistrations(this.events.events) },
      ...(this.handsets === undefined ? {} : { handsets: this.handsets.summary() }),
      ...(this.pbx.size === 0 ? {} : { pbx: [...this.pbx.values()].map((p) => p.report()) }),
      ...(this.updateServers.size === 0
        ? {}
        : { updateServers: [...this.updateServers.values()].map((u) => u.report()) }),
      ...this.#sip(),
    };
  }

  /** The users' registrations of every running Master with a gatekeeper, with proxies named as the file's PBXs. */
  #sip(): { sip?: SipReport } {
    const masters = [...this.#slots.values()].flatMap(({ cfg, device }) => {
      if (cfg.gatekeeper === undefined || cfg.master === undefined || device?.up !== true) return [];
      const serving = device.status().gatekeeper?.mode === "serving";
      return [{ name: cfg.name, serving, registrations: device.sipRegistrations() }];
    });
    const names = new Map([...this.pbx.values()].map((p) => [`${p.cfg.ip}:${p.cfg.port}`, p.cfg.name]));
    const sip = sipReport(masters, (target) => names.get(target.slice(target.indexOf(":") + 1)));
    return sip === undefined ? {} : { sip };
  }

  /** Ends the run: the event log stops at the current instant, then every device and PBX is torn down. */
  async close(): Promise<void> {
    this.events.end();
    await this.handsets?.close();
    for (const slot of this.#slots.values()) await slot.device?.stop(false);
    for (const pbx of this.pbx.values()) await pbx.stop();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
