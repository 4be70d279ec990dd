import { createActor, type Actor } from "xstate";
import type { Clock } from "../core/Clock.js";
import { DEFAULT_DISCOVERY_GROUP, type DeviceConfig } from "../config/DeviceConfig.js";
import { PUSHED_RADIO_CONFIG_KEYS } from "../pari/settings.js";
import { type MasterSettings } from "../master/settings.js";
import { type RadioSettings } from "../radio/settings.js";
import type { Rng } from "../core/Rng.js";
import { toPariEvent } from "../pari/events.js";
import type { PariOverview, AddRadio } from "../pari/PariCore.js";
import { loadPariState } from "../pari/PariState.js";
import { pariClientMachine } from "../radio/pariClient.machine.js";
import { PariClientCore } from "../radio/PariClientCore.js";
import { toPariClientEvent, type PariClientEvent } from "../radio/pariEvents.js";
import { resolveRadio, loadProvision } from "../radio/provision.js";
import type { Air } from "../role/Air.js";
import { configUserOf } from "../users/configUser.js";
import { dnsServers } from "../core/config/dnsServers.js";
import { Directory } from "../users/Directory.js";
import { UserAdmins } from "../users/UserAdmins.js";
import type { LdapListen, LdapListener } from "../ldap/listener.js";
import { LdapService, type LdapServerReport } from "../ldap/LdapService.js";
import { adReplicatorFor, type AdReplicator, type AdReplicatorStatus } from "../replication/AdReplicator.js";
import type { RemoteDirectory } from "../replication/RemoteDirectory.js";
import type { SyncOverview } from "../sync/overview.js";
import type { RfpScanResult } from "../sync/RadioSync.js";
import type { Disturbance } from "../sync/SyncControl.js";
import { IpdectError, StateError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import type { Store } from "../core/Store.js";
import { toMasterEvent, type MasterEvent } from "../master/events.js";
import { masterMachine } from "../master/master.machine.js";
import { MasterCore, type MasterUsers } from "../master/MasterCore.js";
import type { ReplicatorStatus } from "../replication/Replicator.js";
import type { HandsetLocation } from "../users/handsets/HandsetService.js";
import { MirrorState } from "../master/MirrorState.js";
import { toRadioEvent, type RadioEvent } from "../radio/events.js";
import { radioMachine } from "../radio/radio.machine.js";
import { RadioCore } from "../radio/RadioCore.js";
import type { Message } from "../wire/codec.js";
import { decodeFrame, encodeFrame } from "../wire/frame.js";
import { PORTS } from "../wire/ports.js";
import type { Channel, Endpoint, Transport } from "../wire/Transport.js";
import { Alarms } from "../role/Alarms.js";
import { HandsetRelay } from "../radio/HandsetRelay.js";
import { answerFromWire, askFromWire } from "../users/handsets/events.js";
import type { DeviceEvent, EventFields, EventKind, EventSink } from "../role/EventLog.js";
import type { Outgoing, RoleIo } from "../role/RoleIo.js";
import { deviceStatus, type Counters, type DeviceStatus } from "./status.js";
import type { SipResolver } from "../sip/ProxyPlan.js";
import type { GatekeeperInput, GatekeeperStatus } from "../sip/Gatekeeper.js";
import type { RegistrationStatus } from "../sip/RegistrationAgent.js";

/** What a world hands a device (docs/style.md §1): the only way a device reaches time, network, storage and logs. */
export interface DeviceEnv {
  readonly clock: Clock;
  readonly transport: Transport;
  readonly store: Store;
  readonly events: EventSink;
  readonly logger: Logger;
  /** This device's random stream; the sim seeds it per device, real nodes from the OS. */
  readonly rng: Rng;
  /** The radio air around the device: the sim's AirField, or the air service on real nodes started with `--air`. */
  readonly air?: Air;
  /** LDAP servers as a client reaches them: the source of Active Directory replication (§4.5.3.2). */
  readonly ldap?: RemoteDirectory;
  /** Serves the LDAP server of a Master to clients (§4.5.1): TCP on real nodes; absent in the sim. */
  readonly ldapServer?: LdapListen;
  /** A second attachment on the device's address for SIP (§4.6.23): SIP-framed sockets, or the sim's network. */
  readonly sip?: () => Transport;
  /** Name lookups through the configured DNS servers (IP0 /dns, /dns2): the proxies' SRV and A records (App. D). */
  readonly resolver?: (servers: readonly string[]) => SipResolver;
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
  #pariClient: Actor<typeof pariClientMachine> | undefined;
  /** The roles' data (tables, messages), created here and handed to their machines; the machines own mode and time. */
  #masterCore: MasterCore | undefined;
  #radioCore: RadioCore | undefined;
  #pariClientCore: PariClientCore | undefined;
  /** User Administrator accounts of a Master (§3.4.5.4). */
  #userAdmins: UserAdmins | undefined;
  /** The user directory of a Master (§3.14, §4.10). */
  #directory: Directory | undefined;
  /** The LDAP server of a Master with `ldap.server` configured (§4.5.1), and where it listens. */
  #ldap: { readonly service: LdapService; listener?: LdapListener } | undefined;
  /** LDAP → Replicator of type Active Directory (§4.5.3.2), on a Master whose configuration enables it. */
  #adReplicator: AdReplicator | undefined;
  /** The radio settings in force: configured ones plus plug and play provisioning and defaults (provision.ts). */
  #radioSettings: RadioSettings | undefined;
  /** The radio's part in handset procedures (§3.14): relays to the Master, answers over the air. */
  #handsetRelay: HandsetRelay | undefined;
  #deviceName = "";
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
    await d.#boot(false);
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

  /**
   * The configuration a backup saves (§4.14): the running one with the directory's users as they are now (App. C),
   * so restoring it gives back today's users. It holds Passwords and Auth. Codes: never log it.
   */
  backupConfig(): DeviceConfig {
    const dir = this.#directory;
    if (dir === undefined) return this.#running;
    const users = dir.userEntries().sort((a, b) => a.usn - b.usn);
    return { ...this.#running, users: users.map(configUserOf) };
  }

  get up(): boolean {
    return this.#up;
  }

  /** `uploaded`: the running configuration was uploaded before this reset (§4.18.1, §4.24). */
  async #boot(uploaded: boolean): Promise<void> {
    const cfg = this.#running;
    this.#mirror = await MirrorState.load(this.env.store);
    this.#directory = cfg.master === undefined ? undefined : await this.#loadDirectory(cfg.master, uploaded);
    this.#userAdmins = cfg.master === undefined ? undefined : await UserAdmins.load(this.env.store);
    this.#adReplicator = adReplicatorFor(cfg, this.#directory, { ...this.env, alarms: this.alarms, log: this.#log });
    const pariState = cfg.pari === undefined ? undefined : await loadPariState(this.env.store);
    const provision = cfg.radio === undefined ? undefined : await loadProvision(this.env.store);
    this.#radioSettings = cfg.radio === undefined ? undefined : resolveRadio(cfg.radio, provision);
    this.#deviceName = provision?.deviceName ?? cfg.name;
    const master = cfg.master !== undefined && cfg.master.mode !== "off";
    const discoveryGroup = cfg.discoveryGroup ?? DEFAULT_DISCOVERY_GROUP;
    await this.env.transport.open(
      {
        datagram: [PORTS.RAS, ...(cfg.radio === undefined ? [] : [PORTS.HANDSET])],
        stream: master ? [PORTS.MASTER_STREAM, ...(cfg.pari === undefined ? [] : [PORTS.PARI_STREAM])] : [],
        groups: master && cfg.pari !== undefined ? [{ ip: discoveryGroup, port: PORTS.DISCOVERY }] : [],
      },
      {
        frame: (f, from, ch) => this.#onFrame(f, from, ch),
        malformed: (from, ch, err) => this.#dropped(from, ch, err),
      },
    );
    this.#up = true;
    this.#emit("state", { role: "device", state: "up", model: cfg.kind, ip: cfg.ip });
    await this.#startLdap();
    const io = this.#io();
    if (cfg.master !== undefined) {
      const pari =
        cfg.pari === undefined
          ? undefined
          : { settings: cfg.pari, radioConfig: cfg.radioConfig, system: cfg.system, persisted: pariState };
      const users = this.#directory === undefined ? undefined : masterUsers(cfg, this.#directory);
      const gatekeeper = gatekeeperInput(cfg, this.env).gatekeeper;
      this.#masterCore = new MasterCore(cfg.master, io, this.#mirror, cfg.system, pari, users, gatekeeper);
      this.#master = this.#actor(
        createActor(masterMachine, { input: { core: this.#masterCore }, clock: this.env.clock }),
        "master",
      );
    }
    const radio = this.#radioSettings;
    if (radio !== undefined) {
      this.#radioCore = new RadioCore(radio, io, cfg.system);
      this.#radio = this.#actor(
        createActor(radioMachine, { input: { core: this.#radioCore }, clock: this.env.clock }),
        "radio",
      );
      const local = compactLocal(cfg);
      const client = { cfg: radio, io, system: cfg.system, local, deviceName: this.#deviceName, discoveryGroup };
      this.#pariClientCore = new PariClientCore(client);
      this.#pariClient = this.#actor(
        createActor(pariClientMachine, { input: { core: this.#pariClientCore }, clock: this.env.clock }),
        "pari-client",
      );
      this.#handsetRelay = new HandsetRelay(io, {
        master: () => (this.#radio?.getSnapshot().hasTag("registered") === true ? this.#radioCore?.target : undefined),
        rfpi: () => this.#pariClientCore?.rfpis[0] ?? "",
        // Without an air model there is no air sync to wait for: any radio with a Master carries traffic.
        traffic: () => this.env.air === undefined || this.#pariClientCore?.sync.traffic === true,
      });
    }
  }

  /**
   * The Master's directory (§3.14, §4.10) with the configuration's users (docs/user-guide.md "Users in the
   * configuration (App. C)"): on a first start they are the initial users; after an upload and reset they replace the
   * directory's users (App. C.2 steps 6–7). At any other boot the directory on flash stands as it is, so a plain reset
   * keeps every change made since. A Standby's directory copies its Master's (§4.5.3.1) and ignores them.
   */
  async #loadDirectory(master: MasterSettings, uploaded: boolean): Promise<Directory> {
    const cfg = this.#running;
    const replica = master.mode === "standby";
    const users = replica ? undefined : cfg.users;
    const dir = await Directory.load(this.env.store, this.env.rng.fork("users"), {
      gateway: cfg.name,
      replica,
      ...(users === undefined ? {} : { initialUsers: users }),
    });
    const restore = uploaded && !dir.created;
    if (users !== undefined && restore) await dir.replaceUsers(users);
    if (users !== undefined && (restore || dir.created))
      this.#emit("command", { command: "users", result: restore ? "replaced" : "initial", count: users.length });
    if (replica && cfg.users !== undefined && (uploaded || dir.created))
      this.#emit("warning", {
        code: "USERS_IGNORED",
        text: "the configuration's users are ignored: a Standby copies its Master's directory (§4.5.3.1)",
      });
    return dir;
  }

  /**
   * The LDAP server (§4.5.1) of a Master whose mode is not off, on the device's address and the configured port. A
   * port that cannot be had is logged and reported as a warning event; the device runs on without LDAP.
   */
  async #startLdap(): Promise<void> {
    const cfg = this.#running;
    const settings = cfg.ldap?.server;
    // Config validation lets ldap.server through only with a Master role that is not off (§4.5).
    if (settings === undefined || this.#directory === undefined) return;
    const log = this.#log.child({ module: "ldap.server" });
    const service = new LdapService({
      directory: this.#directory,
      settings,
      log,
      ...(cfg.master?.primary === undefined ? {} : { master: cfg.master.primary }),
    });
    this.#ldap = { service };
    if (this.env.ldapServer === undefined) return;
    try {
      this.#ldap.listener = await this.env.ldapServer(cfg.ip, settings.port, service, log);
      this.#emit("state", { role: "ldap-server", state: "listening", ip: cfg.ip, port: settings.port });
    } catch (err) {
      log.log("error", "ldap server cannot listen", { ip: cfg.ip, port: settings.port, error: String(err) });
      this.#emit("warning", {
        role: "ldap-server",
        reason: `cannot listen on ${cfg.ip}:${settings.port}: ${String(err)}`,
      });
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
      rng: this.env.rng,
      ...(this.env.air === undefined ? {} : { air: this.env.air }),
      requestReset: (reason) => {
        this.#emit("command", { command: "reset", reason });
        this.env.clock.setTimeout(() => void this.reset("immediate"), 0);
      },
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

  readonly #emit = <K extends EventKind>(kind: K, fields: EventFields[K]): void => {
    // The spread keeps the JSON key order t, device, kind, fields (the event log is compared byte for byte).
    this.env.events.emit({ t: this.env.clock.now(), device: this.#running.name, kind, ...fields } as DeviceEvent);
  };

  #onFrame(frame: Uint8Array, from: Endpoint, channel: Channel): void {
    if (!this.#up) return;
    this.counters.framesIn++;
    let master: MasterEvent | undefined;
    let radio: RadioEvent | undefined | null;
    let client: PariClientEvent | undefined;
    try {
      const msg = decodeFrame(frame);
      if (msg.body === "handsetRequest" || msg.body === "handsetReply") return this.#onHandsetFrame(msg, from);
      master = toMasterEvent(msg, from) ?? toPariEvent(msg, from);
      radio = master === undefined ? toRadioEvent(msg, from) : undefined;
      client = master === undefined && radio === undefined ? toPariClientEvent(msg, from) : undefined;
      if (radio === null) throw new IpdectError("MSG_INVALID", "radio status with invalid fields");
      if (master !== undefined && this.#master === undefined)
        throw new IpdectError("MSG_NO_ROLE", `${msg.body} but no Master role`);
      if (master?.type.startsWith("pari.") === true && this.#running.pari === undefined)
        throw new IpdectError("MSG_NO_ROLE", `${msg.body} but no PARI function`);
      if ((radio !== undefined || client !== undefined) && this.#radio === undefined)
        throw new IpdectError("MSG_NO_ROLE", `${msg.body} but no radio role`);
      if (master === undefined && radio === undefined && client === undefined)
        throw new IpdectError("MSG_NO_ROLE", `${msg.body} is not handled here`);
    } catch (err) {
      return this.#dropped(from, channel, err);
    }
    if (master !== undefined) this.#master!.send(master);
    else if (radio) this.#radio!.send(radio);
    else if (client !== undefined) this.#pariClient!.send(client);
  }

  /** A handset's request heard on the air, or the Master's answer to one: the radio's relay handles both. */
  #onHandsetFrame(msg: Extract<Message, { body: "handsetRequest" | "handsetReply" }>, from: Endpoint): void {
    const relay = this.#handsetRelay;
    if (relay === undefined) throw new IpdectError("MSG_NO_ROLE", `${msg.body} but no radio role`);
    if (msg.body === "handsetRequest") relay.request(askFromWire(msg.handsetRequest, "handset_request"), from);
    else relay.answer(answerFromWire(msg.handsetReply));
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
    const uploaded = this.#pending !== undefined;
    if (this.#pending !== undefined) {
      this.#running = this.#pending;
      this.#pending = undefined;
    }
    await this.#boot(uploaded);
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

  // ---- PARI Master (§4.6.21, §4.6.35, §4.11.1) -------------------------------------------------------------------

  #pari() {
    const pari = this.#masterCore?.pari;
    if (pari === undefined) throw new StateError("NO_PARI", "this device has no PARI function (§4.6.21)");
    return pari;
  }

  /** Device Overview → Radios (§4.11.1). */
  radios(): PariOverview {
    return this.#pari().overview();
  }

  /** "Add" an uninitialized registration. */
  addRadio(mac: string, add: AddRadio): void {
    this.#pari().add(mac, add);
  }

  /** "Delete" a static registration. */
  deleteRadio(mac: string): void {
    this.#pari().delete(mac);
  }

  /** "Move" a broken radio's RFPI to its replacement. */
  moveRfpi(from: string, to: string): void {
    this.#pari().move(from, to);
  }

  /** DECT → SARI (§4.6.35). */
  setSaris(saris: readonly string[]): void {
    this.#pari().setSaris(saris);
  }

  // ---- Users (§3.14, §4.10) ------------------------------------------------------------------------------------

  /** User Administrators (§3.4.5.4); undefined on a device without a Master role. */
  userAdmins(): UserAdmins | undefined {
    return this.#userAdmins;
  }

  /** The Master's user directory; a device without a Master role has none. */
  directory(): Directory {
    if (this.#directory === undefined) throw new StateError("NO_MASTER", "users live on a Master (§4.10)");
    return this.#directory;
  }

  /** Whether a handset can lock to this device's radio now (it has a Master and is synchronised). */
  carriesHandsets(): boolean {
    return this.#handsetRelay?.ready() ?? false;
  }

  /** True while this device's Master role serves (active, or a Standby that took over). */
  get serving(): boolean {
    return this.#master?.getSnapshot().hasTag("serving") ?? false;
  }

  #handsets() {
    const h = this.#masterCore?.handsets;
    if (h === undefined) throw new StateError("NO_MASTER", "handsets are served by a Master (§3.14)");
    return h;
  }

  /** Users → "allow subscription within 2 minutes" (§3.14.2 step 7); returns until when. */
  allowSubscription(number: string): number {
    return this.#handsets().allowSubscription(number);
  }

  /** Where each handset registered its location while this Master served. */
  handsetLocations(): HandsetLocation[] {
    return this.#handsets().locations();
  }

  handsetLocation(ipei: string): HandsetLocation | undefined {
    return this.#handsets().location(ipei);
  }

  /**
   * LDAP → Replicator Status (§4.5.4): a Master's Active Directory replication (§4.5.3.2) or a Standby's full
   * replication (§4.5.3.1); undefined where none runs.
   */
  replicatorStatus(): ReplicatorStatus | AdReplicatorStatus | undefined {
    return this.#adReplicator?.status() ?? this.#masterCore?.replicator?.status();
  }

  // ---- Gatekeeper (§4.6.23) --------------------------------------------------------------------------------------

  #gatekeeper() {
    const g = this.#masterCore?.gatekeeper;
    if (g === undefined)
      throw new StateError(
        "NO_GATEKEEPER",
        "this device registers no users: a Master with gatekeeper settings (§4.6.23)",
      );
    return g;
  }

  /** The gatekeeper's state: proxies, counts of registered users, the anonymous registration (§4.6.24). */
  gatekeeperStatus(): GatekeeperStatus {
    return this.#gatekeeper().status();
  }

  /** Every subscribed user's SIP registration. */
  sipRegistrations(): RegistrationStatus[] {
    return this.#gatekeeper().registrations();
  }

  // ---- LDAP (§4.5) -----------------------------------------------------------------------------------------------

  /** LDAP → Server Status (§4.5.2), with where the server listens. */
  ldapServer(): LdapServerReport {
    if (this.#ldap === undefined)
      throw new StateError("NO_LDAP_SERVER", "this device runs no LDAP server (a Master with ldap.server, §4.5.1)");
    const l = this.#ldap.listener;
    return { ...this.#ldap.service.status(), ...(l === undefined ? {} : { listening: { ip: l.ip, port: l.port } }) };
  }

  // ---- Air sync (§4.12, §4.23.10) --------------------------------------------------------------------------------

  /** DECT Sync → Air Sync Overview (§4.12.1). */
  syncOverview(): SyncOverview {
    const pari = this.#pari();
    return pari.sync.overview(pari.systemId);
  }

  /** Region Details → Reference Synchronization "Start" (§4.12.1). */
  syncResync(region: number): void {
    this.#pari().sync.resync(region);
  }

  /** Region Details → Statistics "Clear" (§4.12.1). */
  syncClear(region: number): void {
    this.#pari().sync.clearStats(region);
  }

  /** Enabled carriers (§4.6.6), pushed to every radio. */
  setSyncCarriers(carriers: number): void {
    this.#pari().sync.setCarriers(carriers);
  }

  /** DECT Sync → Disturbances (§4.12.2). */
  syncDisturbances(): Disturbance[] {
    return this.#pari().sync.disturbances();
  }

  /** Diagnostics → RFP Scan (§4.23.10): the System IDs of other IP-DECT systems heard. */
  rfpScan(): RfpScanResult {
    const client = this.#pariClientCore;
    if (client === undefined)
      throw new StateError("NO_RADIO", "this device has no radio (§4.23.10 applies to the IPBS)");
    return client.sync.scan();
  }

  status(): DeviceStatus {
    return deviceStatus({
      cfg: this.#running,
      up: this.#up,
      pendingReset: this.#pending !== undefined,
      counters: this.counters,
      alarms: this.alarms.active(),
      master: this.#master?.getSnapshot(),
      masterCore: this.#masterCore,
      radio: this.#radio?.getSnapshot(),
      radioCore: this.#radioCore,
      pariClient: this.#pariClient?.getSnapshot(),
      pariClientCore: this.#pariClientCore,
      radioSettings: this.#radioSettings,
      deviceName: this.#deviceName,
      data: this.#mirror?.data,
      gatekeeper: this.#masterCore?.gatekeeper?.status(),
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
    await this.#masterCore?.gatekeeper?.close();
    this.#master?.stop();
    this.#radio?.stop();
    this.#pariClient?.stop();
    this.#master = undefined;
    this.#radio = undefined;
    this.#pariClient = undefined;
    this.#masterCore = undefined;
    this.#radioCore = undefined;
    this.#pariClientCore = undefined;
    await this.#adReplicator?.stop();
    this.#adReplicator = undefined;
    this.#handsetRelay = undefined;
    this.env.air?.publish(undefined);
    this.#up = false;
    await this.#ldap?.listener?.close();
    this.#ldap?.service.close();
    this.#ldap = undefined;
    await this.env.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/**
 * The Master role's users: its directory, and on a Standby the full replication from its primary (§4.5.3.1). With
 * no LDAP settings, the Master asks replicators for no login and the Standby copies everything.
 */
function masterUsers(cfg: DeviceConfig, directory: Directory): MasterUsers {
  const server = cfg.ldap?.server;
  const rep = cfg.ldap?.replicator;
  const primary = cfg.master?.mode === "standby" ? cfg.master.primary : undefined;
  const full = rep?.type === "full" ? rep : undefined;
  const target = full?.server ?? primary;
  // Full Replication from an ipdect Master runs on a Standby (§4.5.3.1); PBX → Master over LDAP is not modelled.
  const replicate = primary !== undefined && target !== undefined && (full?.enabled ?? true);
  return {
    directory,
    ...(server === undefined ? {} : { credentials: { user: server.user, password: server.password } }),
    ...(!replicate
      ? {}
      : {
          replicator: {
            // The copy runs over the Master stream port (docs: "Standby copy of the directory"): a port given
            // with the server is for LDAP clients, not for us.
            server: hostOf(target),
            ...(full?.altServer === undefined ? {} : { altServer: hostOf(full.altServer) }),
            credentials: { user: full?.user ?? "", password: full?.password ?? "" },
            filterType: full?.filterType ?? "none",
            filter: full?.filter ?? "",
          },
        }),
  };
}

const hostOf = (server: string) => server.split(":")[0]!;

/** The gatekeeper of a Master with gatekeeper settings, in a world that gives SIP sockets. */
function gatekeeperInput(cfg: DeviceConfig, env: DeviceEnv): { gatekeeper?: GatekeeperInput } {
  if (cfg.gatekeeper === undefined || env.sip === undefined) return {};
  const servers = dnsServers(cfg);
  const resolver = env.resolver === undefined || servers.length === 0 ? undefined : env.resolver(servers);
  return {
    gatekeeper: { settings: cfg.gatekeeper, transport: env.sip, ...(resolver === undefined ? {} : { resolver }) },
  };
}

/** The radio's own values of the settings a PARI Master's Radio Config may override (§4.6.33). */
function compactLocal(cfg: DeviceConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of PUSHED_RADIO_CONFIG_KEYS) {
    const v = cfg[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
