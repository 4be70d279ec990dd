import { setTimeout as sleep } from "node:timers/promises";
import { IpdectError, StateError } from "../src/core/errors.js";
import type { Fault, FleetFile } from "../sim/FleetFile.js";
import { labEvent } from "./checks.js";
import { sendCommandFault } from "./commandFault.js";
import { LabCode } from "./errors.js";
import { killDevice, processOf, restartDevice } from "./Lab.js";
import { writeState, type LabState } from "./LabState.js";
import { LabNet } from "./nft.js";
import type { Login } from "./status.js";

/** The sim's PBX behaviours: a real PBX is told to be slow or busy by its own means, not by the lab. */
const SIM_ONLY = new Set(["slow", "busy"]);

/** Refuses, before anything runs, the faults the live lab cannot run as the file says. */
export function checkLabFaults(state: LabState, faults: readonly Fault[]): void {
  for (const f of faults) {
    if (SIM_ONLY.has(f.action))
      throw new IpdectError(LabCode.Fault, `${f.action} at ${f.at / 1000} s: a fault of the sim's PBX only`);
    if (f.action === "stop" || f.action === "start") processOf(state, f.device, true);
  }
}

/**
 * Runs the file's faults on the live lab in real time, `at` counted from now (docs/user-guide.md "Labs"): stop is
 * kill -9 of the device's process, start runs it again on the same flash, partition/heal/loss are nft rules on
 * loopback, command is the operator command over the device's HTTP API. Each fault is logged as the sim logs it.
 */
export async function runLabFaults(
  state: LabState,
  file: FleetFile,
  login: Login,
  say: (line: string) => void,
): Promise<void> {
  checkLabFaults(state, file.faults);
  const ipOf = (name: string): string =>
    state.devices.find((d) => d.name === name)?.ip ??
    file.pbx.find((p) => p.name === name)?.ip ??
    noDevice(state, name);
  const net = new LabNet(state.table, [...state.devices.map((d) => d.ip), ...file.pbx.map((p) => p.ip)]);
  const ips = (names: readonly string[]) => names.map(ipOf);
  const start = Date.now();
  for (const f of file.faults) {
    const wait = start + f.at - Date.now();
    if (wait > 0) await sleep(wait);
    const { at: _at, ...rest } = f;
    labEvent(state, { t: Date.now(), device: "device" in f ? f.device : "network", kind: "fault", ...rest });
    say(`+${(f.at / 1000).toFixed(1)} s ${describe(f)}`);
    switch (f.action) {
      case "stop":
        await killDevice(state, f.device);
        break;
      case "start":
        await restartDevice(state, f.device);
        break;
      case "partition":
      case "heal":
      case "loss":
        if (f.action === "loss") net.loss(f.value, f.link && [ipOf(f.link[0]), ipOf(f.link[1])]);
        else if (f.action === "partition") net.partition(ips(f.groups![0]), ips(f.groups![1]));
        else net.heal(f.groups && ips(f.groups[0]), f.groups && ips(f.groups[1]));
        state.nft = true;
        writeState(state);
        net.apply();
        break;
      case "command": {
        const on = state.devices.find((d) => d.name === f.device) ?? noDevice(state, f.device);
        const macOf = (n: string) => (state.devices.find((d) => d.name === n) ?? noDevice(state, n)).mac;
        const answer = await sendCommandFault(f, on, macOf, login).catch((err: unknown) => ({
          status: 0,
          body: String(err),
        }));
        const result = answer.status >= 200 && answer.status < 300 ? "done" : "refused";
        labEvent(state, { t: Date.now(), device: f.device, kind: "command", command: f.command, result });
        if (result === "refused") say(`  refused (${answer.status}): ${answer.body.slice(0, 200)}`);
        break;
      }
    }
  }
}

function noDevice(state: LabState, name: string): never {
  throw new StateError(LabCode.NoDevice, `lab ${state.name} has no device named ${name}`);
}

function describe(f: Fault): string {
  switch (f.action) {
    case "partition":
      return `partition [${f.groups![0].join(", ")}] from [${f.groups![1].join(", ")}]`;
    case "heal":
      return f.groups === undefined ? "heal all" : `heal [${f.groups[0].join(", ")}] and [${f.groups[1].join(", ")}]`;
    case "loss":
      return `loss ${f.value}${f.link === undefined ? "" : ` on ${f.link.join(" – ")}`}`;
    case "command":
      return `command ${f.command} on ${f.device}`;
    default:
      return `${f.action} ${f.device}`;
  }
}
