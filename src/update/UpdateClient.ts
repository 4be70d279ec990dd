import { parseCommandFile, MAX_COMMAND_FILE_BYTES, type FinalCommand, type UpdateCommand } from "./commandFile.js";
import { commandFileName, productOf, type Product } from "./product.js";
import type { UpdateSettings } from "./settings.js";
import { parseUpdateUrl, urlForLog, withDefaultFile, type UpdateUrl } from "./updateUrl.js";
import type { DueReset, RfpUpdateLine, UpdateHost } from "./UpdateHost.js";
import { ALARM, NotNow, reasonOf, Stop, UpdateReport } from "./UpdateReport.js";
import { Up0Commands } from "./Up0Commands.js";
import { keepUpdateVars, loadUpdateVars, type UpdateVars } from "./UpdateVars.js";

/** App. A.1.3: a fresh device fetches its command file "every minute (for up to 30 minutes)". */
export const FRESH_POLL_MS = 60_000;
export const FRESH_WINDOW_MS = 30 * 60_000;
/** The finals in order of strength: the strongest of a run is carried out at its end. */
const FINAL_ORDER: readonly FinalCommand[] = ["ser", "iresetn", "resetn", "ireset", "reset"];

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
  readonly #report: UpdateReport;
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
  readonly #up0: Up0Commands;

  private constructor(host: UpdateHost, vars: UpdateVars) {
    this.#host = host;
    this.#vars = vars;
    this.#bootAt = host.io.clock.now();
    this.#report = new UpdateReport(host.io);
    this.phaseMs = Math.floor(host.io.rng.fork("update-phase").next() * FRESH_POLL_MS);
    this.product = productOf(host.io.kind);
    this.#up0 = new Up0Commands({
      host,
      product: this.product,
      report: this.#report,
      vars: () => this.#vars,
      keep: (v) => this.#keep(v),
      config: (text, source, action, line) => this.#config(text, source, action, line),
    });
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
      this.#report.raise(ALARM.script, "poll", err, url);
      return undefined;
    }
    this.#host.io.alarms.clear(ALARM.script);
    this.#report.emit({ action: "poll", result: "done", url: urlForLog(url) });
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
            this.#report.emit({
              action: "check",
              result: "cancelled",
              line: c.line,
              serial: c.serial,
              reason: "serial done",
            });
            return { taken: true };
          }
          check = c;
        } else {
          const final = await this.#up0.run(c);
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
      this.#report.emit({ action: "check", result: "done", line: check.line, serial: check.serial });
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
      this.#report.emit({ action: "times", result: "cancelled", line: c.line, reason });
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

  /**
   * RFP_UPDATE0 (A.1.7): the file's lines together, after its configuration lines, so a file that stops early starts
   * no RFP update; the IPBL carries them out whole or refuses them (a failed download raises 0x00210003 there), and a
   * refusal stops the file as a failed `prot` does, so its `check` serial is not kept and the next poll tries again.
   */
  async #rfpUpdate(lines: readonly RfpUpdateLine[]): Promise<void> {
    const line = lines.at(-1)!.line;
    const host = this.#host;
    if (host.rfpUpdate === undefined) {
      this.#report.emit({
        action: "rfp",
        result: "skipped",
        line,
        reason: "RFP_UPDATE0 applies to the IPBL only (A.1.7)",
      });
      return;
    }
    try {
      await host.rfpUpdate(lines, "the command file");
    } catch (err) {
      this.#report.emit({ action: "rfp", result: "failed", line, reason: reasonOf(err) });
      throw new Stop();
    }
    this.#report.emit({ action: "rfp", result: "done", line });
  }

  async #config(text: string, source: string, action: string, line?: number): Promise<void> {
    try {
      await this.#host.applyConfig(text, source);
    } catch (err) {
      this.#report.emit({ action, result: "failed", line, reason: reasonOf(err) });
      throw new Stop();
    }
    this.#report.emit({ action, result: "done", line });
  }

  /** The strongest final of the run (A.1.3): `…n` only when a reset is required; `ser` is a no-op. */
  #final(finals: readonly FinalCommand[]): DueReset | undefined {
    const final = finals.reduce<FinalCommand>(
      (a, b) => (FINAL_ORDER.indexOf(b) > FINAL_ORDER.indexOf(a) ? b : a),
      "ser",
    );
    if (final === "ser") return undefined;
    if (final.endsWith("n") && !this.#up0.flashed && !this.#host.resetRequired()) {
      this.#report.emit({ action: "final", result: "skipped", reason: `${final}: no reset required` });
      return undefined;
    }
    this.#report.emit({ action: "final", result: "done", reason: final });
    return { mode: final.startsWith("i") ? "idle" : "immediate", reason: `update server: ${final}` };
  }

  async #keep(vars: UpdateVars): Promise<void> {
    this.#vars = vars;
    await keepUpdateVars(this.#host.io.store, vars);
  }
}
