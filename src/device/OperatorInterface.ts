import { sendToChart } from "../role/chartLane.js";
import type { Administration } from "../auth/Administration.js";
import type { Actor } from "xstate";
import type { RealmLogin } from "../auth/realm.js";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import type { CertStore } from "../certs/CertStore.js";
import type { TlsSettings } from "../certs/settings.js";
import { DecodeError, StateError } from "../core/errors.js";
import { carrierPlan, carriersProblem, type FrequencyBand } from "../role/bands.js";
import { SyncCode } from "../sync/errors.js";
import type { LdapService, LdapServerReport } from "../ldap/LdapService.js";
import type { LdapListener } from "../ldap/listener.js";
import type { MasterEvent } from "../master/events.js";
import type { masterMachine } from "../master/master.machine.js";
import type { MasterCore } from "../master/MasterCore.js";
import type { MirrorState } from "../master/MirrorState.js";
import type { AddRadio } from "../pari/PariCore.js";
import type { PariOverview } from "../pari/overview.js";
import { parkCodes, type ParkCodes } from "../pari/park.js";
import { KerberosCode } from "../kerberos/errors.js";
import type { KerberosClient } from "../kerberos/KerberosClient.js";
import type { KerberosServer } from "../kerberos/KerberosServer.js";
import type { HandsetRelay } from "../radio/HandsetRelay.js";
import type { PariClientCore } from "../radio/PariClientCore.js";
import type { AdReplicator, AdReplicatorStatus } from "../replication/AdReplicator.js";
import type { ReplicatorStatus } from "../replication/Replicator.js";
import type { GatekeeperStatus } from "../sip/Gatekeeper.js";
import type { RegistrationStatus } from "../sip/registration.js";
import type { SyncOverview } from "../sync/overview.js";
import type { RfpScanResult } from "../sync/RadioSync.js";
import type { Disturbance } from "../sync/SyncControl.js";
import { configUserOf } from "../users/configUser.js";
import type { Directory } from "../users/Directory.js";
import type { HandsetLocation } from "../users/handsets/HandsetService.js";
import type { UserAdmins } from "../users/UserAdmins.js";
import { DeviceCode } from "./errors.js";
import type { DeviceStatus } from "./status.js";
import { ipdectMibView } from "../snmp/ipdectMib.js";
import type { SnmpAgentState } from "../snmp/report.js";
import type { RunningSnmp } from "./snmpService.js";
import type { HostPerformance } from "./DeviceEnv.js";
import type { PerformanceHistory } from "./PerformanceHistory.js";
import type { DeviceReadings } from "./metrics.js";

/** What the device runs now, as the operator interface reaches it; absent roles are undefined. */
export interface RunningRoles {
  readonly cfg: DeviceConfig;
  readonly master: Actor<typeof masterMachine> | undefined;
  readonly masterCore: MasterCore | undefined;
  readonly pariClientCore: PariClientCore | undefined;
  readonly directory: Directory | undefined;
  readonly userAdmins: UserAdmins | undefined;
  readonly ldap: { readonly service: LdapService; readonly listener?: LdapListener | undefined } | undefined;
  readonly adReplicator: AdReplicator | undefined;
  readonly mirror: MirrorState | undefined;
  readonly handsetRelay: HandsetRelay | undefined;
  readonly certs: CertStore | undefined;
  readonly kerberos: { readonly server?: KerberosServer; readonly client?: KerberosClient };
  readonly admin: Administration | undefined;
  readonly snmp: RunningSnmp | undefined;
  /** What the host measures (§4.23.5), where it measures anything (DeviceEnv.performanceMeter). */
  readonly performance: (() => HostPerformance) | undefined;
  /** The last 24 hours of Diagnostics → Performance (§4.23.5) since the device booted. */
  readonly performanceHistory: PerformanceHistory | undefined;
}

/**
 * The operator's view of a device: the commands and status pages of the manual, each asking the role that owns the
 * answer (src/mgmt's command table calls these). A command for a role the device does not run is a StateError with
 * the device area's code (docs/errors.md). The Device (lifecycle) supplies what runs through `roles()`.
 */
export abstract class OperatorInterface {
  protected abstract roles(): RunningRoles;
  abstract status(): DeviceStatus;
  /**
   * Puts a setting that is in force at once into the running configuration (and into the pending one, if a reset
   * waits) on flash: Config Show and a backup show it (§4.14), and a restart, a reset or a power cut keeps it.
   */
  protected abstract keepInForce(change: (cfg: DeviceConfig) => DeviceConfig): Promise<void>;

  /** Administrator access of this boot (§3.4, §4.1). */
  admin(): Administration {
    const { admin, cfg } = this.roles();
    if (admin === undefined) throw new StateError(DeviceCode.NotUp, `${cfg.name} has not started`);
    return admin;
  }

  /**
   * The configuration a backup saves (§4.14): the running one with the directory's users as they are now (App. C),
   * so restoring it gives back today's users. It holds Passwords and Auth. Codes: never log it.
   */
  backupConfig(): DeviceConfig {
    const { cfg, directory } = this.roles();
    if (directory === undefined) return cfg;
    const users = directory.userEntries().sort((a, b) => a.usn - b.usn);
    return { ...cfg, users: users.map(configUserOf) };
  }

  // ---- Certificates (§4.1.10) and TLS settings (§4.3.3) ----------------------------------------------------------

  /** The certificate store: device certificate, signing request, trust list, rejected chains, TLS settings. */
  certificates(): CertStore {
    const { certs } = this.roles();
    if (certs === undefined) throw new StateError(DeviceCode.NotUp, "the device is not running: no certificate store");
    return certs;
  }

  /** The TLS profile (§4.3.3) and key usage check (§4.7.2.1): in force for the next handshake, kept as TLS0. */
  async setTlsSettings(change: Partial<TlsSettings>): Promise<TlsSettings> {
    const tls = { ...this.certificates().settings(), ...change };
    await this.keepInForce((cfg) => ({ ...cfg, tls }));
    this.certificates().setSettings(tls);
    return tls;
  }

  // ---- Kerberos (§4.1.8) ----------------------------------------------------------------------------------------

  /** The Kerberos server role (§4.1.8.1, §4.1.8.11). */
  kerberosServer(): KerberosServer {
    const { server } = this.roles().kerberos;
    if (server === undefined)
      throw new StateError(KerberosCode.NoServer, "this device is no Kerberos server (kerberos.server, §4.1.8.1)");
    return server;
  }

  /** The Kerberos client role (§4.1.8.2-§4.1.8.8). */
  kerberosClient(): KerberosClient {
    const { client } = this.roles().kerberos;
    if (client === undefined)
      throw new StateError(KerberosCode.NoClient, "this device is no Kerberos client (kerberos.client, §4.1.8.3)");
    return client;
  }

  /** Logins as `REALM\user` or `user@REALM` (§4.1.8.7); undefined on a device that is no Kerberos client. */
  realmLogin(): RealmLogin | undefined {
    return this.roles().kerberos.client;
  }

  /**
   * "Disable local authentication" (§4.1.8.8): only realm accounts may log in. The manual warns "Make sure that the
   * Kerberos authentication is working properly before disabling local authentication"; the device makes that a rule:
   * the setting takes hold once a Kerberos login has worked on it since it joined, so it never locks everyone out.
   */
  localAuthenticationDisabled(): boolean {
    const client = this.roles().kerberos.client;
    return client !== undefined && client.disableLocal && client.loginWorked;
  }

  // ---- Master (§4.6.19) ------------------------------------------------------------------------------------------

  /** "Activate mirror" (§4.6.19). */
  activateMirror(): void {
    this.#mirrorCommand({ type: "cmd.activateMirror" });
  }

  /** "Switch active mirror" (§4.6.19). */
  switchMirror(): void {
    this.#mirrorCommand({ type: "cmd.switchMirror" });
  }

  #mirrorCommand(ev: MasterEvent): void {
    const { master, cfg } = this.roles();
    if (master === undefined || cfg.master?.mode !== "mirror")
      throw new StateError(
        DeviceCode.NotAMirror,
        `${ev.type.replace("cmd.", "")} needs Master mode Mirror (this device: ${cfg.master?.mode ?? "off"})`,
      );
    sendToChart(master, ev);
  }

  /** A row of the Master's user/handset data (what "Activate mirror" copies); resolves once it is on flash. */
  async putMasterData(key: string, value: string): Promise<void> {
    const { mirror, cfg } = this.roles();
    if (mirror === undefined || cfg.master === undefined)
      throw new StateError(DeviceCode.NoMaster, "this device is not a Master");
    mirror.putItem(key, value);
    await mirror.save();
  }

  /** True while this device's Master role serves (active, or a Standby that took over). */
  get serving(): boolean {
    return this.roles().master?.getSnapshot().hasTag("serving") ?? false;
  }

  // ---- PARI Master (§4.6.21, §4.6.35, §4.11.1) -------------------------------------------------------------------

  #pari() {
    const pari = this.roles().masterCore?.pari;
    if (pari === undefined) throw new StateError(DeviceCode.NoPari, "this device has no PARI function (§4.6.21)");
    return pari;
  }

  /** Device Overview → Radios (§4.11.1). */
  radios(): PariOverview {
    return this.#pari().overview();
  }

  /** Users → Users: the PARK and PARK 3rd pty codes of the system (§4.10.3), known where the PARI function is. */
  parkCodes(): ParkCodes {
    const o = this.#pari().overview();
    return parkCodes(o.systemId, o.saris);
  }

  /** "Add" an uninitialized registration. */
  addRadio(mac: string, add: AddRadio): void {
    this.#pari().add(mac, add);
  }

  /** "Delete" a static registration; resolves once the table is on flash. */
  async deleteRadio(mac: string): Promise<void> {
    this.#pari().delete(mac);
    await this.#pari().keep();
  }

  /** "Move" a broken radio's RFPI to its replacement; resolves once the table is on flash. */
  async moveRfpi(from: string, to: string): Promise<void> {
    this.#pari().move(from, to);
    await this.#pari().keep();
  }

  /** DECT → SARI (§4.6.35); resolves once the SARIs are on flash. */
  async setSaris(saris: readonly string[]): Promise<void> {
    this.#pari().setSaris(saris);
    await this.#pari().keep();
  }

  // ---- Users (§3.14, §4.10) ------------------------------------------------------------------------------------

  /** User Administrators (§3.4.5.4); undefined on a device without a Master role. */
  userAdmins(): UserAdmins | undefined {
    return this.roles().userAdmins;
  }

  /** The Master's user directory; a device without a Master role has none. */
  directory(): Directory {
    const { directory } = this.roles();
    if (directory === undefined) throw new StateError(DeviceCode.NoMaster, "users live on a Master (§4.10)");
    return directory;
  }

  #handsets() {
    const h = this.roles().masterCore?.handsets;
    if (h === undefined) throw new StateError(DeviceCode.NoMaster, "handsets are served by a Master (§3.14)");
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
    const { adReplicator, masterCore } = this.roles();
    return adReplicator?.status() ?? masterCore?.replicator?.status();
  }

  // ---- Gatekeeper (§4.6.23) --------------------------------------------------------------------------------------

  #gatekeeper() {
    const g = this.roles().masterCore?.gatekeeper;
    if (g === undefined)
      throw new StateError(
        DeviceCode.NoGatekeeper,
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
    const { ldap } = this.roles();
    if (ldap === undefined)
      throw new StateError(
        DeviceCode.NoLdapServer,
        "this device runs no LDAP server (a Master with ldap.server, §4.5.1)",
      );
    const l = ldap.listener;
    return { ...ldap.service.status(), ...(l === undefined ? {} : { listening: { ip: l.ip, port: l.port } }) };
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

  /**
   * DECT → System Frequency and Enabled Carriers (§4.6.6, §4.6.7), pushed to every radio and kept as the
   * configuration's (PARI0 /band, /enabled-carriers). No band: the current one; no carriers: all of the band.
   */
  async setSyncCarriers(band: FrequencyBand | undefined, carriers: readonly number[] | undefined): Promise<void> {
    const sync = this.#pari().sync;
    const next = band ?? sync.settings.carriers.band;
    const problem = carriers === undefined ? undefined : carriersProblem(next, carriers);
    if (problem !== undefined) throw new DecodeError(SyncCode.SyncCarriers, problem);
    const plan = carrierPlan(next, carriers);
    await this.keepInForce((cfg) => {
      if (cfg.pari === undefined) return cfg;
      const { carriers: _old, ...rest } = cfg.pari;
      return {
        ...cfg,
        pari: carriers === undefined ? { ...rest, band: next } : { ...rest, band: next, carriers: plan.enabled },
      };
    });
    sync.setCarriers(plan);
  }

  /** DECT Sync → Disturbances (§4.12.2). */
  syncDisturbances(): Disturbance[] {
    return this.#pari().sync.disturbances();
  }

  /** Diagnostics → RFP Scan (§4.23.10): the System IDs of other IP-DECT systems heard. */
  rfpScan(): RfpScanResult {
    const client = this.roles().pariClientCore;
    if (client === undefined)
      throw new StateError(DeviceCode.NoRadio, "this device has no radio (§4.23.10 applies to the IPBS)");
    return client.sync.scan();
  }

  // ---- SNMP (issue 17) -------------------------------------------------------------------------------------------

  /** The SNMP agent of this boot (§4.9.5): its counters and where it answers; undefined when SNMP is disabled. */
  snmpAgent(): SnmpAgentState | undefined {
    const { snmp } = this.roles();
    if (snmp === undefined) return undefined;
    const at = snmp.agent;
    return { counters: snmp.counters, ...(at === undefined ? {} : { listening: { ip: at.ip, port: at.port } }) };
  }

  /** Diagnostics → Performance (§4.23.5): the samples of the last 24 hours of this boot. */
  performanceHistory(): PerformanceHistory {
    const { performanceHistory, cfg } = this.roles();
    if (performanceHistory === undefined) throw new StateError(DeviceCode.NotUp, `${cfg.name} has not started`);
    return performanceHistory;
  }

  /**
   * What the IPDECT-MIB and the metrics are read from now, one reading so that they agree: the status with the LDAP
   * server's counters (§4.5.2), the replicator's status (§4.5.4) and what the host measures (§4.23.5).
   */
  readings(): DeviceReadings {
    const { ldap, performance } = this.roles();
    const replicator = this.replicatorStatus();
    return {
      status: this.status(),
      ...(ldap === undefined ? {} : { ldap: ldap.service.status().counters }),
      ...(replicator === undefined ? {} : { replicator }),
      ...(performance === undefined ? {} : { performance: performance() }),
    };
  }

  /** What an SNMP agent serves of IPDECT-MIB now (mibs/IPDECT-MIB.txt): the readings and the gatekeeper's users. */
  ipdectMib(): ReturnType<typeof ipdectMibView> {
    const gatekeeper = this.roles().masterCore?.gatekeeper;
    return ipdectMibView({
      ...this.readings(),
      ...(gatekeeper === undefined ? {} : { registrations: gatekeeper.registrations() }),
    });
  }
}
