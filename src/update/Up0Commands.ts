import { MAX_COMMAND_FILE_BYTES, type FinalCommand, type UpdateCommand } from "./commandFile.js";
import { IMAGE_MAX_BYTES } from "./image.js";
import { bootFileName, firmwareFileName, hardwareId, type Product } from "./product.js";
import { substituteSaveUrl, urlForLog, withDefaultFile } from "./updateUrl.js";
import type { UpdateHost } from "./UpdateHost.js";
import { ALARM, type UpdateReport } from "./UpdateReport.js";
import type { UpdateVars } from "./UpdateVars.js";

/** The configuration files `cfg` downloads are command files too (A.1.6): the same limit. */
const MAX_CONFIG_BYTES = MAX_COMMAND_FILE_BYTES;

/** What UP0's commands work with: the device, the client's report, and the update variables the client keeps. */
export interface Up0Context {
  readonly host: UpdateHost;
  readonly product: Product;
  readonly report: UpdateReport;
  vars(): UpdateVars;
  keep(vars: UpdateVars): Promise<void>;
  /** Runs configuration text as the command file's configuration lines run; a failure stops the file. */
  config(text: string, source: string, action: string, line?: number): Promise<void>;
}

/** UP0's commands of a command file (A.1.4–A.1.6): firmware and boot code, configuration download and upload. */
export class Up0Commands {
  readonly #at: Up0Context;
  #flashed = false;

  constructor(at: Up0Context) {
    this.#at = at;
  }

  /** Whether `prot` wrote a bank this boot: the next reset starts it, so a reset is required (A.1.3 `resetn`). */
  get flashed(): boolean {
    return this.#flashed;
  }

  /** UP0's commands (A.1.4–A.1.6); returns the final to carry out, or undefined when nothing was done. */
  async run(c: Extract<UpdateCommand, { module: "UP0" }>): Promise<FinalCommand | undefined> {
    switch (c.cmd) {
      case "prot":
        return this.#firmware(c, "prot", firmwareFileName(this.#at.product), ALARM.firmware);
      case "boot": {
        const file = bootFileName(this.#at.product);
        if (file === undefined) {
          this.#at.report.emit({
            action: "boot",
            result: "skipped",
            line: c.line,
            reason: "no boot code on an IPVM (A.1.4)",
          });
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
    const banks = await this.#at.host.banks.banks();
    const current = this.#at.vars()[action] ?? (action === "prot" ? banks.running.serial : undefined);
    if (c.serial === current) return undefined;
    const url = withDefaultFile(c.url, file);
    try {
      const image = await this.#at.host.fetcher.get(url, IMAGE_MAX_BYTES);
      // Boot code is checked as firmware is, and kept; this software has no boot loader to replace (design.md).
      const info =
        action === "prot" ? await this.#at.host.banks.write(image, this.#at.product, urlForLog(url)) : undefined;
      this.#flashed ||= info !== undefined;
      this.#at.host.io.alarms.clear(alarm);
      await this.#at.keep({ ...this.#at.vars(), [action]: c.serial });
      this.#at.report.emit({
        action,
        result: "done",
        line: c.line,
        url: urlForLog(url),
        serial: c.serial,
        version: info?.version,
      });
      return c.final;
    } catch (err) {
      return this.#at.report.failed(alarm, action, err, url, c.line);
    }
  }

  /** `cfg` (A.1.6): "loads the configuration file, and all commands in it are executed". */
  async #cfg(c: Extract<UpdateCommand, { cmd: "cfg" }>): Promise<FinalCommand | undefined> {
    if (c.serial === this.#at.vars().cfg) return undefined;
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await this.#at.host.fetcher.get(c.url, MAX_CONFIG_BYTES));
    } catch (err) {
      return this.#at.report.failed(ALARM.getConfig, "cfg", err, c.url, c.line);
    }
    await this.#at.config(text, urlForLog(c.url), "cfg", c.line);
    await this.#at.keep({ ...this.#at.vars(), cfg: c.serial });
    this.#at.report.emit({ action: "cfg", result: "done", line: c.line, url: urlForLog(c.url), serial: c.serial });
    return c.final;
  }

  /**
   * `scfg` (A.1.4, A.1.5): the configuration uploaded with HTTP PUT, once per <save-serial>, or again when the last
   * upload is older than `/force <hours>` ("saves the device configuration file once a week with a backlog of 5").
   */
  async #scfg(c: Extract<UpdateCommand, { cmd: "scfg" }>): Promise<FinalCommand | undefined> {
    const now = this.#at.host.io.clock.now();
    const v = this.#at.vars();
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
        mac: this.#at.host.io.mac,
        hardwareId: hardwareId(this.#at.product, this.#at.host.io.mac),
        backupCount: v.saves,
      },
      `line ${c.line}`,
    );
    try {
      await this.#at.host.fetcher.put(url, new TextEncoder().encode(this.#at.host.configText()));
    } catch (err) {
      return this.#at.report.failed(ALARM.putConfig, "scfg", err, url, c.line);
    }
    this.#at.host.io.alarms.clear(ALARM.putConfig);
    await this.#at.keep({
      ...v,
      saves: v.saves + 1,
      scfgAt: now,
      ...(c.serial === undefined ? {} : { scfg: c.serial }),
    });
    this.#at.report.emit({ action: "scfg", result: "done", line: c.line, url: urlForLog(url), serial: c.serial });
    return c.final;
  }
}
