import { createHash } from "node:crypto";
import { DecodeError, IpdectError } from "../core/errors.js";
import type { RoleIo } from "../role/RoleIo.js";
import { UpdateCode } from "../update/errors.js";
import type { FirmwareBanks } from "../update/FirmwareBanks.js";
import { imageFor, IMAGE_MAX_BYTES } from "../update/image.js";
import { productOf, type Product } from "../update/product.js";
import type { DueReset, UpdateFetcher } from "../update/UpdateHost.js";
import { urlForLog, type UpdateUrl } from "../update/updateUrl.js";
import type { ConfigUser } from "../users/configUser.js";
import { intervalMs, msUntilTimeOfDay } from "./checkTimes.js";
import { CONFIG_XML_MAX_BYTES, parseConfigXml, type ConfigXml } from "./configXml.js";
import { ProvisioningCode } from "./errors.js";
import { parseProvisioningUrl, provisioningFile } from "./provisioningUrl.js";
import { keepProvisioningVars, loadProvisioningVars, type ProvisioningVars } from "./ProvisioningVars.js";
import type { ProvisioningSettings } from "./settings.js";
import { parseUsersXml, USERS_XML_MAX_BYTES } from "./usersXml.js";
import { parseVerFile, VER_FILE_MAX_BYTES } from "./verFile.js";

/** Why a check runs (seed 002 "Automatic Check for New Firmware and Configuration"; docs/design.md). */
export type CheckTrigger = "boot" | "interval" | "time" | "check-sync" | "operator";

/**
 * What came of one file of a check: `applied` (written, imported), `unchanged` (the same as last time, or the running
 * version), `not-found` (the server has no such file: nothing happens for it), `skipped` (not asked for by the
 * settings, or nothing to put it in), `failed` (a download, parse, schema or validation error: nothing of it applied).
 */
export interface FileOutcome {
  readonly file: string;
  readonly result: "applied" | "unchanged" | "not-found" | "skipped" | "failed";
  readonly url?: string;
  readonly version?: string;
  readonly reason?: string;
}

export interface CheckOutcome {
  /** Device clock ms when the check started. */
  readonly at: number;
  readonly trigger: CheckTrigger;
  /** The server's URL without its password; absent: there was none (`reason` says why). */
  readonly server?: string;
  readonly reason?: string;
  readonly files: readonly FileOutcome[];
}

/** What the device gives the second dialect's client: its I/O, the world's fetcher, its banks and its data. */
export interface ProvisioningHost {
  readonly io: RoleIo;
  readonly fetcher: UpdateFetcher;
  readonly banks: FirmwareBanks;
  /** The `provisioning` section in force (it changes only with a reset, like every setting). */
  settings(): ProvisioningSettings;
  /**
   * DHCP option 66 "TFTP server name" of the device's lease (seed 002 "DHCP Server"), for the `dhcp` method; undefined
   * while the world gives the device no DHCP answer with it.
   */
  dhcpServer(): string | undefined;
  /**
   * The configuration file's settings applied to the configuration in force and stored as the pending configuration
   * (validated like any configuration; throws ConfigError naming the field, and stores nothing then).
   */
  applyConfig(config: ConfigXml, source: string): Promise<void>;
  /** The user directory's users replaced live (a Master's); false: this device has no directory. */
  replaceUsers(users: readonly ConfigUser[]): Promise<boolean>;
  /** The device starts again: `immediate` after a firmware write (seed 002), `idle` after a configuration import. */
  reset(mode: DueReset["mode"], reason: string): void;
}

/** A file's step stopped: its outcome is said (event, status); the check goes on with the next file. */
class Settled extends Error {
  constructor(readonly outcome: FileOutcome) {
    super(outcome.reason);
  }
}

/**
 * The second provisioning dialect's client (seed 002 "Upgrading Firmware"): one check fetches the firmware's `.ver`
 * (and the firmware when its version is not the one running), `<MAC>-users.xml` and `<MAC>-config.xml` from the
 * provisioning server and applies what changed. The chart (provisioning.machine.ts) says when; this class says what a
 * check does and keeps what came of it.
 *
 * Choices where seed 002 is silent (docs/design.md "The second provisioning dialect"): the firmware first, as a new
 * firmware reboots the device at once and the boot check that follows imports the rest; the users before the
 * configuration, as users are replaced live and a new configuration resets; a file the same as the last one imported
 * (its SHA-256 on flash) does nothing.
 */
export class ProvisioningClient {
  readonly #host: ProvisioningHost;
  readonly #product: Product;
  #vars: ProvisioningVars;
  #last: CheckOutcome | undefined;
  #nextAt: number | undefined;

  private constructor(host: ProvisioningHost, vars: ProvisioningVars) {
    this.#host = host;
    this.#vars = vars;
    this.#product = productOf(host.io.kind);
  }

  static async start(host: ProvisioningHost): Promise<ProvisioningClient> {
    return new ProvisioningClient(host, await loadProvisioningVars(host.io.store));
  }

  get settings(): ProvisioningSettings {
    return this.#host.settings();
  }

  get vars(): ProvisioningVars {
    return this.#vars;
  }

  get lastCheck(): CheckOutcome | undefined {
    return this.#last;
  }

  /** When the chart's next timed check is due (device clock ms), as planned when it last started waiting. */
  get nextCheckAt(): number | undefined {
    return this.#nextAt;
  }

  /** Seed 002 "check → interval": ms between checks; undefined: no periodic polling (0). */
  intervalMs(): number | undefined {
    return intervalMs(this.settings.intervalMinutes);
  }

  /** Seed 002 "check → time": ms until the next daily check; undefined: no time set. */
  dailyMs(): number | undefined {
    const time = this.settings.time;
    return time === undefined ? undefined : msUntilTimeOfDay(this.#host.io.clock.now(), time);
  }

  /** The chart starts waiting: the next timed check, for the status. */
  planned(): void {
    const due = [this.intervalMs(), this.dailyMs()].filter((ms): ms is number => ms !== undefined);
    this.#nextAt = due.length === 0 ? undefined : this.#host.io.clock.now() + Math.min(...due);
  }

  /** The device starts again (a check's due reset, a check-sync `reboot`). */
  reset(mode: DueReset["mode"], reason: string): void {
    this.#host.reset(mode, reason);
  }

  /**
   * The server's URL: `static` → `url`; `dhcp` → option 66 (seed 002 "DHCP Server"). Throws PROV_URL for a URL that
   * does not parse (the settings reader checked `url`; option 66 comes from the network).
   */
  server(): UpdateUrl | { readonly reason: string } {
    const s = this.settings;
    if (s.method === "static") return parseProvisioningUrl(s.url ?? "", "provisioning.url");
    const option = this.#host.dhcpServer();
    if (option === undefined) return { reason: "no server from DHCP (option 66)" };
    return parseProvisioningUrl(option, "DHCP option 66");
  }

  /**
   * One check (seed 002 "Upgrading Firmware"). Never throws: each file's outcome is an event and in the status.
   * Resolves with the reset it needs (a new firmware: at once; a new configuration: when idle), which the chart
   * carries out once the check has ended.
   */
  async check(trigger: CheckTrigger): Promise<DueReset | undefined> {
    const at = this.#host.io.clock.now();
    let server: UpdateUrl;
    try {
      const found = this.server();
      if (!("host" in found)) return this.#done({ at, trigger, reason: found.reason, files: [] });
      server = found;
    } catch (err) {
      return this.#done({ at, trigger, reason: reasonOf(err), files: [] });
    }
    const files: FileOutcome[] = [];
    const mac = this.#mac();
    const step = async (
      action: "firmware" | "users" | "config",
      file: string,
      run: () => Promise<FileOutcome & { due?: DueReset }>,
    ): Promise<DueReset | undefined> => {
      let outcome: FileOutcome & { due?: DueReset };
      try {
        outcome = await run();
      } catch (err) {
        outcome = err instanceof Settled ? err.outcome : { file, result: "failed", reason: reasonOf(err) };
      }
      const { due, ...said } = outcome;
      files.push(said);
      this.#emit({ action, ...said });
      return due;
    };
    const base = { at, trigger, server: urlForLog(server), files };
    const firmware = await step("firmware", this.settings.firmware ?? "firmware", () => this.#firmware(server));
    if (firmware !== undefined) return this.#done(base, firmware);
    await step("users", `${mac}-users.xml`, () => this.#users(server, `${mac}-users.xml`));
    return this.#done(base, await step("config", `${mac}-config.xml`, () => this.#config(server, `${mac}-config.xml`)));
  }

  #done(outcome: CheckOutcome, due?: DueReset): DueReset | undefined {
    this.#last = outcome;
    const { reason, server, trigger } = outcome;
    this.#emit({ action: "check", result: reason === undefined ? "done" : "failed", trigger, url: server, reason });
    return due;
  }

  /**
   * Seed 002 "Firmware Update": "The version file is downloaded to determine the version of the firmware without
   * actually downloading the firmware file … The firmware version specified in the ".ver" file is compared with the
   * firmware version that is currently executed … the [device] is rebooted immediately after the firmware is updated."
   * The image is checked as UP0 `prot` checks it (product, checksum: FirmwareBanks.write) and goes to the other bank.
   */
  async #firmware(server: UpdateUrl): Promise<FileOutcome & { due?: DueReset }> {
    const name = this.settings.firmware;
    if (name === undefined) return { file: "firmware", result: "skipped", reason: "no firmware file name set" };
    const verUrl = provisioningFile(server, `${name}.ver`);
    const version = parseVerFile(await this.#get(verUrl, `${name}.ver`, VER_FILE_MAX_BYTES), urlForLog(verUrl));
    const running = (await this.#host.banks.banks()).running.version;
    const url = provisioningFile(server, name);
    const said = { file: name, url: urlForLog(url), version };
    if (version === running) return { ...said, result: "unchanged", reason: "the running version" };
    if (version === this.#vars.firmware)
      return {
        ...said,
        result: "skipped",
        reason: `${version} was written at an earlier check and the device did not come up on it (it runs ${running}); not again until the .ver file changes`,
      };
    const image = await this.#get(url, name, IMAGE_MAX_BYTES);
    const { header } = imageFor(image, this.#product, urlForLog(url));
    if (header.version !== version)
      throw new DecodeError(
        ProvisioningCode.FirmwareVersion,
        `the image is version ${header.version}, its .ver file says ${version}`,
        { source: urlForLog(url) },
      );
    await this.#host.banks.write(image, this.#product, urlForLog(url));
    await this.#keep({ ...this.#vars, firmware: version });
    return { ...said, result: "applied", due: { mode: "immediate", reason: `provisioning: firmware ${version}` } };
  }

  /** Seed 002 "User List Update": "Changes in the <MAC>-users.xml file do not require a reboot of the system." */
  async #users(server: UpdateUrl, file: string): Promise<FileOutcome> {
    if (!this.settings.importUsers) return { file, result: "skipped", reason: "users import is off" };
    const url = provisioningFile(server, file);
    const bytes = await this.#get(url, file, USERS_XML_MAX_BYTES);
    const hash = sha256(bytes);
    const said = { file, url: urlForLog(url) };
    if (hash === this.#vars.users) return { ...said, result: "unchanged" };
    const { users, disabled, notModelled } = parseUsersXml(bytes, urlForLog(url));
    if (!(await this.#host.replaceUsers(users)))
      return { ...said, result: "skipped", reason: "this device has no user directory (not a Master)" };
    await this.#keep({ ...this.#vars, users: hash });
    const left = disabled.length === 0 ? "" : `; ${disabled.length} disabled left out (${disabled.join(", ")})`;
    const unused = notModelled.length === 0 ? "" : `; not modelled, not applied: ${notModelled.join(", ")}`;
    return { ...said, result: "applied", reason: `${users.length} users${left}${unused}` };
  }

  /**
   * Seed 002 "Configuration Update": "The XML configuration file is downloaded and imported into the [device]
   * configuration by replacing the existing data." Our configuration takes effect at a reset (§4.24), as UP0 `cfg`'s.
   */
  async #config(server: UpdateUrl, file: string): Promise<FileOutcome & { due?: DueReset }> {
    if (!this.settings.importConfig) return { file, result: "skipped", reason: "configuration import is off" };
    const url = provisioningFile(server, file);
    const bytes = await this.#get(url, file, CONFIG_XML_MAX_BYTES);
    const hash = sha256(bytes);
    const said = { file, url: urlForLog(url) };
    if (hash === this.#vars.config) return { ...said, result: "unchanged" };
    const config = parseConfigXml(bytes, urlForLog(url));
    await this.#host.applyConfig(config, urlForLog(url));
    await this.#keep({ ...this.#vars, config: hash, notModelled: config.notModelled });
    const notModelled =
      config.notModelled.length === 0 ? "" : `; not modelled, not applied: ${config.notModelled.join(", ")}`;
    return {
      ...said,
      result: "applied",
      reason: `stored, in force after the reset${notModelled}`,
      due: { mode: "idle", reason: `provisioning: ${file}` },
    };
  }

  /** A file from the server; a file it does not have settles the step as `not-found` (seed 002: files are optional). */
  async #get(url: UpdateUrl, file: string, maxBytes: number): Promise<Uint8Array> {
    try {
      return await this.#host.fetcher.get(url, maxBytes);
    } catch (err) {
      if (err instanceof IpdectError && err.code === UpdateCode.UpNotFound)
        throw new Settled({ file, url: urlForLog(url), result: "not-found", reason: err.message });
      throw new Settled({ file, url: urlForLog(url), result: "failed", reason: reasonOf(err) });
    }
  }

  /** Seed 002 "Configuration File": "example: 0013d1800032-config.xml": 12 lower-case hex digits. */
  #mac(): string {
    return this.#host.io.mac.toString().replace(/:/g, "");
  }

  async #keep(vars: ProvisioningVars): Promise<void> {
    this.#vars = vars;
    await keepProvisioningVars(this.#host.io.store, vars);
  }

  #emit(fields: { action: string; result: string } & Record<string, string | undefined>): void {
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    this.#host.io.emit("provisioning", defined as { action: string; result: string });
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function reasonOf(err: unknown): string {
  return err instanceof IpdectError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
}
