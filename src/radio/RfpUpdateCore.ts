import { IpdectError, StateError } from "../core/errors.js";
import type { RoleIo } from "../role/RoleIo.js";
import type { UpdateFetcher } from "../update/UpdateHost.js";
import type { UpdateCommand } from "../update/updateCommand.js";
import { parseUpdateUrl, urlForLog } from "../update/updateUrl.js";
import { RadioCode } from "./errors.js";
import { RFP_FACTORY_VERSION, type RfpPorts } from "./IpblPorts.js";
import {
  downloadRfpFirmware,
  fileNameOfPath,
  FIRMWARE_LINE,
  readRfpFirmware,
  rfpFirmwareName,
  type RfpFirmware,
} from "./rfpFirmware.js";
import {
  keepRfpUpdate,
  loadRfpUpdate,
  RFP_ENDS,
  RFP_FIRMWARE_KEY,
  localMs,
  scheduleText,
  type RfpOrder,
  type RfpParams,
  type RfpProgress,
  type RfpState,
  type RfpUpdateFlash,
} from "./rfpUpdateFlash.js";

/** App. A.1.7's fault when the firmware does not come: §6.2 0x00210003 "Failed to get the firmware from update server". */
export const RFP_FIRMWARE_ALARM = 0x00210003;
/** The alarm's source, so it is told apart from the IPBL's own firmware download (`prot`). */
export const RFP_ALARM_SOURCE = "RFP_UPDATE0";
/** Where an upload says it came from (§4.18.4 "Click Browse... and browse to the RFP update file"). */
export const UPLOADED = "uploaded file";

/** One line of the RFP_UPDATE0 module (App. A.1.7), as a command file or an operator gives it. */
export type RfpUpdateCommand = Extract<UpdateCommand, { module: "RFP_UPDATE0" }>;

export interface RfpUpdateInput {
  readonly io: RoleIo;
  readonly ports: RfpPorts;
  /** The update client's fetcher (HTTP, HTTPS, TFTP); absent in a world without downloads. */
  readonly fetcher: UpdateFetcher | undefined;
}

/** What a batch of RFP_UPDATE0 lines comes to (RfpUpdateCore.check): the parameters after it, and a start. */
export interface RfpPlan {
  readonly params: RfpParams;
  readonly start?: { readonly idle: boolean; readonly sequence: boolean; readonly line?: number };
}

/**
 * RFP_UPDATE0 (App. A.1.7) and Update → RFPs (§4.18.4) on the IPBL: the module's parameters, the firmware file in hand,
 * the order started last and each RFP's progress, all kept on flash (rfpUpdateFlash.ts). The chart
 * (rfpUpdate.machine.ts, rfpPort.machine.ts) says when each step happens; this class says what it does.
 */
export class RfpUpdateCore {
  readonly #io: RoleIo;
  readonly #ports: RfpPorts;
  readonly #fetcher: UpdateFetcher | undefined;
  #state: RfpUpdateFlash;
  /** The ports whose step of this boot has begun (their port chart runs). */
  readonly #begun = new Set<number>();
  #saving: Promise<void> = Promise.resolve();

  private constructor(input: RfpUpdateInput, state: RfpUpdateFlash) {
    this.#io = input.io;
    this.#ports = input.ports;
    this.#fetcher = input.fetcher;
    this.#state = state;
  }

  /**
   * Reads the flash (a damaged file: nothing kept, with a warning): each port's RFP reports its version again, and an
   * RFP caught loading or restarting by the IPBL's own reset is loaded again from the start (its transfer was cut).
   */
  static async start(input: RfpUpdateInput): Promise<RfpUpdateCore> {
    const state = await loadRfpUpdate(input.io.store, (e) =>
      input.io.emit("warning", { code: e.code, text: `${e.message}; no RFP update kept, every RFP counted factory` }),
    );
    const core = new RfpUpdateCore(input, state);
    for (let port = 1; port <= input.ports.connected; port++) input.ports.setVersion(port, core.versionOf(port));
    const order = state.order;
    if (order === undefined || !core.active) return core;
    // The file the order loads is on flash beside it: an order whose file is gone cannot go on.
    const file = await input.io.store.get(RFP_FIRMWARE_KEY);
    const lost = file?.length !== order.firmware.size;
    core.#setOrder({
      ...order,
      ports: order.ports.map((p): RfpProgress => {
        if (RFP_ENDS.includes(p.state)) return p;
        if (lost) return { port: p.port, state: "failed", from: p.from, reason: "the RFP file is gone from flash" };
        return p.state === "waiting"
          ? p
          : { port: p.port, state: "waiting", from: p.from, reason: "the IPBL restarted" };
      }),
    });
    if (lost)
      for (const p of core.#state.order!.ports.filter((x) => !order.ports.includes(x)))
        core.#emit({ state: "failed", port: p.port, from: p.from, reason: p.reason });
    return core;
  }

  get state(): RfpUpdateFlash {
    return this.#state;
  }

  get now(): number {
    return this.#io.clock.now();
  }

  versionOf(port: number): string {
    return this.#state.versions[String(port)] ?? RFP_FACTORY_VERSION;
  }

  /** Whether an order is scheduled or under way: an RFP of it has not ended. */
  get active(): boolean {
    return this.#state.order?.ports.some((p) => !RFP_ENDS.includes(p.state)) ?? false;
  }

  /**
   * The parameters after `commands`, in order, and the start they ask for; throws and changes nothing when they
   * cannot be carried out: RFP_FIRMWARE_NAME (a URL without a file name), RFP_UPDATE_INCOMPLETE (a start without
   * firmware or without select), RFP_UPDATE_BUSY (a start while an order is active).
   */
  check(commands: readonly RfpUpdateCommand[], source: string): RfpPlan {
    let params = this.#state.params;
    let start: RfpPlan["start"];
    for (const c of commands) {
      const at = { source, ...(c.line > 0 ? { line: c.line } : {}) };
      switch (c.cmd) {
        case "firmware":
          rfpFirmwareName(fileNameOfPath(c.url.path), `${at.source}: mod cmd RFP_UPDATE0 firmware <url>`);
          params = { ...params, firmware: { url: c.url.text } };
          break;
        case "select":
          params = { ...params, ports: c.ports };
          break;
        case "schedule": {
          const { at: _, ...rest } = params;
          params = c.at === undefined ? rest : { ...rest, at: c.at };
          break;
        }
        case "start": {
          const missing =
            params.firmware === undefined ? "firmware" : params.ports === undefined ? "select" : undefined;
          if (missing !== undefined)
            throw new StateError(
              RadioCode.RfpUpdateIncomplete,
              `start without ${missing === "firmware" ? "a firmware URL or an uploaded RFP file" : "selected RFPs"}: give \`mod cmd RFP_UPDATE0 ${missing} …\` first (App. A.1.7)`,
              { ...at, field: "mod cmd RFP_UPDATE0 start" },
            );
          if (this.active || start !== undefined) throw this.#busy(at);
          start = { idle: c.idle, sequence: c.sequence, ...(c.line > 0 ? { line: c.line } : {}) };
        }
      }
    }
    return { params, ...(start === undefined ? {} : { start }) };
  }

  /**
   * Carries out `commands` (App. A.1.7): checked whole first (check), then the parameters kept, and with `start` the
   * firmware fetched once (a URL) or taken from the upload, and the order kept and told. A failed download raises
   * 0x00210003 and throws RFP_FIRMWARE_FETCH, RFP_FIRMWARE_NAME or RFP_FIRMWARE_FILE; nothing is kept then. Resolves
   * with the new order, which the chart is to start.
   */
  async apply(commands: readonly RfpUpdateCommand[], source: string): Promise<RfpOrder | undefined> {
    const plan = this.check(commands, source);
    if (plan.start === undefined) {
      await this.#keep({ ...this.#state, params: plan.params });
      return undefined;
    }
    const firmware = plan.params.firmware!;
    let file = this.#state.file;
    let bytes: Uint8Array | undefined;
    if ("url" in firmware) ({ file, bytes } = await this.#fetch(firmware.url));
    if (file === undefined)
      throw new StateError(RadioCode.RfpUpdateIncomplete, "start without an RFP file: upload one first (§4.18.4)", {
        source,
      });
    // Another start may have come while this one fetched: one order at a time.
    if (this.active) throw this.#busy({ source, ...(plan.start.line === undefined ? {} : { line: plan.start.line }) });
    const order = this.#order(file, plan);
    if (bytes !== undefined) await this.#io.store.put(RFP_FIRMWARE_KEY, bytes);
    await this.#keep({ ...this.#state, params: plan.params, file, order });
    this.#emitOrder(order);
    return order;
  }

  /**
   * Update → RFPs "Click Upload" (§4.18.4): the file becomes the one in hand and the firmware parameter names it.
   * Refused (RFP_UPDATE_BUSY) while an update is scheduled or runs: the file in hand is the one it loads.
   */
  async upload(bytes: Uint8Array, name: string): Promise<RfpFirmware> {
    const file = readRfpFirmware(bytes, name, UPLOADED);
    if (this.active) throw this.#busy({ source: UPLOADED });
    await this.#io.store.put(RFP_FIRMWARE_KEY, bytes);
    await this.#keep({ ...this.#state, params: { ...this.#state.params, firmware: { uploaded: true } }, file });
    this.#emit({ state: "firmware", version: file.version, reason: `${file.name}, ${file.size} bytes, uploaded` });
    return file;
  }

  // The chart's steps (rfpUpdate.machine.ts, rfpPort.machine.ts).

  /** Whether the active order waits for its schedule. */
  get scheduled(): boolean {
    const at = this.#state.order?.at;
    return this.active && at !== undefined && this.now < at;
  }

  /** How long until the schedule (0 when due). */
  msUntilStart(): number {
    return Math.max(0, (this.#state.order?.at ?? 0) - this.now);
  }

  started(): void {
    const o = this.#state.order!;
    this.#emit({
      state: "started",
      version: o.firmware.version,
      ports: o.ports.filter((p) => p.state === "waiting").map((p) => p.port),
      reason: `${o.sequence ? "in sequence" : "all at once"}${o.idle ? ", when idle" : ""}`,
    });
  }

  /** The ports whose step begins now: `/sequence` the next one once none runs, else every waiting one. */
  next(): number[] {
    const o = this.#state.order;
    if (o === undefined) return [];
    const waiting = o.ports.filter((p) => p.state === "waiting" && !this.#begun.has(p.port)).map((p) => p.port);
    const running = o.ports.some((p) => this.#begun.has(p.port) && !RFP_ENDS.includes(p.state));
    const ports = o.sequence ? (running ? [] : waiting.slice(0, 1)) : waiting;
    for (const p of ports) this.#begun.add(p);
    return ports;
  }

  get idleOnly(): boolean {
    return this.#state.order?.idle ?? false;
  }

  /** An RFP may be loaded now: its port is still connected and, with `/idle`, it carries no call. */
  portReady(port: number): "gone" | "busy" | "ready" {
    if (port > this.#ports.connected) return "gone";
    return this.idleOnly && this.#ports.busy(port) ? "busy" : "ready";
  }

  waitIdle(port: number): void {
    this.#step(port, "waiting", { reason: "not idle: waits for its calls to end (/idle)" });
  }

  loading(port: number): void {
    this.#step(port, "loading");
  }

  /** How long a transfer to an RFP takes: the set-up, and the file over the IPBL–RFP link. */
  loadMs(): number {
    return RFP_LOAD_SETUP_MS + Math.ceil(((this.#state.order?.firmware.size ?? 0) * 1000) / RFP_LINK_BYTES_PER_S);
  }

  /** §4.18.4 "The RFP restarts after the upload is finished": off air until it is up again. */
  restarting(port: number): void {
    this.#ports.rfpRestarting(port);
    this.#step(port, "restarting");
  }

  done(port: number): void {
    const version = this.#state.order!.firmware.version;
    this.#ports.setVersion(port, version);
    this.#ports.rfpUp(port);
    this.#state = { ...this.#state, versions: { ...this.#state.versions, [String(port)]: version } };
    this.#step(port, "done", { version });
  }

  failed(port: number, reason: string): void {
    this.#step(port, "failed", { reason });
  }

  finish(): void {
    const o = this.#state.order;
    if (o === undefined) return;
    const count = (s: RfpState) => o.ports.filter((p) => p.state === s).length;
    this.#emit({
      state: "finished",
      version: o.firmware.version,
      reason: `${count("done")} done, ${count("failed")} failed, ${count("skipped")} skipped`,
    });
    this.#begun.clear();
  }

  /** Saves are written in the order they were asked for, each the whole state (Store.put is atomic). */
  flushed(): Promise<void> {
    return this.#saving;
  }

  /** Fetches the `firmware` URL (downloadRfpFirmware): 0x00210003 while it fails, cleared by the next that works. */
  async #fetch(url: string): Promise<{ file: RfpFirmware; bytes: Uint8Array }> {
    const where = urlForLog(parseUpdateUrl(url, FIRMWARE_LINE));
    try {
      const got = await downloadRfpFirmware(this.#fetcher, url);
      this.#io.alarms.clear(RFP_FIRMWARE_ALARM, RFP_ALARM_SOURCE);
      const { file } = got;
      this.#emit({ state: "firmware", version: file.version, url: where, reason: `${file.name}, ${file.size} bytes` });
      return got;
    } catch (err) {
      const reason = err instanceof IpdectError ? `${err.code}: ${err.message}` : String(err);
      this.#io.alarms.raise(RFP_FIRMWARE_ALARM, RFP_ALARM_SOURCE, reason);
      this.#emit({ state: "refused", url: where, reason });
      throw err;
    }
  }

  #order(firmware: RfpFirmware, plan: RfpPlan): RfpOrder {
    const at = plan.params.at;
    const ports = (plan.params.ports ?? []).map((port): RfpProgress => {
      const from = this.versionOf(port);
      if (port > this.#ports.connected)
        return { port, state: "skipped", from, reason: `not connected: this IPBL has ${this.#ports.connected} RFPs` };
      if (from === firmware.version) return { port, state: "skipped", from, reason: `already runs ${from}` };
      return { port, state: "waiting", from };
    });
    return {
      firmware,
      ...(at === undefined ? {} : { at: localMs(at) }),
      idle: plan.start!.idle,
      sequence: plan.start!.sequence,
      ports,
    };
  }

  #emitOrder(o: RfpOrder): void {
    for (const p of o.ports)
      if (p.state === "skipped") this.#emit({ state: "skipped", port: p.port, from: p.from, reason: p.reason });
    if (o.at !== undefined && this.now < o.at)
      this.#emit({ state: "scheduled", version: o.firmware.version, at: scheduleText(o.at) });
  }

  #busy(at: { source: string; line?: number }): StateError {
    const o = this.#state.order;
    const what =
      o === undefined
        ? "starting"
        : this.scheduled
          ? `scheduled for ${scheduleText(o.at!)}`
          : `under way (${o.firmware.version})`;
    return new StateError(RadioCode.RfpUpdateBusy, `an RFP update is ${what}: try again once it has ended`, {
      ...at,
      ...(at.source === UPLOADED ? {} : { field: "mod cmd RFP_UPDATE0 start" }),
    });
  }

  #step(port: number, state: RfpState, extra: { version?: string; reason?: string } = {}): void {
    const o = this.#state.order!;
    const ports = o.ports.map((p) =>
      p.port === port
        ? {
            port,
            state,
            from: p.from,
            ...(extra.version === undefined ? {} : { version: extra.version }),
            ...(extra.reason === undefined ? {} : { reason: extra.reason }),
          }
        : p,
    );
    this.#setOrder({ ...o, ports });
    this.#emit({
      state,
      port,
      ...extra,
      ...(state === "done" ? { from: o.ports.find((p) => p.port === port)?.from } : {}),
    });
  }

  #setOrder(order: RfpOrder): void {
    void this.#keep({ ...this.#state, order }).catch((cause: unknown) =>
      this.#io.log.log("error", "keeping the RFP update failed", { cause: String(cause) }),
    );
  }

  #keep(state: RfpUpdateFlash): Promise<void> {
    this.#state = state;
    const save = this.#saving.then(() => keepRfpUpdate(this.#io.store, state));
    this.#saving = save.catch(() => undefined);
    return save;
  }

  #emit(fields: Parameters<RoleIo["emit"]>[1] & { state: string }): void {
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    this.#io.emit("rfp-update", defined as { state: string });
  }
}

/** The IPBL's set-up of a transfer to an RFP (our figure). */
export const RFP_LOAD_SETUP_MS = 1000;
/** The IPBL–RFP link's speed for a firmware transfer: 2 Mbit/s, 256 KiB per second (our figure). */
export const RFP_LINK_BYTES_PER_S = 256 * 1024;
