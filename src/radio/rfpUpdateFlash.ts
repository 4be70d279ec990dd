import {
  flashCheck,
  flashField,
  flashObject,
  isArray,
  isNumber,
  isString,
  readFlashJson,
  type FlashShape,
} from "../core/flashJson.js";
import { IpdectError } from "../core/errors.js";
import type { Store } from "../core/Store.js";
import type { RfpFirmware } from "./rfpFirmware.js";

/**
 * What the IPBL keeps on flash of RFP_UPDATE0 (App. A.1.7, §4.18.4), in one file written whole (`radio/rfp-update.json`)
 * beside the firmware file in hand (`radio/rfp-firmware.bin`): the module's parameters, the order started last with
 * each RFP's progress, and the version each RFP runs. So a scheduled update survives a reset, one under way goes on
 * after it, and an updated RFP still reports its version (its firmware is on the RFP's own flash). docs/design.md
 * "RFP update".
 */
export const RFP_UPDATE_KEY = "radio/rfp-update.json";
export const RFP_FIRMWARE_KEY = "radio/rfp-firmware.bin";

/** Where one RFP is in an update (§4.18.4: "The RFP restarts after the upload is finished"). */
export const RFP_STATES = ["waiting", "loading", "restarting", "done", "failed", "skipped"] as const;
export type RfpState = (typeof RFP_STATES)[number];
/** The states an RFP ends an update in. */
export const RFP_ENDS: readonly RfpState[] = ["done", "failed", "skipped"];

export interface RfpProgress {
  readonly port: number;
  readonly state: RfpState;
  /** The version the RFP ran before (done), or runs (failed, skipped). */
  readonly from: string;
  /** done: the version it runs now. */
  readonly version?: string;
  /** waiting (for idle), failed, skipped: why. */
  readonly reason?: string;
}

/** A started update: a copy of the parameters at `start`, so a later `firmware` or `select` does not change it. */
export interface RfpOrder {
  readonly firmware: RfpFirmware;
  /** When it starts (device clock ms, the device's local time being UTC); absent: at `start`. */
  readonly at?: number;
  /** `/idle`: an RFP is loaded only while it is idle. */
  readonly idle: boolean;
  /** `/sequence`: one RFP at a time, in port order; else all at once. */
  readonly sequence: boolean;
  readonly ports: readonly RfpProgress[];
}

/** A.1.7's `schedule DD.MM.YYYY-HH:MM`, as the command line gave it. */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** A.1.7's local time as device clock ms: the device models no time zone, its local time is UTC (core/timeText.ts). */
export function localMs(t: LocalTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
}

/** Device clock ms as A.1.7's `DD.MM.YYYY-HH:MM`. */
export function scheduleText(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}-${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** The module's parameters, set line by line until `start` takes a copy (App. A.1.7). */
export interface RfpParams {
  /** `firmware <url>` (its text, password included: the flash is the device's own), or the uploaded file (§4.18.4). */
  readonly firmware?: { readonly url: string } | { readonly uploaded: true };
  /** `select`: ports 1–16, ascending. */
  readonly ports?: readonly number[];
  /** `schedule`: absent, "the update will be immediate when the start command is issued". */
  readonly at?: LocalTime;
}

export interface RfpUpdateFlash {
  readonly params: RfpParams;
  /** The firmware file in hand (its bytes at RFP_FIRMWARE_KEY). */
  readonly file?: RfpFirmware;
  readonly order?: RfpOrder;
  /** The version each port's RFP runs, by port; a port not listed runs RFP_FACTORY_VERSION. */
  readonly versions: Readonly<Record<string, string>>;
}

const isBoolean = (x: unknown): x is boolean => typeof x === "boolean";
const isPort = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 16;

function firmwareShape(v: unknown): RfpFirmware {
  const o = flashObject(v, "firmware");
  return {
    name: flashField(o, "name", isString, "a text"),
    version: flashField(o, "version", isString, "a text"),
    size: flashField(o, "size", isNumber, "a number"),
    source: flashField(o, "source", isString, "a text"),
  };
}

function progressShape(v: unknown): RfpProgress {
  const o = flashObject(v, "an RFP's progress");
  const state = flashField(o, "state", isString, "a text");
  flashCheck((RFP_STATES as readonly string[]).includes(state), `state: ${JSON.stringify(state)} is no RFP state`);
  return {
    port: flashField(o, "port", isPort, "a port 1..16"),
    state: state as RfpState,
    from: flashField(o, "from", isString, "a text"),
    ...(o["version"] === undefined ? {} : { version: flashField(o, "version", isString, "a text") }),
    ...(o["reason"] === undefined ? {} : { reason: flashField(o, "reason", isString, "a text") }),
  };
}

function localTimeShape(v: unknown): LocalTime {
  const o = flashObject(v, "schedule");
  const n = (k: string) => flashField(o, k, isNumber, "a number");
  return { year: n("year"), month: n("month"), day: n("day"), hour: n("hour"), minute: n("minute") };
}

function paramsShape(v: unknown): RfpParams {
  const o = flashObject(v, "params");
  const f = o["firmware"] === undefined ? undefined : flashObject(o["firmware"], "params.firmware");
  const firmware =
    f === undefined
      ? undefined
      : f["uploaded"] === true
        ? { uploaded: true as const }
        : { url: flashField(f, "url", isString, "a text") };
  const ports = o["ports"] === undefined ? undefined : flashField(o, "ports", isArray, "a list");
  flashCheck(ports?.every(isPort) ?? true, "ports: not ports 1..16");
  return {
    ...(firmware === undefined ? {} : { firmware }),
    ...(ports === undefined ? {} : { ports: ports as number[] }),
    ...(o["at"] === undefined ? {} : { at: localTimeShape(o["at"]) }),
  };
}

function orderShape(v: unknown): RfpOrder {
  const o = flashObject(v, "order");
  return {
    firmware: firmwareShape(o["firmware"]),
    ...(o["at"] === undefined ? {} : { at: flashField(o, "at", isNumber, "a number") }),
    idle: flashField(o, "idle", isBoolean, "true or false"),
    sequence: flashField(o, "sequence", isBoolean, "true or false"),
    ports: flashField(o, "ports", isArray, "a list").map(progressShape),
  };
}

const shape: FlashShape<RfpUpdateFlash> = (v) => {
  const o = flashObject(v);
  const versions = flashObject(o["versions"], "versions");
  flashCheck(Object.values(versions).every(isString), "versions: not texts");
  return {
    params: paramsShape(o["params"]),
    ...(o["file"] === undefined ? {} : { file: firmwareShape(o["file"]) }),
    ...(o["order"] === undefined ? {} : { order: orderShape(o["order"]) }),
    versions: versions as Record<string, string>,
  };
};

export const NO_RFP_UPDATE: RfpUpdateFlash = { params: {}, versions: {} };

/**
 * The state on flash; a damaged file (FLASH_CORRUPT) recovers as nothing started and every RFP `factory`, told to
 * `damaged`: no system-wide rule hangs on it, and a refused start would take the IPBL's RFPs off air for the sake of
 * an update (docs/design.md "Flash you can trust").
 */
export async function loadRfpUpdate(store: Store, damaged: (e: IpdectError) => void): Promise<RfpUpdateFlash> {
  try {
    return (await readFlashJson(store, RFP_UPDATE_KEY, shape)) ?? NO_RFP_UPDATE;
  } catch (e) {
    if (!(e instanceof IpdectError)) throw e;
    damaged(e);
    return NO_RFP_UPDATE;
  }
}

export async function keepRfpUpdate(store: Store, state: RfpUpdateFlash): Promise<void> {
  await store.put(RFP_UPDATE_KEY, new TextEncoder().encode(JSON.stringify(state)));
}
