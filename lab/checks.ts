import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeviceEvent } from "../src/role/EventLog.js";
import { doubleRegistrations, type DoubleRegistration } from "../sim/checks.js";
import type { LabState } from "./LabState.js";
import { statuses, registeredOn, type Login } from "./status.js";

/** The lab's own events (faults it ran, processes it killed), JSON lines beside the devices' logs. */
export const labEventsFile = (state: LabState): string => join(state.stateDir, "lab.events.jsonl");

export function labEvent(state: LabState, e: DeviceEvent): void {
  appendFileSync(labEventsFile(state), JSON.stringify(e) + "\n");
}

/**
 * Every event of the lab in time order: each process's event log and the lab's own. A kill -9 leaves no `stopped`
 * event in a device's log, so the lab writes one for each device of the process it killed: the sim's checks then
 * read both worlds alike.
 */
export function labEvents(state: LabState): DeviceEvent[] {
  const files = [...state.processes.flatMap((p) => (p.events === undefined ? [] : [p.events])), labEventsFile(state)];
  const events = files.flatMap((f) =>
    existsSync(f)
      ? readFileSync(f, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "")
          .flatMap((l) => {
            try {
              return [JSON.parse(l) as DeviceEvent];
            } catch {
              // The last line of a process killed while writing it.
              return [];
            }
          })
      : [],
  );
  return events.sort((a, b) => a.t - b.t);
}

export interface LabChecks {
  /** Moments a radio was registered to two Masters at once (the sim's check, on the lab's event logs). */
  readonly doubleRegistrations: readonly DoubleRegistration[];
  /** Radios not registered on the Master their file names, now (asked of the Masters' HTTP APIs). */
  readonly awayFromMaster: readonly string[];
}

/** The sim's safety assertions on the live lab (issue 19 "Lab lifecycle"). */
export async function labChecks(state: LabState, login: Login): Promise<LabChecks> {
  const masters = state.devices.filter((d) => d.role === "master");
  const status = await statuses(masters, login);
  const awayFromMaster = state.devices.filter((d) => {
    if (d.role !== "radio") return false;
    const m = masters.find((x) => x.ip === d.master);
    return m !== undefined && !registeredOn(status.get(m.name)).has(d.name);
  });
  return {
    doubleRegistrations: doubleRegistrations(labEvents(state)),
    awayFromMaster: awayFromMaster.map((d) => d.name),
  };
}

export const checksPass = (c: LabChecks): boolean =>
  c.doubleRegistrations.length === 0 && c.awayFromMaster.length === 0;

export function checksText(c: LabChecks): string {
  const doubles =
    c.doubleRegistrations.length === 0
      ? "no radio on two Masters"
      : `${c.doubleRegistrations.length} moments with a radio on two Masters (first: ${c.doubleRegistrations[0]!.radio} on ${c.doubleRegistrations[0]!.masters.join(" and ")})`;
  const away =
    c.awayFromMaster.length === 0
      ? "all radios on their Master"
      : `not on their Master: ${c.awayFromMaster.join(", ")}`;
  return `checks: ${doubles}; ${away}\n`;
}
