import { waitFor, type Actor } from "xstate";
import type { CertStore } from "../certs/CertStore.js";
import { tlsPolicy } from "../certs/tlsContext.js";
import { certsStatus } from "../certs/views.js";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import { ConfigError, IpdectError, StateError } from "../core/errors.js";
import type { Administration } from "../auth/Administration.js";
import type { Logger } from "../core/Logger.js";
import { masterMachine } from "../master/master.machine.js";
import { MasterCore } from "../master/MasterCore.js";
import { MirrorState } from "../master/MirrorState.js";
import { loadPariState } from "../pari/PariState.js";
import { HandsetRelay } from "../radio/HandsetRelay.js";
import { pariClientMachine } from "../radio/pariClient.machine.js";
import { PariClientCore } from "../radio/PariClientCore.js";
import { loadProvision, resolveRadio } from "../radio/provision.js";
import { radioMachine } from "../radio/radio.machine.js";
import { RadioCore } from "../radio/RadioCore.js";
import type { RadioSettings } from "../radio/settings.js";
import { adReplicatorFor, type AdReplicator } from "../replication/AdReplicator.js";
import { Alarms } from "../role/Alarms.js";
import { LinkRefusal, type LinkGuard } from "../role/LinkGuard.js";
import { sendToChart } from "../role/chartLane.js";
import type { DeviceEvent, EventFields, EventKind } from "../role/EventLog.js";
import type { Outgoing, RoleIo } from "../role/RoleIo.js";
import { Directory } from "../users/Directory.js";
import { UserAdmins } from "../users/UserAdmins.js";
import type { Message } from "../wire/codec.js";
import type { Channel, Endpoint, TlsPolicy } from "../wire/Transport.js";
import { gatekeeperInput, listenSpec, masterUsers, pariClientInput, pariInput } from "./assembly.js";
import { DeviceCode } from "./errors.js";
import { closeLdapServer, loadDirectory, startLdapServer, type RunningLdap } from "./masterServices.js";
import { startSnmp, type RunningSnmp } from "./snmpService.js";
import { keepConfig, startConfig } from "./storedConfig.js";
import { startRoleActor } from "./roleActor.js";
import { startKerberos, withoutJoin, type RunningKerberos } from "./kerberosServices.js";
import { keepJoin, keepStartJoin } from "../kerberos/pendingJoin.js";
import type { JoinOrder } from "../kerberos/joinOrder.js";
import { routeFrame, type RoutedRoles } from "./frameRouter.js";
import { bootLinkGuard, FACTORY_TEXT, FACTORY_WARNING, loadCertStore, startAdministration } from "./bootParts.js";
import type { DeviceEnv, HostPerformance } from "./DeviceEnv.js";
import { OperatorInterface, type RunningRoles } from "./OperatorInterface.js";
import { performanceMachine } from "./performance.machine.js";
import { PerformanceHistory } from "./PerformanceHistory.js";
import { deviceStatus, type Counters, type DeviceStatus } from "./status.js";
import type { BankInfo, FirmwareBanks } from "../update/FirmwareBanks.js";
import type { ConfigXml } from "../provisioning/configXml.js";
import type { ConfigUser } from "../users/configUser.js";
import { formatNativeText, parseNativeText } from "../config/nativeText.js";
import {
  bootFirmware,
  flashFirmware,
  startUpdate,
  updateSettingsInForce,
  type RunningUpdate,
} from "./updateService.js";
import { updateStatus, type UpdateStatus } from "../update/status.js";
import { dhcpAnswerShown, type DhcpAnswer } from "../update/dhcpUpdate.js";
import { UpdateCode } from "../update/errors.js";
import { parseCommandFile } from "../update/commandFile.js";
import { noRfps, RunningRfpUpdate } from "./rfpUpdateService.js";
import { withConfigPatch } from "../config/configPatch.js";
import { provisioningStatus, type ProvisioningStatus } from "../provisioning/status.js";
import { checkNow, checkSync, provisions, startProvisioning, type RunningProvisioning } from "./provisioningService.js";
import { SiteUpgrade } from "../upgrade/SiteUpgrade.js";

export type ResetMode = "idle" | "immediate";

/** Before a boot has started its roles, and after a stop: frames reach none. */
const NO_ROLES: RoutedRoles = { master: false, pari: false, radio: false, masterPeer: undefined };

/** One IPBS/IPBL/IPVM: its roles as XState actors; the node and sim worlds differ only in the DeviceEnv. */
export class Device extends OperatorInterface {
  readonly env: DeviceEnv;
  readonly alarms: Alarms;
  readonly counters: Counters = { framesIn: 0, framesOut: 0, framesDropped: 0 };
  #running: DeviceConfig;
  #pending: DeviceConfig | undefined;
  /** The start configuration the device was given; the running one is kept on flash with it (storedConfig.ts). */
  readonly #start: DeviceConfig;
  /** App. E's join of the pending configuration: kept on flash by the reset that applies it (pendingJoin.ts). */
  #pendingJoin: JoinOrder | undefined;
  #master: Actor<typeof masterMachine> | undefined;
  #radio: Actor<typeof radioMachine> | undefined;
  #pariClient: Actor<typeof pariClientMachine> | undefined;
  /** The roles' data (tables, messages), created here and handed to their machines; the machines own mode and time. */
  #masterCore: MasterCore | undefined;
  #radioCore: RadioCore | undefined;
  #pariClientCore: PariClientCore | undefined;
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
  /** The radio's part in handset procedures (§3.14): relays to the Master, answers over the air. */
  #handsetRelay: HandsetRelay | undefined;
  /** The Kerberos server and client roles (§4.1.8) the configuration asks for. */
  #kerberos: RunningKerberos = {};
  #snmp: RunningSnmp | undefined;
  /** Certificates, trust list and TLS settings (§4.1.10, §4.3.3); every device has them. */
  #certs: CertStore | undefined;
  /** The TLS policy of this boot's certificate store: for HTTPS, LDAPS and SIP/TLS (wire/Transport.ts). */
  #tls: TlsPolicy | undefined;
  #deviceName = "";
  #mirror: MirrorState | undefined;
  /** Seals and opens every frame to and from other devices (docs/design.md "Device links"); new at every boot. */
  #links: LinkGuard | undefined;
  #boots = 0;
  #up = false;
  /** Which roles this boot runs, as frames are routed to them (set at the end of each boot). */
  #routed: RoutedRoles = NO_ROLES;
  /** Samples Diagnostics → Performance (§4.23.5) from boot to stop; its history is the chart's core. */
  #performance: Actor<typeof performanceMachine> | undefined;
  /** The firmware banks (§4.15) and what this boot runs from them. */
  #banks: FirmwareBanks | undefined;
  #firmware: BankInfo | undefined;
  /** The update client (§4.9.1, App. A) of a device with an update URL. */
  #update: RunningUpdate | undefined;
  /** An IPBL's update of its RFPs (RFP_UPDATE0, App. A.1.7; Update → RFPs, §4.18.4). */
  #rfpUpdate: RunningRfpUpdate | undefined;
  /** The second provisioning dialect's client (seed 002), which runs instead of #update when the device provisions. */
  #provisioning: RunningProvisioning | undefined;
  /** The site-wide rolling upgrade a PARI Master runs (§4.15.2), and its record on flash; new at every boot. */
  #siteUpgrade: SiteUpgrade | undefined;
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
    this.alarms = new Alarms(
      (kind, fields) => this.#emit(kind, fields),
      () => env.clock.now(),
    );
    // The radio's PARI client forwards the device's alarms to its PARI Master when told to (§4.6.33).
    this.alarms.onChange((change) => {
      if (this.#pariClient !== undefined) sendToChart(this.#pariClient, { type: "alarm", change });
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
      master: this.#master,
      masterCore: this.#masterCore,
      pariClientCore: this.#pariClientCore,
      directory: this.#directory,
      userAdmins: this.#userAdmins,
      ldap: this.#ldap,
      adReplicator: this.#adReplicator,
      mirror: this.#mirror,
      handsetRelay: this.#handsetRelay,
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
    return this.#handsetRelay?.ready() ?? false;
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

  /** `uploaded`: the running configuration was uploaded before this reset (§4.18.1, §4.24). */
  async #boot(uploaded: boolean): Promise<void> {
    const cfg = this.#running;
    ({ banks: this.#banks, running: this.#firmware } = await bootFirmware(this.env.store, cfg.kind, this.#emit));
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
    this.#links = await bootLinkGuard(cfg, this.env, ++this.#boots, (to, channel, frame) => {
      this.counters.framesOut++;
      this.env.transport.send(to, channel, frame);
    });
    await this.env.transport.open(listenSpec(cfg), {
      frame: (f, from, ch) => this.#onFrame(f, from, ch),
      malformed: (from, ch, err) => this.#droppedBy(from, ch, err),
    });
    this.#up = true;
    this.#emit("state", { role: "device", state: "up", model: cfg.kind, ip: cfg.ip });
    if (this.#links.factory) this.#emit("warning", { code: FACTORY_WARNING, text: FACTORY_TEXT });
    const history = new PerformanceHistory(this.env.clock, this.counters, this.env.performanceMeter?.());
    this.#performance = startRoleActor(performanceMachine, { core: history }, this.env.clock, this.#log, "performance");
    this.#ldap = await startLdapServer(cfg, this.#directory, this.env, this.#log, this.#emit, this.#tls, this.admin());
    this.#kerberos = await startKerberos(cfg, this.env, this.alarms, this.#emit, this.#log, this.#tls);
    const env = { ...this.env, version: this.#firmware.version };
    this.#snmp = await startSnmp(cfg, env, this.#log, this.#emit, [() => this.ipdectMib()]);
    const io = this.#io();
    if (cfg.master !== undefined) {
      const pari = pariInput(cfg, pariState, () => this.#master?.getSnapshot().hasTag("serving") === true);
      const users = this.#directory === undefined ? undefined : masterUsers(cfg, this.#directory);
      const gatekeeper = gatekeeperInput(cfg, this.env, this.#tls, () => checkSync(this.#provisioning));
      this.#masterCore = new MasterCore(cfg.master, io, this.#mirror, cfg.system, pari, users, gatekeeper);
      this.#master = startRoleActor(masterMachine, { core: this.#masterCore }, this.env.clock, this.#log, "master");
    }
    const radio = this.#radioSettings;
    if (radio !== undefined) {
      this.#radioCore = new RadioCore(radio, io);
      this.#radio = startRoleActor(radioMachine, { core: this.#radioCore }, this.env.clock, this.#log, "radio");
      this.#pariClientCore = new PariClientCore(
        pariClientInput(cfg, radio, io, this.#deviceName, this.#firmware.version),
      );
      const pariClient = { core: this.#pariClientCore };
      this.#pariClient = startRoleActor(pariClientMachine, pariClient, this.env.clock, this.#log, "pari-client");
      this.#handsetRelay = new HandsetRelay(io, {
        master: () => (this.#radio?.getSnapshot().hasTag("registered") === true ? this.#radioCore?.target : undefined),
        rfpi: () => this.#pariClientCore?.rfpis[0] ?? "",
        // Without an air model there is no air sync to wait for: any radio with a Master carries traffic.
        traffic: () => this.env.air === undefined || this.#pariClientCore?.sync.traffic === true,
      });
    }
    this.#rfpUpdate = await RunningRfpUpdate.start(
      this.#pariClientCore?.rfpPorts,
      this.env.updateFetcher,
      io,
      this.#log,
    );
    if (provisions(cfg))
      this.#provisioning = await startProvisioning(
        this.env.updateFetcher,
        io,
        this.#banks,
        this.#provisioningHost(),
        this.#log,
      );
    else this.#update = await startUpdate(this.env.updateFetcher, io, this.#banks, this.#updateHost(), this.#log);
    this.#siteUpgrade = await SiteUpgrade.load(
      {
        store: this.env.store,
        clock: this.env.clock,
        emit: this.#emit,
        http: this.env.siteHttp,
        self: () => ({ name: this.name, ip: this.#running.ip, pariMaster: this.#masterCore?.pari?.active === true }),
      },
      this.#firmware.version,
    );
    // Up on this bank: a trial bank becomes the good one (FirmwareBanks.confirm).
    await this.#banks.confirm();
    this.#routed = {
      master: this.#master !== undefined,
      pari: cfg.pari !== undefined,
      radio: this.#radio !== undefined,
      masterPeer: cfg.master?.primary ?? cfg.master?.mirrorPeer,
    };
  }

  /** What the update client may do to the device (App. A): its configuration, its time, a reset. */
  #updateHost() {
    return {
      settings: () =>
        updateSettingsInForce(this.#running.update, this.#pariClientCore?.effective(), this.dhcpOptions()),
      timeSet: () => (this.#running.ntp ?? this.#pariClientCore?.effective().ntp) !== undefined,
      // What Backup → Config downloads (§4.14), users and secrets included: scfg is that backup, to a server.
      configText: () => formatNativeText(this.backupConfig()),
      applyConfig: async (text: string, source: string) =>
        this.configure(parseNativeText(`${formatNativeText(this.editableConfig())}\n${text}\n`, source)),
      resetRequired: () => this.#pending !== undefined,
      reset: (mode: ResetMode, reason: string) => this.#resetSoon(mode, reason),
      ...(this.#rfpUpdate === undefined ? {} : { rfpUpdate: this.#rfpUpdate.apply.bind(this.#rfpUpdate) }),
    };
  }

  /** What the second dialect's client may do to the device (seed 002): import a configuration or users, reset. */
  #provisioningHost() {
    return {
      settings: () => this.#running.provisioning!,
      // Seed 002 "DHCP Server": option 66 of the host's DHCP answer (`ipdect node --dhcp`).
      dhcpServer: () => this.dhcpOptions()?.options.tftpServer,
      // Seed 002 "Configuration Update": the file's data replaces the configuration's; it takes effect at a reset.
      applyConfig: async (config: ConfigXml, source: string) =>
        this.configure(withConfigPatch(this.editableConfig(), config.patch, source)),
      replaceUsers: async (users: readonly ConfigUser[]) =>
        this.#directory !== undefined && (await this.#directory.replaceUsers(users), true),
      reset: (mode: ResetMode, reason: string) => this.#resetSoon(mode, reason),
    };
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
      requestReset: (reason) => this.#resetSoon("immediate", reason),
      send: (to, channel, msg) => this.#send(to, channel, msg),
      disconnect: (to) => {
        this.#links?.forget(to);
        this.env.transport.disconnect(to);
      },
      emit: (kind, fields) => this.#emit(kind, fields),
    };
  }

  #send(to: Endpoint, channel: Channel, msg: Outgoing): void {
    if (!this.#up) return;
    this.counters.framesOut++;
    const full = { fromDevice: this.#running.name, ...msg } as Message;
    this.env.transport.send(to, channel, this.#links!.seal(to, channel, full));
  }

  readonly #emit = <K extends EventKind>(kind: K, fields: EventFields[K]): void => {
    // The spread keeps the JSON key order t, device, kind, fields (the event log is compared byte for byte).
    this.env.events.emit({ t: this.env.clock.now(), device: this.#running.name, kind, ...fields } as DeviceEvent);
    // Each raise and clear of the alarm table is an SNMP notification (§4.9.5, mibs/IPDECT-MIB.txt) and is in the
    // agent's next answer (docs/design.md "SNMP agent").
    if (kind === "alarm" || kind === "alarm-cleared" || kind === "alarm-timeout")
      this.#snmp?.alarm(kind, fields as EventFields["alarm"]);
  };

  #onFrame(frame: Uint8Array, from: Endpoint, channel: Channel): void {
    if (!this.#up) return;
    this.counters.framesIn++;
    try {
      const opened = this.#links!.open(frame, from, channel);
      if (opened instanceof LinkRefusal) return this.#dropped(from, channel, opened.code, opened.reason);
      if (opened === undefined) return;
      const route = routeFrame(opened, from, this.#routed);
      switch (route.to) {
        case "master":
          return sendToChart(this.#master!, route.event);
        case "radio":
          return sendToChart(this.#radio!, route.event);
        case "pari-client":
          return sendToChart(this.#pariClient!, route.event);
        case "handset":
          return this.#handsetRelay!.frame(route.msg, from);
        case "dropped":
          return this.#dropped(from, channel, route.code, route.reason);
      }
    } catch (err) {
      // A frame that does not decode, or a message that breaks its role's rules (events.ts): dropped.
      this.#droppedBy(from, channel, err);
    }
  }

  /** Malformed or unexpected frames: counted, logged once each, reported in the event log; never fatal. */
  #dropped(from: Endpoint, channel: Channel, code: string, reason: string): void {
    this.counters.framesDropped++;
    this.#log.log("warn", "frame dropped", { from: `${from.ip}:${from.port}`, channel, code, reason });
    this.#emit("message-dropped", { from: `${from.ip}:${from.port}`, channel, code, reason });
  }

  /** A frame whose decoding or validation threw: its code and message say why (our bug: INTERNAL). */
  #droppedBy(from: Endpoint, channel: Channel, err: unknown): void {
    const code = err instanceof IpdectError ? err.code : "INTERNAL";
    this.#dropped(from, channel, code, err instanceof Error ? err.message : String(err));
  }

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

  /** Update → Firmware (§4.18.2): `image` written to the bank that does not run, in force after the next reset. */
  flashFirmware(image: Uint8Array, source: string): Promise<BankInfo> {
    return flashFirmware(this.#upBanks(), this.#running.kind, image, source, this.#emit);
  }

  /** The firmware banks (§4.15): what runs, what the other bank holds, which runs after the next reset. */
  firmwareBanks(): ReturnType<FirmwareBanks["banks"]> {
    return this.#upBanks().banks();
  }

  /** The site upgrade this PARI Master runs or ran (§4.15.2; src/upgrade/SiteUpgrade.ts). */
  siteUpgrade(): SiteUpgrade {
    if (this.#siteUpgrade === undefined)
      throw new StateError(DeviceCode.NotUp, `${this.#running.name} has not started`);
    return this.#siteUpgrade;
  }

  #upBanks(): FirmwareBanks {
    if (this.#banks === undefined) throw new StateError(DeviceCode.NotUp, `${this.#running.name} has not started`);
    return this.#banks;
  }

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

  /**
   * Polls the update server now (App. A.1.3), after a poll or run in progress, and resolves once it has ended, with
   * the update status. Throws StateError UP_NO_SERVER without an update URL.
   */
  async updatePoll(): Promise<UpdateStatus> {
    const update = this.#update;
    if (update === undefined || !update.client.polls)
      throw new StateError(UpdateCode.UpNoServer, `${this.name} has no update URL (§4.9.1)${this.#noUpdateClient()}`);
    await waitFor(update.actor, (s) => s.matches("waiting"));
    sendToChart(update.actor, { type: "poll" });
    await waitFor(update.actor, (s) => !s.matches("polling"));
    return updateStatus(update.client);
  }

  /**
   * Runs UP0/UP1 command lines now, as the PBX's "Update clients" page sends them (App. A.1): `text` is checked whole
   * first (UP_COMMAND_*, nothing runs on a bad line); resolves once they ran, with the update status. A `prot … reset`
   * resets the device after the answer.
   */
  async updateRun(text: string, source: string): Promise<UpdateStatus> {
    const update = this.#update;
    if (update === undefined)
      throw new StateError(UpdateCode.UpNoServer, `${this.name} has no update client${this.#noUpdateClient()}`);
    const commands = parseCommandFile(text, source, update.client.product);
    // RFP_UPDATE0 lines that cannot start (no firmware, one under way) are refused here, before anything runs.
    this.#rfpUpdate?.check(commands, source);
    // A poll or run in progress ends first: the chart takes one at a time.
    await waitFor(update.actor, (s) => !s.matches("polling") && !s.matches("running"));
    sendToChart(update.actor, { type: "run", commands });
    await waitFor(update.actor, (s) => !s.matches("running"));
    return updateStatus(update.client);
  }

  /** The IPBL's RFP update (App. A.1.7, §4.18.4); RFP_UPDATE_NONE on other devices or while down. */
  rfpUpdate(): RunningRfpUpdate {
    if (this.#rfpUpdate === undefined) throw noRfps(this.name);
    return this.#rfpUpdate;
  }

  /** Checks the provisioning server now (seed 002); resolves once the check has ended. PROV_OFF when not provisioning. */
  provisioningCheck(): Promise<ProvisioningStatus> {
    return checkNow(this.#provisioning, this.name);
  }

  /** Why a device has no update client: it provisions in the second dialect (one dialect per device), or no fetcher. */
  #noUpdateClient(): string {
    return provisions(this.#running)
      ? ": it is provisioned in the second dialect (provisioning.method is not disabled)"
      : ", or cannot download here";
  }

  status(): DeviceStatus {
    return deviceStatus({
      cfg: this.#running,
      up: this.#up,
      pendingReset: this.#pending !== undefined,
      counters: this.counters,
      alarms: this.alarms.system(),
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
      certificates: this.#certs === undefined ? undefined : certsStatus(this.#certs.current, this.#certs.trusted),
      factorySystemPassword: this.#links?.factory ?? false,
      factoryAdminPassword: this.#admin?.account.factoryPassword ?? true,
      firmware: this.#firmware,
      update: this.#update === undefined ? undefined : updateStatus(this.#update.client),
      rfpUpdate: this.#rfpUpdate?.status(),
      provisioning: this.#provisioning === undefined ? undefined : provisioningStatus(this.#provisioning.client),
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
    if (graceful && this.#radio !== undefined) sendToChart(this.#radio, { type: "shutdown" });
    await this.#masterCore?.gatekeeper?.close();
    this.#masterCore?.pari?.systemAlarms.close();
    this.#master?.stop();
    this.#radio?.stop();
    this.#pariClient?.stop();
    this.#performance?.stop();
    this.#update?.actor.stop();
    this.#update = undefined;
    this.#rfpUpdate?.stop();
    this.#rfpUpdate = undefined;
    this.#provisioning?.actor.stop();
    this.#provisioning = undefined;
    await this.#siteUpgrade?.stop();
    this.#master = undefined;
    this.#radio = undefined;
    this.#pariClient = undefined;
    this.#routed = NO_ROLES;
    this.#masterCore = undefined;
    this.#radioCore = undefined;
    this.#pariClientCore = undefined;
    await this.#adReplicator?.stop();
    this.#adReplicator = undefined;
    this.#handsetRelay = undefined;
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
