import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StateError } from "../src/core/errors.js";
import { LabCode } from "./errors.js";

/** One OS process of a lab: devices (`ipdect node`), the air service, or a PBX (`ipdect pbx`). */
export interface LabProcess {
  /** The device's name with one device per process; `group-<n>`, `air` or the PBX's name otherwise. */
  readonly name: string;
  readonly kind: "devices" | "air" | "pbx" | "dns" | "handsets";
  /** The devices it runs (none for the air service and a PBX). */
  readonly devices: readonly string[];
  /** What is run with process.execPath: the same line starts it again with the same flash. */
  readonly argv: readonly string[];
  /** Its process id while it runs; null once stopped (a stop fault, down). */
  pid: number | null;
  /** stdout and stderr. */
  readonly log: string;
  /** Its devices' events, JSON lines (appended by every run). */
  readonly events?: string;
  /** The line on stderr that says it listens. */
  readonly ready: string;
}

/** One device of the lab, as the fleet file gives it, with the ports its HTTP API listens on. */
export interface LabDevice {
  readonly name: string;
  readonly kind: string;
  readonly mac: string;
  readonly ip: string;
  readonly httpPort: number;
  readonly httpsPort: number;
  /** The process it runs in. */
  readonly process: string;
  /** master (active), standby, mirror, radio, or device. */
  readonly role: string;
  /** A radio's Master and alternate Master; a Standby's primary. */
  readonly master?: string;
  readonly alternateMaster?: string;
  /** A radio's PARI Master, when it names one. */
  readonly pariMaster?: string;
  /** The device runs the PARI function (§4.6.21). */
  readonly pari: boolean;
}

/** `state.json` of a lab's state directory: what `up` started, read by every other lab command. */
export interface LabState {
  /** The fleet file's name (`name:`). */
  readonly name: string;
  /** The fleet file, an absolute path. */
  readonly fleet: string;
  readonly stateDir: string;
  /** The nftables table of this lab's partition and loss rules (inet family). */
  readonly table: string;
  /** The fault runner loaded rules into that table: down removes it. */
  nft?: boolean;
  readonly startedAt: string;
  readonly processes: LabProcess[];
  readonly devices: readonly LabDevice[];
}

const STATE_FILE = "state.json";

/** Where a lab keeps its state by default: `.ipdect-lab/<fleet name>` under the working directory. */
export const defaultStateDir = (fleetName: string): string => join(".ipdect-lab", safeName(fleetName));

/** A fleet name as a file and nft table name: letters, digits, `-` and `_`. */
export const safeName = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 48) || "lab";

export function hasState(dir: string): boolean {
  return existsSync(join(dir, STATE_FILE));
}

export function readState(dir: string): LabState {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) throw new StateError(LabCode.NotUp, "no lab here (ipdect lab up first)", { source: file });
  // The file is the lab's own, written whole (writeState); one edited or cut by hand is refused, not half-read.
  let state: Partial<LabState>;
  try {
    state = JSON.parse(readFileSync(file, "utf8")) as Partial<LabState>;
  } catch (e) {
    throw new StateError(LabCode.State, `not a lab's state: ${(e as Error).message}`, { source: file });
  }
  if (typeof state?.name !== "string" || !Array.isArray(state.processes) || !Array.isArray(state.devices))
    throw new StateError(LabCode.State, "not a lab's state: name, processes and devices are needed", { source: file });
  return state as LabState;
}

/** Written whole and renamed into place, so a reader never sees half a file (the fault runner writes it live). */
export function writeState(state: LabState): void {
  mkdirSync(state.stateDir, { recursive: true });
  const tmp = join(state.stateDir, `${STATE_FILE}.tmp`);
  writeFileSync(tmp, JSON.stringify(state, null, 2) + "\n");
  renameSync(tmp, join(state.stateDir, STATE_FILE));
}
