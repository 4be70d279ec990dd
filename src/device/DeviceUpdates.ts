import { waitFor } from "xstate";
import type { DeviceConfig } from "../config/DeviceConfig.js";
import { formatNativeText, parseNativeText } from "../config/nativeText.js";
import { withConfigPatch } from "../config/configPatch.js";
import { StateError } from "../core/errors.js";
import type { Logger } from "../core/Logger.js";
import type { ConfigXml } from "../provisioning/configXml.js";
import { provisioningStatus, type ProvisioningStatus } from "../provisioning/status.js";
import type { PariClientCore } from "../radio/PariClientCore.js";
import { sendToChart } from "../role/chartLane.js";
import type { Emit } from "../role/EventLog.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { ConfigUser } from "../users/configUser.js";
import type { Directory } from "../users/Directory.js";
import { parseCommandFile } from "../update/commandFile.js";
import type { DhcpAnswer } from "../update/dhcpUpdate.js";
import { UpdateCode } from "../update/errors.js";
import type { BankInfo, FirmwareBanks } from "../update/FirmwareBanks.js";
import { updateStatus, type UpdateStatus } from "../update/status.js";
import { SiteUpgrade } from "../upgrade/SiteUpgrade.js";
import type { DeviceEnv } from "./DeviceEnv.js";
import { DeviceCode } from "./errors.js";
import { checkNow, checkSync, provisions, startProvisioning, type RunningProvisioning } from "./provisioningService.js";
import { noRfps, RunningRfpUpdate } from "./rfpUpdateService.js";
import {
  bootFirmware,
  flashFirmware,
  startUpdate,
  updateSettingsInForce,
  type RunningUpdate,
} from "./updateService.js";

export type ResetMode = "idle" | "immediate";

/** What the update side reads of its device (the Device itself): its configuration, backup and DHCP answer. */
export interface UpdatesDevice {
  readonly env: DeviceEnv;
  readonly name: string;
  /** The running configuration. */
  readonly config: DeviceConfig;
  readonly pendingConfig: DeviceConfig | undefined;
  /** The configuration a change edits (Device.editableConfig), and what Backup → Config downloads (§4.14). */
  editableConfig(): DeviceConfig;
  backupConfig(): DeviceConfig;
  configure(next: DeviceConfig): Promise<void>;
  dhcpOptions(): DhcpAnswer | undefined;
}

/** What the device gives the update side besides: its event log, its reset, and the roles an update reads. */
export interface UpdatesHooks {
  readonly emit: Emit;
  readonly log: Logger;
  resetSoon(mode: ResetMode, reason: string): void;
  directory(): Directory | undefined;
  pariClientCore(): PariClientCore | undefined;
  pariMaster(): boolean;
}

/** What the status shows of the update side (status.ts). */
export interface UpdatesShown {
  readonly firmware: BankInfo | undefined;
  readonly update: UpdateStatus | undefined;
  readonly rfpUpdate: ReturnType<RunningRfpUpdate["status"]> | undefined;
  readonly provisioning: ProvisioningStatus | undefined;
}

/**
 * A device's firmware banks (§4.15) and the services that change what it runs, started at each boot: the App. A update
 * client, or the second dialect's provisioning client (one dialect per device), an IPBL's RFP update (App. A.1.7), and
 * a PARI Master's site upgrade (§4.15.2).
 */
export class DeviceUpdates {
  readonly #d: UpdatesDevice;
  readonly #h: UpdatesHooks;
  #banks: FirmwareBanks | undefined;
  #firmware: BankInfo | undefined;
  #update: RunningUpdate | undefined;
  #rfpUpdate: RunningRfpUpdate | undefined;
  #provisioning: RunningProvisioning | undefined;
  #siteUpgrade: SiteUpgrade | undefined;

  constructor(d: UpdatesDevice, h: UpdatesHooks) {
    this.#d = d;
    this.#h = h;
  }

  /** The firmware this boot runs (bootFirmware): first thing at a boot, its version is the device's. */
  async bootBanks(): Promise<BankInfo> {
    const booted = await bootFirmware(this.#d.env.store, this.#d.config.kind, this.#h.emit);
    this.#banks = booted.banks;
    this.#firmware = booted.running;
    return booted.running;
  }

  /** The services, once the roles run (an IPBL's RFP ports are its PARI client's); then the bank counts as good. */
  async start(io: RoleIo): Promise<void> {
    const { env } = this.#d;
    const { log } = this.#h;
    const banks = this.#upBanks();
    this.#rfpUpdate = await RunningRfpUpdate.start(this.#h.pariClientCore()?.rfpPorts, env.updateFetcher, io, log);
    if (provisions(this.#d.config))
      this.#provisioning = await startProvisioning(env.updateFetcher, io, banks, this.#provisioningHost(), log);
    else this.#update = await startUpdate(env.updateFetcher, io, banks, this.#updateHost(), log);
    this.#siteUpgrade = await SiteUpgrade.load(
      {
        store: env.store,
        clock: env.clock,
        emit: this.#h.emit,
        http: env.siteHttp,
        self: () => ({ name: this.#d.name, ip: this.#d.config.ip, pariMaster: this.#h.pariMaster() }),
      },
      this.#firmware!.version,
    );
    // Up on this bank: a trial bank becomes the good one (FirmwareBanks.confirm).
    await banks.confirm();
  }

  /** A SIP NOTIFY check-sync for one of the device's users (provisioningService.checkSync). */
  checkSync(): boolean {
    return checkSync(this.#provisioning);
  }

  /** What the update client may do to the device (App. A): its configuration, its time, a reset. */
  #updateHost() {
    const [d, h] = [this.#d, this.#h];
    return {
      settings: () => updateSettingsInForce(d.config.update, h.pariClientCore()?.effective(), d.dhcpOptions()),
      timeSet: () => (d.config.ntp ?? h.pariClientCore()?.effective().ntp) !== undefined,
      // What Backup → Config downloads (§4.14), users and secrets included: scfg is that backup, to a server.
      configText: () => formatNativeText(d.backupConfig()),
      applyConfig: async (text: string, source: string) =>
        d.configure(parseNativeText(`${formatNativeText(d.editableConfig())}\n${text}\n`, source)),
      resetRequired: () => d.pendingConfig !== undefined,
      reset: (mode: ResetMode, reason: string) => h.resetSoon(mode, reason),
      ...(this.#rfpUpdate === undefined ? {} : { rfpUpdate: this.#rfpUpdate.apply.bind(this.#rfpUpdate) }),
    };
  }

  /** What the second dialect's client may do to the device (seed 002): import a configuration or users, reset. */
  #provisioningHost() {
    const [d, h] = [this.#d, this.#h];
    return {
      settings: () => d.config.provisioning!,
      // Seed 002 "DHCP Server": option 66 of the host's DHCP answer (`ipdect node --dhcp`).
      dhcpServer: () => d.dhcpOptions()?.options.tftpServer,
      // Seed 002 "Configuration Update": the file's data replaces the configuration's; it takes effect at a reset.
      applyConfig: async (config: ConfigXml, source: string) =>
        d.configure(withConfigPatch(d.editableConfig(), config.patch, source)),
      replaceUsers: async (users: readonly ConfigUser[]) => {
        const directory = h.directory();
        return directory !== undefined && (await directory.replaceUsers(users), true);
      },
      reset: (mode: ResetMode, reason: string) => h.resetSoon(mode, reason),
    };
  }

  /** Update → Firmware (§4.18.2): `image` written to the bank that does not run, in force after the next reset. */
  flashFirmware(image: Uint8Array, source: string): Promise<BankInfo> {
    return flashFirmware(this.#upBanks(), this.#d.config.kind, image, source, this.#h.emit);
  }

  /** The firmware banks (§4.15): what runs, what the other bank holds, which runs after the next reset. */
  firmwareBanks(): ReturnType<FirmwareBanks["banks"]> {
    return this.#upBanks().banks();
  }

  /** The site upgrade this PARI Master runs or ran (§4.15.2; src/upgrade/SiteUpgrade.ts). */
  siteUpgrade(): SiteUpgrade {
    if (this.#siteUpgrade === undefined) throw new StateError(DeviceCode.NotUp, `${this.#d.name} has not started`);
    return this.#siteUpgrade;
  }

  #upBanks(): FirmwareBanks {
    if (this.#banks === undefined) throw new StateError(DeviceCode.NotUp, `${this.#d.name} has not started`);
    return this.#banks;
  }

  /**
   * Polls the update server now (App. A.1.3), after a poll or run in progress, and resolves once it has ended, with
   * the update status. Throws StateError UP_NO_SERVER without an update URL.
   */
  async updatePoll(): Promise<UpdateStatus> {
    const update = this.#update;
    if (update === undefined || !update.client.polls)
      throw new StateError(
        UpdateCode.UpNoServer,
        `${this.#d.name} has no update URL (§4.9.1)${this.#noUpdateClient()}`,
      );
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
      throw new StateError(UpdateCode.UpNoServer, `${this.#d.name} has no update client${this.#noUpdateClient()}`);
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
    if (this.#rfpUpdate === undefined) throw noRfps(this.#d.name);
    return this.#rfpUpdate;
  }

  /** Checks the provisioning server now (seed 002); resolves once the check has ended. PROV_OFF when not provisioning. */
  provisioningCheck(): Promise<ProvisioningStatus> {
    return checkNow(this.#provisioning, this.#d.name);
  }

  /** Why a device has no update client: it provisions in the second dialect (one dialect per device), or no fetcher. */
  #noUpdateClient(): string {
    return provisions(this.#d.config)
      ? ": it is provisioned in the second dialect (provisioning.method is not disabled)"
      : ", or cannot download here";
  }

  shown(): UpdatesShown {
    return {
      firmware: this.#firmware,
      update: this.#update === undefined ? undefined : updateStatus(this.#update.client),
      rfpUpdate: this.#rfpUpdate?.status(),
      provisioning: this.#provisioning === undefined ? undefined : provisioningStatus(this.#provisioning.client),
    };
  }

  /** The services stop at a reset or a stop; the banks stay (the next boot reads them again). */
  async stop(): Promise<void> {
    this.#update?.actor.stop();
    this.#update = undefined;
    this.#rfpUpdate?.stop();
    this.#rfpUpdate = undefined;
    this.#provisioning?.actor.stop();
    this.#provisioning = undefined;
    await this.#siteUpgrade?.stop();
  }
}
