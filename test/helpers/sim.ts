import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ConfigError, ConfigErrors } from "../../src/core/errors.js";
import { afterChains } from "../../src/platform/node/settle.js";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { Fleet, type FleetOptions } from "../../sim/Fleet.js";
import { parseFleetFile } from "../../sim/FleetFile.js";

/** Starts a fleet from YAML text (not yet run). */
export function startFleet(
  yaml: string,
  seed: number | string = 1,
  more: Omit<FleetOptions, "seed" | "afterChains"> = {},
): Promise<Fleet> {
  return Fleet.start(parseFleetFile(yaml, "test-fleet.yaml"), { seed, afterChains, ...more });
}

export function exampleYaml(name: string): string {
  return readFileSync(new URL(`../../../examples/${name}`, import.meta.url), "utf8");
}

/** Names of the radios registered (not pending) at a running Master. */
export function registeredAt(fleet: Fleet, master: string): string[] {
  if (!fleet.isUp(master)) return [];
  return (fleet.device(master).status().master?.radios ?? [])
    .filter((r) => r.standing === "registered")
    .map((r) => r.name);
}

/** Runs in steps of `stepMs` until `pred` holds; returns the virtual time it first held, or undefined by `limitMs`. */
export async function runUntilTrue(
  fleet: Fleet,
  pred: () => boolean,
  limitMs: number,
  stepMs = 10,
): Promise<number | undefined> {
  const end = fleet.now + limitMs;
  while (fleet.now <= end) {
    if (pred()) return fleet.now;
    await fleet.runFor(stepMs);
  }
  return undefined;
}

/**
 * Replays Master state events: which Masters were active (serving) at each moment. Returns every interval in which
 * more than one Master was active.
 */
export function overlappingActives(events: readonly DeviceEvent[]): { t: number; active: string[] }[] {
  const active = new Set<string>();
  const found: { t: number; active: string[] }[] = [];
  for (const e of events) {
    if (e.kind !== "state") continue;
    if (e["role"] === "device" && e["state"] === "stopped") active.delete(e.device);
    if (e["role"] !== "master") continue;
    if (e["state"] === "active") active.add(e.device);
    else active.delete(e.device);
    if (active.size > 1) found.push({ t: e.t, active: [...active].sort() });
  }
  return found;
}

/** The ConfigErrors a fleet text gives: none, one, or the list of several (all errors at once). */
export function errorsOf(text: string): readonly ConfigError[] {
  try {
    parseFleetFile(text, "lab.yaml");
    return [];
  } catch (e) {
    if (e instanceof ConfigErrors) return e.errors;
    assert.ok(e instanceof ConfigError, String(e));
    return [e];
  }
}

/** [code, line, field] of each error of a fleet text, in the order reported (by line). */
export const where = (text: string) => errorsOf(text).map((e) => [e.code, e.context.line, e.context.field]);
