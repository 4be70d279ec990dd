import { IpdectError } from "../core/errors.js";
import type { RoleIo } from "../role/RoleIo.js";
import { parseCommandFile, MAX_COMMAND_FILE_BYTES, type FinalCommand, type UpdateCommand } from "./commandFile.js";
import type { FirmwareBanks } from "./FirmwareBanks.js";
import { IMAGE_MAX_BYTES } from "./image.js";
import { bootFileName, commandFileName, firmwareFileName, hardwareId, productOf, type Product } from "./product.js";
import type { UpdateSettings } from "./settings.js";
import { parseUpdateUrl, substituteSaveUrl, urlForLog, withDefaultFile, type UpdateUrl } from "./updateUrl.js";
import { keepUpdateVars, loadUpdateVars, type UpdateVars } from "./UpdateVars.js";

/** App. A.1.3: a fresh device fetches its command file "every minute (for up to 30 minutes)". */
export const FRESH_POLL_MS = 60_000;
export const FRESH_WINDOW_MS = 30 * 60_000;
/** The configuration files `cfg` downloads are command files too (A.1.6): the same limit. */
const MAX_CONFIG_BYTES = MAX_COMMAND_FILE_BYTES;

/** §6.2's update server codes (core/alarms/catalog.ts). */
const ALARM = {
  script: 0x00210001,
  boot: 0x00210002,
  firmware: 0x00210003,
  getConfig: 0x00210004,
  putConfig: 0x00210006,
} as const;

/** Downloads and uploads of the update client: HTTP, HTTPS (validated against the trust list) and TFTP. */
export interface UpdateFetcher {
  get(url: UpdateUrl, maxBytes: number): Promise<Uint8Array>;
  put(url: UpdateUrl, body: Uint8Array): Promise<void>;
}

/** What the device gives its update client: its I/O, the world's fetcher, its firmware banks and configuration. */
export interface UpdateHost {
  readonly io: RoleIo;
  readonly fetcher: UpdateFetcher;
  readonly banks: FirmwareBanks;
  /**
   * The update settings in force, read at every poll: the device's own (§4.9.1), unless a PARI Master's Radio Config
   * pushes a URL or interval (§4.6.33) or DHCP gives them (App. I.3, unless `/no-dhcp`).
   */
  settings(): UpdateSettings;
  /** App. A.1.3 "if the device has no time set": a device has the time once it has a time server (§4.1.9). */
  timeSet(): boolean;
  /** The running configuration in the native text form, as a backup has it (§4.14): what `scfg` uploads. */
  configText(): string;
  /** Runs configuration commands (`config change …`) on the configuration; they take effect at the next reset. */
  applyConfig(text: string, source: string): Promise<void>;
  /** Whether a stored configuration waits for a reset (§4.18.1). */
  resetRequired(): boolean;
  /** `ireset` waits until the device is idle, `reset` does not (§4.24); the device starts again. */
  reset(mode: "idle" | "immediate", reason: string): void;
  /**
   * An IPBL's RFP_UPDATE0 lines of one run (App. A.1.7), all together: carried out whole or refused with a typed error
   * (radio/RfpUpdateCore.ts). Absent on a device without RFP ports.
   */
  rfpUpdate?(commands: readonly RfpUpdateLine[], source: string): Promise<void>;
}

/** One RFP_UPDATE0 line (App. A.1.7). */
export type RfpUpdateLine = Extract<UpdateCommand, { module: "RFP_UPDATE0" }>;

/** A reset the finals of a command file ask for: `ireset` waits until the device is idle (§4.24). */
export interface DueReset {
  readonly mode: "idle" | "immediate";
  readonly reason: string;
}

/** The finals in order of strength: the strongest of a run is carried out at its end. */
const FINAL_ORDER: readonly FinalCommand[] = ["ser", "iresetn", "resetn", "ireset", "reset"];

/** Thrown inside a run to stop it: the rest of the command file is not processed (already said in an event). */
class Stop extends Error {}
/** `times` cancelled the run: the device did not take the file, so a fresh device stays fresh. */
class NotNow extends Stop {}

/**
 * UP1 and UP0 (App. A.1): fetches the command file, runs its commands in order, keeps the update variables on
 * flash. The chart (update.machine.ts) says when; this class says what a poll does.
 *
 * Choices where the manual is silent (docs/design.md "Update server"):
 * - a command file that does not parse is refused whole, with alarm 0x00210001 (nothing of it runs);
 * - configuration lines of a command file are collected and stored together after its last command, so a file that
 *   stops half-way stores none of them;
 * - the finals of `check`, `prot`, `boot`, `cfg` and `scfg` are not carried out at once but the strongest of them
 *   once the file has run (a reset in the middle would cut the file, and the same file runs again after it).
 */
export class UpdateClient {
  readonly product: Product;
  readonly #host: UpdateHost;
  readonly #bootAt: number;
  #vars: UpdateVars;
  /**
   * This device's phase: its first poll of a boot comes this much after the interval (then every interval), drawn
   * once per boot from its random stream, uniform below a minute (the shortest interval). A site whose devices start
   * together (a power cut, a fresh site polling every minute) does not ask its update server all at the same second
   * (App. A.1.1: "potentially all devices may attempt a configuration update at the same time"); docs/performance.md
   * "Update server load".
   */
  readonly phaseMs: number;
  #first = true;
  /** Whether `prot` wrote a bank this boot: the next reset starts it, so a reset is required (A.1.3 `resetn`). */
  #flashed = false;

  private constructor(host: UpdateHost, vars: UpdateVars) {
    this.#host = host;
    this.#vars = vars;
    this.#bootAt = host.io.clock.now();
    this.phaseMs = Math.floor(host.io.rng.fork("update-phase").next() * FRESH_POLL_MS);
    this.product = productOf(host.io.kind);
  }

  /**
   * Every device of a world that can download has one: without an update URL it does not poll, yet UP0's commands
   * can still be given to it ("UP0 can also receive commands from the 'Update clients' page", App. A.1).
   */
  static async start(host: UpdateHost): Promise<UpdateClient> {
    return new UpdateClient(host, await loadUpdateVars(host.io.store));
  }

  /** Whether there is a command file to poll (§4.9.1's URL). */
  get polls(): boolean {
    return this.#host.settings().url !== undefined;
  }

  get vars(): UpdateVars {
    return this.#vars;
  }

  get settings(): UpdateSettings {
    return this.#host.settings();
  }

  /**
   * How long until the next fetch of the command file, from now (App. A.1.3): "initially after the configured poll
   * interval is expired after boot", then every interval; a fresh device every minute for up to 30 minutes.
   */
  nextPollMs(): number {
    const since = this.#host.io.clock.now() - this.#bootAt - this.phaseMs;
    const fresh = !this.#vars.downloaded && since + FRESH_POLL_MS <= FRESH_WINDOW_MS;
    const ms = fresh ? FRESH_POLL_MS : this.#host.settings().pollMinutes * 60_000;
    if (!this.#first) return ms;
    this.#first = false;
    return ms + this.phaseMs;
  }

  /**
   * One poll: fetch the command file and run it. Never throws: failures are alarms and events. Resolves with the reset
   * the file's finals ask for, which the chart carries out (`finish`) once the poll has ended.
   */
  async poll(): Promise<DueReset | undefined> {
    let url: UpdateUrl | undefined;
    let commands: readonly UpdateCommand[];
    try {
      url = withDefaultFile(
        parseUpdateUrl(this.#host.settings().url ?? "", "update.url"),
        commandFileName(this.product),
      );
      commands = parseCommandFile(
        await this.#host.fetcher.get(url, MAX_COMMAND_FILE_BYTES),
        urlForLog(url),
        this.product,
      );
    } catch (err) {
      this.#report(ALARM.script, "poll", err, url);
      return undefined;
    }
    this.#host.io.alarms.clear(ALARM.script);
    this.#emit({ action: "poll", result: "done", url: urlForLog(url) });
    const fresh = !this.#vars.downloaded;
    const { taken, due } = await this.#run(commands, fresh);
    if (fresh && taken) await this.#keep({ ...this.#vars, downloaded: true });
    return due;
  }

  /**
   * Runs command lines given by an operator now ("UP0 can also receive commands from the 'Update clients' page of
   * the PBX Administration user interface", App. A.1), as a command file would run them; the reset their finals ask
   * for, which the chart carries out.
   */
  async runGiven(commands: readonly UpdateCommand[]): Promise<DueReset | undefined> {
    return (await this.#run(commands, false)).due;
  }

  /** The reset a poll's finals asked for (A.1.3): the device starts again. */
  finish(due: DueReset): void {
    this.#host.reset(due.mode, due.reason);
  }

  /**
   * Runs a command file; false when `times` cancelled it. A fresh device is fresh until it takes a command file:
   * one `times` held back does not count as "a successful download" (A.1.3), or `/initial` would cost a fresh device
   * its one-minute polls, which are there "so that a fresh device can quickly retrieve a site depending standard
   * configuration".
   */
  async #run(commands: readonly UpdateCommand[], fresh: boolean): Promise<{ taken: boolean; due?: DueReset }> {
    const finals: FinalCommand[] = [];
    const config: string[] = [];
    const rfp: RfpUpdateLine[] = [];
    let check: Extract<UpdateCommand, { cmd: "check" }> | undefined;
    try {
      for (const c of commands) {
        if (c.module === "device") config.push(c.text);
        else if (c.module === "RFP_UPDATE0") rfp.push(c);
        else if (c.cmd === "times") this.#times(c, fresh);
        else if (c.cmd === "check") {
          if (c.serial === this.#vars.check) {
            this.#emit({ action: "check", result: "cancelled", line: c.line, serial: c.serial, reason: "serial done" });
            return { taken: true };
          }
          check = c;
        } else {
          const final = await this.#up0(c);
          if (final !== undefined) finals.push(final);
        }
      }
      if (config.length > 0) await this.#config(config.join("\n"), "the command file", "config");
      if (rfp.length > 0) await this.#rfpUpdate(rfp);
    } catch (err) {
      if (err instanceof Stop) return { taken: !(err instanceof NotNow) };
      throw err;
    }
    if (check !== undefined) {
      await this.#keep({ ...this.#vars, check: check.serial });
      this.#emit({ action: "check", result: "done", line: check.line, serial: check.serial });
      finals.push(check.final);
    }
    return { taken: true, due: this.#final(finals) };
  }

  /**
   * App. A.1.3 `times`: outside the allowed hours, or without time, or in the first `/initial` minutes after boot,
   * the rest of the file is cancelled; "If /initial is set, new devices … the command file will be retrieved even if
   * it normally would be suppressed by the /allow parameter."
   */
  #times(c: Extract<UpdateCommand, { cmd: "times" }>, fresh: boolean): void {
    const clock = this.#host.io.clock;
    const cancel = (reason: string): never => {
      this.#emit({ action: "times", result: "cancelled", line: c.line, reason });
      throw new NotNow();
    };
    if (c.initialMinutes !== undefined && clock.now() - this.#bootAt < c.initialMinutes * 60_000)
      cancel(`within ${c.initialMinutes} minutes after boot (/initial)`);
    if (c.allowHours === undefined || (fresh && c.initialMinutes !== undefined)) return;
    if (!this.#host.timeSet()) cancel("the device has no time set");
    // The device models no time zone (core/timeText.ts): its local time is UTC.
    const hour = new Date(clock.now()).getUTCHours();
    if (!c.allowHours.includes(hour)) cancel(`hour ${hour} is not in /allow ${c.allowHours.join(",")}`);
  }

  /** UP0's commands (A.1.4–A.1.6); returns the final to carry out, or undefined when nothing was done. */
  async #up0(c: Extract<UpdateCommand, { module: "UP0" }>): Promise<FinalCommand | undefined> {
    switch (c.cmd) {
      case "prot":
        return this.#firmware(c, "prot", firmwareFileName(this.product), ALARM.firmware);
      case "boot": {
        const file = bootFileName(this.product);
        if (file === undefined) {
          this.#emit({ action: "boot", result: "skipped", line: c.line, reason: "no boot code on an IPVM (A.1.4)" });
          return undefined;
        }
        return this.#firmware(c, "boot", file, ALARM.boot);
      }
      case "cfg":
        return this.#cfg(c);
      case "scfg":
        return this.#scfg(c);
    }
  }

  /**
   * `prot` and `boot` (A.1.4): "The prot command will compare the <build-serial> parameter with the UPDATE/PROT
   * variable. If it is equal, no firmware will be loaded or flashed. If there is no UPDATE/PROT yet …, <build-serial>
   * is compared against the build number of the current firmware."
   */
  async #firmware(
    c: Extract<UpdateCommand, { cmd: "prot" | "boot" }>,
    action: "prot" | "boot",
    file: string,
    alarm: number,
  ): Promise<FinalCommand | undefined> {
    const banks = await this.#host.banks.banks();
    const current = this.#vars[action] ?? (action === "prot" ? banks.running.serial : undefined);
    if (c.serial === current) return undefined;
    const url = withDefaultFile(c.url, file);
    try {
      const image = await this.#host.fetcher.get(url, IMAGE_MAX_BYTES);
      // Boot code is checked as firmware is, and kept; this software has no boot loader to replace (design.md).
      const info = action === "prot" ? await this.#host.banks.write(image, this.product, urlForLog(url)) : undefined;
      this.#flashed ||= info !== undefined;
      this.#host.io.alarms.clear(alarm);
      await this.#keep({ ...this.#vars, [action]: c.serial });
      this.#emit({
        action,
        result: "done",
        line: c.line,
        url: urlForLog(url),
        serial: c.serial,
        version: info?.version,
      });
      return c.final;
    } catch (err) {
      return this.#failed(alarm, action, err, url, c.line);
    }
  }

  /** `cfg` (A.1.6): "loads the configuration file, and all commands in it are executed". */
  async #cfg(c: Extract<UpdateCommand, { cmd: "cfg" }>): Promise<FinalCommand | undefined> {
    if (c.serial === this.#vars.cfg) return undefined;
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await this.#host.fetcher.get(c.url, MAX_CONFIG_BYTES));
    } catch (err) {
      return this.#failed(ALARM.getConfig, "cfg", err, c.url, c.line);
    }
    await this.#config(text, urlForLog(c.url), "cfg", c.line);
    await this.#keep({ ...this.#vars, cfg: c.serial });
    this.#emit({ action: "cfg", result: "done", line: c.line, url: urlForLog(c.url), serial: c.serial });
    return c.final;
  }

  /**
   * `scfg` (A.1.4, A.1.5): the configuration uploaded with HTTP PUT, once per <save-serial>, or again when the last
   * upload is older than `/force <hours>` ("saves the device configuration file once a week with a backlog of 5").
   */
  async #scfg(c: Extract<UpdateCommand, { cmd: "scfg" }>): Promise<FinalCommand | undefined> {
    const now = this.#host.io.clock.now();
    const v = this.#vars;
    const forced = c.forceHours !== undefined && (v.scfgAt === undefined || now - v.scfgAt >= c.forceHours * 3_600_000);
    if (c.serial !== undefined && c.serial === v.scfg && !forced) return undefined;
    const d = new Date(now);
    const { url } = substituteSaveUrl(
      c.template,
      {
        localTime: {
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: d.getUTCSeconds(),
        },
        mac: this.#host.io.mac,
        hardwareId: hardwareId(this.product, this.#host.io.mac),
        backupCount: v.saves,
      },
      `line ${c.line}`,
    );
    try {
      await this.#host.fetcher.put(url, new TextEncoder().encode(this.#host.configText()));
    } catch (err) {
      return this.#failed(ALARM.putConfig, "scfg", err, url, c.line);
    }
    this.#host.io.alarms.clear(ALARM.putConfig);
    await this.#keep({ ...v, saves: v.saves + 1, scfgAt: now, ...(c.serial === undefined ? {} : { scfg: c.serial }) });
    this.#emit({ action: "scfg", result: "done", line: c.line, url: urlForLog(url), serial: c.serial });
    return c.final;
  }

  /**
   * RFP_UPDATE0 (A.1.7): the file's lines together, after its configuration lines, so a file that stops early starts
   * no RFP update; the IPBL carries them out whole or refuses them (a failed download raises 0x00210003 there), and a
   * refusal stops the file as a failed `prot` does, so its `check` serial is not kept and the next poll tries again.
   */
  async #rfpUpdate(lines: readonly RfpUpdateLine[]): Promise<void> {
    const line = lines.at(-1)!.line;
    const host = this.#host;
    if (host.rfpUpdate === undefined) {
      this.#emit({ action: "rfp", result: "skipped", line, reason: "RFP_UPDATE0 applies to the IPBL only (A.1.7)" });
      return;
    }
    try {
      await host.rfpUpdate(lines, "the command file");
    } catch (err) {
      this.#emit({ action: "rfp", result: "failed", line, reason: reasonOf(err) });
      throw new Stop();
    }
    this.#emit({ action: "rfp", result: "done", line });
  }

  async #config(text: string, source: string, action: string, line?: number): Promise<void> {
    try {
      await this.#host.applyConfig(text, source);
    } catch (err) {
      this.#emit({ action, result: "failed", line, reason: reasonOf(err) });
      throw new Stop();
    }
    this.#emit({ action, result: "done", line });
  }

  /** The strongest final of the run (A.1.3): `…n` only when a reset is required; `ser` is a no-op. */
  #final(finals: readonly FinalCommand[]): DueReset | undefined {
    const final = finals.reduce<FinalCommand>(
      (a, b) => (FINAL_ORDER.indexOf(b) > FINAL_ORDER.indexOf(a) ? b : a),
      "ser",
    );
    if (final === "ser") return undefined;
    if (final.endsWith("n") && !this.#flashed && !this.#host.resetRequired()) {
      this.#emit({ action: "final", result: "skipped", reason: `${final}: no reset required` });
      return undefined;
    }
    this.#emit({ action: "final", result: "done", reason: final });
    return { mode: final.startsWith("i") ? "idle" : "immediate", reason: `update server: ${final}` };
  }

  /** A failed download or upload: its §6.2 alarm, an event, and the rest of the file is not processed. */
  #failed(alarm: number, action: string, err: unknown, url?: UpdateUrl, line?: number): never {
    this.#report(alarm, action, err, url, line);
    throw new Stop();
  }

  #report(alarm: number, action: string, err: unknown, url?: UpdateUrl, line?: number): void {
    const reason = reasonOf(err);
    const where = url === undefined ? undefined : urlForLog(url);
    // The errors of downloads and of the file's lines name the URL already (without its password).
    this.#host.io.alarms.raise(alarm, undefined, reason);
    this.#emit({ action, result: "failed", line, url: where, reason });
  }

  async #keep(vars: UpdateVars): Promise<void> {
    this.#vars = vars;
    await keepUpdateVars(this.#host.io.store, vars);
  }

  #emit(fields: Parameters<RoleIo["emit"]>[1] & { action: string }): void {
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    this.#host.io.emit("update", defined as { action: string; result: string });
  }
}

function reasonOf(err: unknown): string {
  return err instanceof IpdectError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
}
