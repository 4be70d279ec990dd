import { SeededRng, type Rng } from "../../src/core/Rng.js";
import { LEASE_MARGIN_MS } from "../../src/role/redundancy.js";
import { SWEEP_MS } from "../../src/master/MasterCore.js";
import { doubleRegistrations, type DoubleRegistration } from "../../sim/checks.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { overlappingActives, startFleet } from "./sim.js";

/**
 * Random fault schedules over a Master pair ("a", "b") and 3–9 radios, for the safety search (test/scenarios/
 * safety.test.ts and throwaway searches that import the compiled helper).
 *
 * Documented assumption: latency + jitter stays well under LEASE_MARGIN_MS − SWEEP_MS (1000 − 250 = 750 ms); the
 * schedules keep one-way datagram delay ≤ MAX_DELAY_MS. Stream (TCP) frames may still be delayed further by simulated
 * retransmissions under loss (MemoryNetwork: 200 ms RTO, doubling) — that is part of what is being tested.
 */
export const MAX_DELAY_MS = 300;
if (MAX_DELAY_MS * 2 > LEASE_MARGIN_MS - SWEEP_MS) throw new Error("MAX_DELAY_MS is not well under the lease margin");

/**
 * The schedules' shortest radio reboot, 3 s (the arrival-based lease of 1500 ms + LEASE_MARGIN_MS + 500 ms, as it was
 * chosen; kept so the schedules stay the same). Safety does not rest on it: a booting radio waits BOOT_WAIT_MS, and
 * `fastRadioRestarts` schedules restart radios after 50 ms.
 */
export const RADIO_REBOOT_MS = 1_500 + LEASE_MARGIN_MS + 500;

export type Mode = "mirror" | "standby";
export type FaultSpec = Record<string, unknown> & { at: string };

export interface ScheduleOptions {
  readonly mode: Mode;
  readonly seed: number;
  /** Length of the random phase (virtual ms). */
  readonly chaosMs?: number;
  /** Quiet time after the final heal/start (virtual ms). */
  readonly quietMs?: number;
  readonly minRadios?: number;
  readonly maxRadios?: number;
  readonly maxLoss?: number;
  /** How many faults on average per minute of chaos. */
  readonly faultsPerMinute?: number;
  /** Include radio crashes with a restart quicker than the radio's lease + margin (a radio boots in ~0 ms). */
  readonly fastRadioRestarts?: boolean;
  /** Include the "reset" command (a reboot without a "stopped" event). */
  readonly resets?: boolean;
}

export interface Schedule {
  readonly mode: Mode;
  readonly seed: number;
  readonly radios: number;
  readonly latencyMs: number;
  readonly jitterMs: number;
  readonly loss: number;
  /** The random faults only (what a shrinker works on). */
  readonly chaos: FaultSpec[];
  /** Faults that end the chaos: heal all, start everything, loss back to 0. */
  readonly finale: FaultSpec[];
  readonly chaosEndMs: number;
  readonly untilMs: number;
}

const ms = (t: number): string => `${Math.round(t)}ms`;
const radioName = (i: number): string => `radio-${i + 1}`;

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)]!;
}

function weighted<T extends string>(rng: Rng, w: Record<T, number>): T {
  const entries = Object.entries(w) as [T, number][];
  let x = rng.next() * entries.reduce((s, [, v]) => s + v, 0);
  for (const [k, v] of entries) if ((x -= v) < 0) return k;
  return entries[entries.length - 1]![0];
}

/** A random seeded fault schedule (same options → same schedule). */
export function randomSchedule(o: ScheduleOptions): Schedule {
  const rng = new SeededRng(`schedule/${o.mode}/${o.seed}`);
  const chaosMs = o.chaosMs ?? 120_000;
  const quietMs = o.quietMs ?? 30_000;
  const radios = (o.minRadios ?? 3) + rng.int((o.maxRadios ?? 9) - (o.minRadios ?? 3) + 1);
  const maxLoss = o.maxLoss ?? 0.2;
  const latencyMs = 1 + rng.int(120);
  const jitterMs = rng.int(MAX_DELAY_MS - latencyMs + 1);
  const loss = rng.next() < 0.3 ? 0 : Math.round(rng.next() * maxLoss * 100) / 100;
  const radioNames = Array.from({ length: radios }, (_, i) => radioName(i));
  const all = ["a", "b", ...radioNames];
  /** Devices stopped with no restart scheduled, and when they stopped. */
  const down = new Map<string, number>();
  const lastStop = new Map<string, number>();
  const lossyLinks: [string, string][] = [];
  // A Mirror pair serves nobody until the operator activates one side once; the schedule starts with that.
  const chaos: FaultSpec[] =
    o.mode === "mirror"
      ? [{ at: ms(1_000 + rng.int(2_000)), command: "activate-mirror", device: pick(rng, ["a", "b"]) }]
      : [];
  const meanGap = 60_000 / (o.faultsPerMinute ?? 10);
  const subset = (xs: readonly string[], p: number) => xs.filter(() => rng.next() < p);
  const bipartition = (): [string[], string[]] => {
    for (;;) {
      const side = all.map(() => rng.int(3));
      const g0 = all.filter((_, i) => side[i] === 0);
      const g1 = all.filter((_, i) => side[i] === 1);
      if (g0.length > 0 && g1.length > 0) return [g0, g1];
    }
  };
  let t = 3_500 + rng.int(5_000);
  while (t < chaosMs) {
    const at = ms(t);
    const kind = weighted(rng, {
      partition: 30,
      heal: 14,
      crash: 20,
      command: o.mode === "mirror" ? 22 : 0,
      loss: 10,
      reset: o.resets === true ? 4 : 0,
    });
    switch (kind) {
      case "partition": {
        const how = weighted(rng, { masters: 3, random: 4, isolate: 2, radiosFromMaster: 3 });
        let groups: [string[], string[]];
        if (how === "masters") groups = [["a"], ["b"]];
        else if (how === "random") groups = bipartition();
        else if (how === "isolate") {
          const d = pick(rng, all);
          groups = [[d], all.filter((x) => x !== d)];
        } else {
          const rs = subset(radioNames, 0.5);
          groups = [[pick(rng, ["a", "b"])], rs.length > 0 ? rs : [pick(rng, radioNames)]];
        }
        chaos.push({ at, partition: groups });
        break;
      }
      case "heal":
        if (rng.next() < 0.6) chaos.push({ at, heal: "all" });
        else {
          const [g0, g1] = rng.next() < 0.5 ? [["a"], ["b"]] : bipartition();
          chaos.push({ at, heal: [g0, g1] });
        }
        break;
      case "crash": {
        const d = rng.next() < 0.5 ? pick(rng, ["a", "b"]) : pick(rng, radioNames);
        // A radio reboot is assumed to take longer than its lease + margin unless fastRadioRestarts is on.
        const minGap = d.startsWith("radio") && o.fastRadioRestarts !== true ? RADIO_REBOOT_MS : 50;
        const since = down.get(d);
        if (since !== undefined) {
          chaos.push({ at: ms(Math.max(t, since + minGap)), start: d });
          down.delete(d);
          break;
        }
        chaos.push({ at, stop: d });
        lastStop.set(d, t);
        if (rng.next() < 0.75) chaos.push({ at: ms(t + minGap + rng.int(20_000)), start: d });
        else down.set(d, t);
        break;
      }
      case "command": {
        const d = pick(rng, ["a", "b"]);
        const command = rng.next() < 0.5 ? "activate-mirror" : "switch-mirror";
        chaos.push({ at, command, device: d });
        if (rng.next() < 0.3) {
          const other = d === "a" ? "b" : "a";
          chaos.push({
            at: ms(t + rng.int(1_500)),
            command: pick(rng, ["activate-mirror", "switch-mirror"]),
            device: other,
          });
        }
        break;
      }
      case "loss":
        if (rng.next() < 0.4) chaos.push({ at, loss: Math.round(rng.next() * maxLoss * 100) / 100 });
        else {
          const x = pick(rng, all);
          const y = pick(
            rng,
            all.filter((n) => n !== x),
          );
          lossyLinks.push([x, y]);
          chaos.push({ at, loss: Math.round(rng.next() * maxLoss * 100) / 100, link: [x, y] });
        }
        break;
      case "reset":
        chaos.push({ at, command: "reset", device: pick(rng, all) });
        break;
    }
    // Mostly spread out, sometimes a burst (races between faults).
    t += rng.next() < 0.25 ? rng.int(1_500) : Math.round(-Math.log(1 - rng.next()) * meanGap);
  }
  const end = Math.max(t, chaosMs) + 1_000;
  const finale: FaultSpec[] = [
    { at: ms(end), heal: "all" },
    { at: ms(end), loss: 0 },
    ...lossyLinks.map(([x, y]) => ({ at: ms(end), loss: 0, link: [x, y] })),
    ...all.map((d) => {
      const minGap = d.startsWith("radio") && o.fastRadioRestarts !== true ? RADIO_REBOOT_MS : 0;
      return { at: ms(Math.max(end, (lastStop.get(d) ?? -Infinity) + minGap)), start: d };
    }),
  ];
  const last = Math.max(...finale.map((f) => Number.parseInt(f.at, 10)));
  return {
    mode: o.mode,
    seed: o.seed,
    radios,
    latencyMs,
    jitterMs,
    loss,
    chaos,
    finale,
    chaosEndMs: last,
    untilMs: last + quietMs,
  };
}

/** The fleet file (YAML) of a schedule, optionally with a different fault list (shrinking). */
export function scheduleYaml(s: Schedule, chaos: readonly FaultSpec[] = s.chaos, finale = true): string {
  return redundancyFleetYaml({
    radios: s.radios,
    mode: s.mode,
    loss: s.loss,
    latencyMs: s.latencyMs,
    jitterMs: s.jitterMs,
    faults: [...chaos, ...(finale ? s.finale : [])],
    until: ms(s.untilMs),
  });
}

export interface Outcome {
  readonly overlaps: { t: number; active: string[] }[];
  readonly doubles: DoubleRegistration[];
  /** Empty when, at the end, exactly one Master is active and every radio is registered to it (and nowhere else). */
  readonly liveness: string[];
}

/** Runs a fleet file with a seed to `untilMs` and checks S1 (mirror only), S2 and liveness at the end. */
export async function runAndCheck(
  yaml: string,
  seed: number,
  mode: Mode,
  untilMs: number,
  radios: number,
): Promise<Outcome> {
  await using fleet = await startFleet(yaml, seed);
  await fleet.runUntil(untilMs);
  const events = fleet.events.events;
  const overlaps = mode === "mirror" ? overlappingActives(events) : [];
  const doubles = doubleRegistrations(events);
  const liveness: string[] = [];
  const masters = ["a", "b"].filter((m) => fleet.isUp(m));
  const active = masters.filter((m) => fleet.device(m).status().master?.serving === true);
  if (active.length !== 1)
    liveness.push(
      `active masters: [${active.join(", ")}] (${masters.map((m) => `${m}=${fleet.device(m).status().master?.state}`).join(" ")})`,
    );
  else {
    const on = active[0]!;
    const want = Array.from({ length: radios }, (_, i) => radioName(i));
    const at = (m: string) =>
      (fleet.device(m).status().master?.radios ?? []).filter((r) => r.standing === "registered").map((r) => r.name);
    const missing = want.filter((r) => !at(on).includes(r));
    if (missing.length > 0) liveness.push(`not registered at ${on}: ${missing.join(", ")}`);
    for (const m of masters)
      if (m !== on && at(m).length > 0) liveness.push(`registered at inactive ${m}: ${at(m).join(", ")}`);
  }
  return { overlaps, doubles, liveness };
}
