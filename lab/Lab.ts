import { mkdirSync, rmSync } from "node:fs";
import { StateError } from "../src/core/errors.js";
import type { FleetFile } from "../sim/FleetFile.js";
import { join } from "node:path";
import { labEvent, labEventsFile } from "./checks.js";
import { LabCode } from "./errors.js";
import { hasState, readState, writeState, type LabProcess, type LabState } from "./LabState.js";
import { removeTable } from "./nft.js";
import { labPlan, type LabOptions } from "./plan.js";
import { alive, killNow, startProcess, stopProcess } from "./processes.js";

/** Device processes started at once: each makes its RSA key on a first start, and the machine may have 2 cores. */
const START_AT_ONCE = 4;

/**
 * `ipdect lab up`: every device of the file as its own OS process (or `group` to a process), after the air service
 * and the PBXs; the state directory says what runs where. A lab already running there is refused; what a failed
 * start had started is stopped again.
 */
export async function labUp(file: FleetFile, fleetPath: string, opts: LabOptions): Promise<LabState> {
  if (hasState(opts.stateDir)) {
    const old = readState(opts.stateDir);
    const running = old.processes.filter((p) => alive(p.pid));
    if (running.length > 0)
      throw new StateError(
        LabCode.Running,
        `lab ${old.name} still runs ${running.length} processes (ipdect lab down --state-dir ${opts.stateDir} first)`,
      );
    forget(old);
  }
  mkdirSync(opts.stateDir, { recursive: true });
  const state = labPlan(file, fleetPath, opts);
  writeState(state);
  try {
    const servers = state.processes.filter((x) => x.kind !== "devices" && x.kind !== "handsets");
    for (const p of servers) await startOne(state, p);
    const queue = state.processes.filter((x) => x.kind === "devices");
    const worker = async () => {
      for (let p = queue.shift(); p !== undefined; p = queue.shift()) await startOne(state, p);
    };
    await Promise.all(Array.from({ length: Math.min(START_AT_ONCE, queue.length) }, worker));
    for (const p of state.processes.filter((x) => x.kind === "handsets")) await startOne(state, p);
  } catch (err) {
    await labDown(state);
    throw err;
  }
  return state;
}

/**
 * A fresh lab: a fresh flash for every device, and logs of this run only. Only what the old lab wrote goes: the
 * state directory may be one the user named, holding other files.
 */
function forget(old: LabState): void {
  const files = [
    ...old.processes.flatMap((p) => [p.log, ...(p.events === undefined ? [] : [p.events])]),
    labEventsFile(old),
    join(old.stateDir, "flash"),
    join(old.stateDir, "state.json"),
  ];
  for (const f of files) rmSync(f, { recursive: true, force: true });
}

async function startOne(state: LabState, p: LabProcess): Promise<void> {
  try {
    await startProcess(p);
  } finally {
    writeState(state);
  }
}

/** `ipdect lab down`: SIGTERM to every process, SIGKILL after the grace period, and the lab's nft table removed. */
export async function labDown(state: LabState): Promise<void> {
  await Promise.all(
    state.processes.map(async (p) => {
      if (p.pid !== null) await stopProcess(p.pid);
      p.pid = null;
    }),
  );
  writeState(state);
  if (state.nft === true) {
    removeTable(state.table);
    state.nft = false;
    writeState(state);
  }
}

/** The process a device runs in; with `alone`, refused when others share it (a stop or start fault). */
export function processOf(state: LabState, name: string, alone: boolean): LabProcess {
  const p = state.processes.find((x) => x.name === name || (x.devices.length === 1 && x.devices[0] === name));
  const holder = p ?? state.processes.find((x) => x.devices.includes(name));
  if (holder === undefined) throw new StateError(LabCode.NoDevice, `lab ${state.name} has no device named ${name}`);
  if (alone && holder.devices.length > 1)
    throw new StateError(
      LabCode.Grouped,
      `${name} shares process ${holder.name} with ${holder.devices.length - 1} other devices: a stop would kill them all (lab up --group 1)`,
    );
  return holder;
}

/** A stop fault: kill -9 of the device's process, a power cut (no goodbye); its devices log a stop from the lab. */
export async function killDevice(state: LabState, name: string): Promise<void> {
  const p = processOf(state, name, true);
  if (p.pid !== null) await killNow(p.pid);
  p.pid = null;
  for (const d of p.devices)
    labEvent(state, { t: Date.now(), device: d, kind: "state", role: "device", state: "stopped" });
  writeState(state);
}

/** A start fault: the same command line again, so the same flash. */
export async function restartDevice(state: LabState, name: string): Promise<void> {
  const p = processOf(state, name, true);
  if (alive(p.pid)) return;
  await startOne(state, p);
}
