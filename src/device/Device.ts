import type { Actor } from "xstate";
import type { CertStore } from "../certs/CertStore.js";
import { tlsPolicy } from "../certs/tlsContext.js";
import { certsStatus } from "../certs/views.js";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import { ConfigError } from "../core/errors.js";
import type { Administration } from "../auth/Administration.js";
import type { Logger } from "../core/Logger.js";
import { MirrorState } from "../master/MirrorState.js";
import { loadPariState } from "../pari/PariState.js";
import { loadProvision, resolveRadio } from "../radio/provision.js";
import type { RadioSettings } from "../radio/settings.js";
import { adReplicatorFor, type AdReplicator } from "../replication/AdReplicator.js";
import { Alarms } from "../role/Alarms.js";
import { sendToChart } from "../role/chartLane.js";
import type { DeviceEvent, EventFields, EventKind } from "../role/EventLog.js";
import type { RoleIo } from "../role/RoleIo.js";
import { Directory } from "../users/Directory.js";
import { UserAdmins } from "../users/UserAdmins.js";
import type { TlsPolicy } from "../wire/Transport.js";
import { listenSpec, roleIo } from "./assembly.js";
import { DeviceCode } from "./errors.js";
import { closeLdapServer, loadDirectory, startLdapServer, type RunningLdap } from "./masterServices.js";
import { startSnmp, type RunningSnmp } from "./snmpService.js";
import { keepConfig, startConfig } from "./storedConfig.js";
import { startRoleActor } from "./roleActor.js";
import { startKerberos, withoutJoin, type RunningKerberos } from "./kerberosServices.js";
import { keepJoin, keepStartJoin } from "../kerberos/pendingJoin.js";
import type { JoinOrder } from "../kerberos/joinOrder.js";
import { bootLinkGuard, FACTORY_TEXT, FACTORY_WARNING, loadCertStore, startAdministration } from "./bootParts.js";
import type { DeviceEnv, HostPerformance } from "./DeviceEnv.js";
import { OperatorInterface, type RunningRoles } from "./OperatorInterface.js";
import { performanceMachine } from "./performance.machine.js";
import { PerformanceHistory } from "./PerformanceHistory.js";
import { deviceStatus, type Counters, type DeviceStatus } from "./status.js";
import { dhcpAnswerShown, type DhcpAnswer } from "../update/dhcpUpdate.js";
import { DeviceUpdates, type ResetMode } from "./DeviceUpdates.js";
import { RoleSet } from "./RoleSet.js";
import { DeviceFrames, NO_ROLES } from "./DeviceFrames.js";

export type { ResetMode } from "./DeviceUpdates.js";

/** One IPBS/IPBL/IPVM: its roles as XState actors; the node and sim worlds differ only in the DeviceEnv. */
export class Device extends OperatorInterface {
  readonly env: DeviceEnv;
  readonly alarms: Alarms;
  /** Frames to and from the other devices (DeviceFrames.ts), and their counters. */
  readonly #frames: DeviceFrames;
  #running: DeviceConfig;
  #pending: DeviceConfig | undefined;
  /** The start configuration the device was given; the running one is kept on flash with it (storedConfig.ts). */
  readonly #start: DeviceConfig;
  /** App. E's join of the pending configuration: kept on flash by the reset that applies it (pendingJoin.ts). */
  #pendingJoin: JoinOrder | undefined;
  /** The roles of this boot (RoleSet.ts): cores own the data, their charts mode and time. */
  #roles = new RoleSet();
  /** User Administrator accounts of a Master (§3.4.5.4). */
  #userAdmins: UserAdmins | undefined;
  /** Administrator access: accounts, login block, sessions (§3.4, §4.1); new at every boot. */
  #admin: Administration | undefined;
  /** The user directory of a Master (§3.14, §4.10). */
  #directory: Directory | undefined;
  /** The LDAP server of a Master with `ldap.server` configured (§4.5.1), and where it listens. */
  #ldap: RunningLdap | undefined;
  /** LDAP → Replicator of type Active Directory (§4.5.3.2), on a Master whose configuration enables it. */
  #adReplicator: AdReplicator | undefined;
  /** The radio settings in force: configured ones plus plug and play provisioning and defaults (provision.ts). */
  #radioSettings: RadioSettings | undefined;
  /** The Kerberos server and client roles (§4.1.8) the configuration asks for. */
  #kerberos: RunningKerberos = {};
  #snmp: RunningSnmp | undefined;
  /** Certificates, trust list and TLS settings (§4.1.10, §4.3.3); every device has them. */
  #certs: CertStore | undefined;
  /** The TLS policy of this boot's certificate store: for HTTPS, LDAPS and SIP/TLS (wire/Transport.ts). */
  #tls: TlsPolicy | undefined;
  #deviceName = "";
  #mirror: MirrorState | undefined;
  #boots = 0;
  #up = false;
  /** Samples Diagnostics → Performance (§4.23.5) from boot to stop; its history is the chart's core. */
  #performance: Actor<typeof performanceMachine> | undefined;
  /** Firmware banks, update and provisioning clients, RFP update, site upgrade (DeviceUpdates.ts). */
  readonly #updates: DeviceUpdates;
  /** The IPDECT-MIB's and the metrics' reading of the host (DeviceEnv.performanceMeter). */
  readonly #meter: (() => HostPerformance) | undefined;
  readonly #log: Logger;

  private constructor(start: DeviceConfig, cfg: DeviceConfig, env: DeviceEnv) {
    super();
    this.#meter = env.performanceMeter?.();
    this.#start = start;
    this.#running = withoutJoin(cfg);
    this.env = env;
    this.#log = env.logger.child({ device: cfg.name });
    this.#frames = new DeviceFrames({
      log: this.#log,
      emit: this.#emit,
      transport: env.transport,
      name: () => this.#running.name,
      up: () => this.#up,
      roles: () => this.#roles,
    });
    this.#updates = new DeviceUpdates(this, {
      emit: this.#emit,
      log: this.#log,
      resetSoon: (mode, reason) => this.#resetSoon(mode, reason),
      directory: () => this.#directory,
      pariClientCore: () => this.#roles.pariClientCore,
      pariMaster: () => this.#roles.masterCore?.pari?.active === true,
    });
    this.alarms = new Alarms(
      (kind, fields) => this.#emit(kind, fields),
      () => env.clock.now(),
    );
    // The radio's PARI client forwards the device's alarms to its PARI Master when told to (§4.6.33).
    this.alarms.onChange((change) => {
      if (this.#roles.pariClient !== undefined) sendToChart(this.#roles.pariClient, { type: "alarm", change });
    });
  }

  /** `cfg`: the start configuration (`--config`, a fleet file's device); it only seeds an empty flash. */
  static async start(cfg: DeviceConfig, env: DeviceEnv): Promise<Device> {
    const log = env.logger.child({ device: cfg.name });
    const flash = await startConfig(cfg, env.store, log, env.resetConfig);
    const d = new Device(cfg, flash.cfg, env);
    if (cfg.kerberosJoin !== undefined) await keepStartJoin(env.store, cfg.kerberosJoin);
    await d.#boot(flash.uploaded);
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

  protected roles(): RunningRoles {
    return {
      cfg: this.#running,
      master: this.#roles.master,
      masterCore: this.#roles.masterCore,
      pariClientCore: this.#roles.pariClientCore,
      directory: this.#directory,
      userAdmins: this.#userAdmins,
      ldap: this.#ldap,
      adReplicator: this.#adReplicator,
      mirror: this.#mirror,
      handsetRelay: this.#roles.handsetRelay,
      certs: this.#certs,
      kerberos: this.#kerberos,
      admin: this.#admin,
      snmp: this.#snmp,
      performance: this.#meter,
      performanceHistory: this.#performance?.getSnapshot().context.core,
    };
  }

  /** The TLS policy of the device's servers now (HTTPS, §4.9.3): a reset makes a new one. */
  tlsPolicy(): TlsPolicy | undefined {
    return this.#tls;
  }

  /** Whether a handset can lock to this device's radio now (it has a Master and is synchronised). */
  carriesHandsets(): boolean {
    return this.#roles.handsetRelay?.ready() ?? false;
  }

  /** Resolves once the device has a certificate to present (§4.1.10.4.1: made at first start). */
  async certificateReady(): Promise<void> {
    // A reset while waiting makes a new certificate store (an update's `ireset` right after a first start): the
    // certificate that counts is the one of the boot that is running when the wait ends.
    for (let certs = this.#certs; ; certs = this.#certs) {
      await certs?.identity();
      if (certs === this.#certs) return;
    }
  }

  get up(): boolean {
    return this.#up;
  }

  /** Frames in, out and dropped since the device started (Diagnostics → Performance, §4.23.5). */
  get counters(): Counters {
    return this.#frames.counters;
  }

  /** `uploaded`: the running configuration was uploaded before this reset (§4.18.1, §4.24). */
  async #boot(uploaded: boolean): Promise<void> {
    const cfg = this.#running;
    const firmware = await this.#updates.bootBanks();
    this.#mirror = await MirrorState.load(this.env.store);
    this.#directory =
      cfg.master === undefined ? undefined : await loadDirectory(cfg, cfg.master, uploaded, this.env, this.#emit);
    this.#userAdmins = cfg.master === undefined ? undefined : await UserAdmins.load(this.env.store);
    this.#admin = await startAdministration(cfg, this.env, this.#emit, this.#userAdmins, this);
    this.#certs = await loadCertStore(cfg, this.env, this.alarms, this.#emit, this.#log);
    this.#tls = tlsPolicy(this.#certs, this.alarms);
    this.#adReplicator = adReplicatorFor(cfg, this.#directory, {
      ...this.env,
      alarms: this.alarms,
      log: this.#log,
      tls: this.#tls,
    });
    const pariState = cfg.pari === undefined ? undefined : await loadPariState(this.env.store);
    const provision = cfg.radio === undefined ? undefined : await loadProvision(this.env.store);
    this.#radioSettings = cfg.radio === undefined ? undefined : resolveRadio(cfg.radio, provision);
    this.#deviceName = provision?.deviceName ?? cfg.name;
    const links = await bootLinkGuard(cfg, this.env, ++this.#boots, this.#frames.sendSealed);
    this.#frames.links = links;
    await this.env.transport.open(listenSpec(cfg), {
      frame: (f, from, ch) => this.#frames.receive(f, from, ch),
      malformed: (from, ch, err) => this.#frames.droppedBy(from, ch, err),
    });
    this.#up = true;
    this.#emit("state", { role: "device", state: "up", model: cfg.kind, ip: cfg.ip });
    if (links.factory) this.#emit("warning", { code: FACTORY_WARNING, text: FACTORY_TEXT });
    const history = new PerformanceHistory(this.env.clock, this.#frames.counters, this.env.performanceMeter?.());
    this.#performance = startRoleActor(performanceMachine, { core: history }, this.env.clock, this.#log, "performance");
    this.#ldap = await startLdapServer(cfg, this.#directory, this.env, this.#log, this.#emit, this.#tls, this.admin());
    this.#kerberos = await startKerberos(cfg, this.env, this.alarms, this.#emit, this.#log, this.#tls);
    const env = { ...this.env, version: firmware.version };
    this.#snmp = await startSnmp(cfg, env, this.#log, this.#emit, [() => this.ipdectMib()]);
    const io = this.#io();
    this.#roles = new RoleSet({
      cfg,
      io,
      env: this.env,
      log: this.#log,
      mirror: this.#mirror,
      pariState,
      directory: this.#directory,
      tls: this.#tls,
      radioSettings: this.#radioSettings,
      deviceName: this.#deviceName,
      version: firmware.version,
      checkSync: () => this.#updates.checkSync(),
    });
    await this.#updates.start(io);
    this.#frames.routed = this.#roles.routed(cfg);
  }

  /**
   * The configuration a change edits (a settings page, UP0 `cfg`, a provisioning config file): the pending one if
   * there is one, else the running one without its `users`. A configuration with users replaces the directory's users
   * at the reset (App. C restore); the running one still holds the initial users of the first start, and a change
   * must not undo every user change made since.
   */
  editableConfig(): DeviceConfig {
    if (this.#pending !== undefined) return this.#pending;
    const { users: _initial, ...running } = this.#running;
    return running;
  }

  /** A reset a role asks for: said as a command event, carried out once the asker's step has ended. */
  #resetSoon(mode: ResetMode, reason: string): void {
    this.#emit("command", { command: "reset", reason });
    this.env.clock.setTimeout(() => void this.reset(mode), 0);
  }

  #io(): RoleIo {
    return roleIo(this.#running, this.env, this.alarms, this.#log, {
      requestReset: (reason) => this.#resetSoon("immediate", reason),
      send: (to, channel, msg) => this.#frames.send(to, channel, msg),
      disconnect: (to) => this.#frames.disconnect(to),
      emit: (kind, fields) => this.#emit(kind, fields),
    });
  }

  readonly #emit = <K extends EventKind>(kind: K, fields: EventFields[K]): void => {
    // The spread keeps the JSON key order t, device, kind, fields (the event log is compared byte for byte).
    this.env.events.emit({ t: this.env.clock.now(), device: this.#running.name, kind, ...fields } as DeviceEvent);
    // Each raise and clear of the alarm table is an SNMP notification (§4.9.5, mibs/IPDECT-MIB.txt) and is in the
    // agent's next answer (docs/design.md "SNMP agent").
    if (kind === "alarm" || kind === "alarm-cleared" || kind === "alarm-timeout")
      this.#snmp?.alarm(kind, fields as EventFields["alarm"]);
  };

  /**
   * Stores a new configuration on flash; it takes effect at the next reset (manual 003 §4.24), or at the next start
   * after a power cut. Resolves once it is on flash.
   */
  async configure(next: DeviceConfig): Promise<void> {
    if (next.name !== this.#running.name || next.ip !== this.#running.ip)
      throw new ConfigError(DeviceCode.ConfigIdentity, "device name and IP address cannot change while running");
    const pending = withoutJoin(next);
    await keepConfig(this.env.store, this.#start, this.#running, pending);
    this.#pending = pending;
    this.#pendingJoin = next.kerberosJoin;
    this.#emit("command", { command: "config", result: "stored", note: "takes effect after reset" });
  }

  readonly flashFirmware = (image: Uint8Array, source: string) => this.#updates.flashFirmware(image, source);
  readonly firmwareBanks = () => this.#updates.firmwareBanks();
  readonly siteUpgrade = () => this.#updates.siteUpgrade();
  readonly updatePoll = () => this.#updates.updatePoll();
  readonly updateRun = (text: string, source: string) => this.#updates.updateRun(text, source);
  readonly rfpUpdate = () => this.#updates.rfpUpdate();
  readonly provisioningCheck = () => this.#updates.provisioningCheck();

  protected async keepInForce(change: (cfg: DeviceConfig) => DeviceConfig): Promise<void> {
    const [running, pending] = [change(this.#running), this.#pending && change(this.#pending)];
    await keepConfig(this.env.store, this.#start, running, pending);
    [this.#running, this.#pending] = [running, pending];
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
      await keepConfig(this.env.store, this.#start, this.#running, undefined);
      if (this.#pendingJoin !== undefined) await keepJoin(this.env.store, this.#pendingJoin, "update-script");
      this.#pendingJoin = undefined;
    }
    await this.#boot(uploaded);
  }

  status(): DeviceStatus {
    return deviceStatus({
      cfg: this.#running,
      up: this.#up,
      pendingReset: this.#pending !== undefined,
      counters: this.#frames.counters,
      alarms: this.alarms.system(),
      ...this.#roles.shown(),
      radioSettings: this.#radioSettings,
      deviceName: this.#deviceName,
      data: this.#mirror?.data,
      gatekeeper: this.#roles.masterCore?.gatekeeper?.status(),
      certificates: this.#certs === undefined ? undefined : certsStatus(this.#certs.current, this.#certs.trusted),
      factorySystemPassword: this.#frames.links?.factory ?? false,
      factoryAdminPassword: this.#admin?.account.factoryPassword ?? true,
      ...this.#updates.shown(),
      dhcp: dhcpAnswerShown(this.dhcpOptions()),
    });
  }

  /**
   * The DHCP answer the host received for this device (App. I), or undefined: no DHCP here, or no answer yet. UP1
   * takes 215/216 from it (updateSettingsInForce); the second provisioning dialect's `dhcp` method takes option 66,
   * seed 002's provisioning server URL (docs/design.md "DHCP (App. I)").
   */
  dhcpOptions(): DhcpAnswer | undefined {
    return this.env.dhcp?.();
  }

  /** Graceful stop: a radio says goodbye to its Master first. A crash (sim fault `stop`) is `stop(false)`. */
  async stop(graceful = true): Promise<void> {
    // Powering off: the roles' teardown must not raise or clear alarms (e.g. 0x00010002 of a closed SIP socket).
    this.alarms.silence();
    await this.#shutdown(graceful);
    this.#emit("state", { role: "device", state: "stopped" });
  }

  async #shutdown(graceful: boolean): Promise<void> {
    if (!this.#up) return;
    await this.#roles.stop(graceful);
    this.#performance?.stop();
    await this.#updates.stop();
    this.#roles = new RoleSet();
    this.#frames.routed = NO_ROLES;
    await this.#adReplicator?.stop();
    this.#adReplicator = undefined;
    this.#certs?.close();
    this.#certs = undefined;
    this.env.air?.publish(undefined);
    this.#up = false;
    await closeLdapServer(this.#ldap);
    this.#ldap = undefined;
    const snmp = this.#snmp;
    this.#snmp = undefined;
    await snmp?.agent?.close();
    await this.#kerberos.server?.close();
    this.#kerberos = {};
    await this.env.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
