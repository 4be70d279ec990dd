/**
 * The rolling upgrade (§4.15.2, src/upgrade) of the 297-radio campus (examples/campus.yaml's site: three buildings,
 * three sync regions) in the sim, in virtual time, with the image on a simulated update server. Asserted over the
 * event log (every change of every radio's sync state and every device start and stop, replayed in order, so no
 * moment between two samples is missed), and sampled every virtual second while it runs as a second check:
 * - no sync region is ever without a sync source: a radio of it synchronized (§4.12.3);
 * - no handset out of coverage: at the place of every radio, some radio on air is heard (up and synchronized, or in
 *   holdover: it sends its beacon, §4.12.3), so a handset standing there stays locked to a radio;
 * - every radio ends on the new version, registered and synchronized; the event log shows one reset per radio.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { FleetSiteOps } from "../../sim/FleetSiteOps.js";
import { campusFleetYaml } from "../../sim/generators/campus.js";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { SYNC_STATES } from "../../src/sync/overview.js";
import { rollingUpgrade } from "../../src/upgrade/rollingUpgrade.js";
import { exampleYaml, runUntilTrue, startFleet } from "../helpers/sim.js";

const VERSION = "0.2.0";

/** The campus without its fault, with an update server serving 0.2.0 for the IPBS2. */
function campusWithServer(): string {
  const yaml = campusFleetYaml().replace(/\nfaults:\n( {2}- .*\n?)+/, "\n");
  return `${yaml}updateServers:\n  - { name: www, ip: 127.0.9.8, files: { firm/ipbs2.bin: { image: { version: "${VERSION}" } } } }\n`;
}

test("the campus, 297 radios in three regions: upgraded in waves, every region synchronized and every place covered throughout", async () => {
  await using fleet = await startFleet(campusWithServer(), 1);
  const radios = fleet.file.devices.filter((d) => d.radio !== undefined);
  const regionOf = new Map(radios.map((r) => [r.name, r.radio!.region ?? 0]));
  const syncState = (n: string) => (fleet.isUp(n) ? fleet.device(n).status().radio?.sync?.state : undefined);
  const synchronized = (n: string) => syncState(n) === "synchronized";
  const onAir = (n: string) => synchronized(n) || syncState(n) === "holdover";
  const settled = await runUntilTrue(
    fleet,
    () =>
      radios.every((r) => synchronized(r.name) && fleet.device(r.name).status().radio?.state === "running.registered"),
    300_000,
    1000,
  );
  assert.ok(settled !== undefined, "the campus settles: every radio registered and synchronized");

  const ops = new FleetSiteOps(fleet, "pari");
  const said: string[] = [];
  let done = false;
  let failed: unknown;
  const upgrade = rollingUpgrade(ops, {
    imageUrl: "http://127.0.9.8/firm/",
    serial: VERSION,
    version: VERSION,
    masters: ops.masters(),
    maxWave: 30,
    stepTimeoutMs: 300_000,
    // The campus has no Standby Master (the one gap, asserted below): while the Master resets, the radios stay on air.
    allowGaps: true,
    say: (l) => said.push(l),
  }).then(
    (r) => ((done = true), r),
    (err: unknown) => ((done = true), (failed = err), undefined),
  );

  const regions = [...new Set(regionOf.values())];
  const places = radios.map((r) => r.position!);
  let samples = 0;
  const violations: string[] = [];
  const start = fleet.now;
  while (!done && fleet.now - start < 3_600_000) {
    await fleet.runFor(1000);
    samples++;
    for (const g of regions)
      if (!radios.some((r) => regionOf.get(r.name) === g && synchronized(r.name)))
        violations.push(`${fleet.now}: region ${g} has no synchronized radio`);
    for (const [i, p] of places.entries()) {
      const heard = fleet.air.audibleAt(p);
      if (!heard.some((h) => onAir(h.name)))
        violations.push(`${fleet.now}: no radio on air at ${radios[i]!.name}'s place`);
    }
  }
  const replayed = eventLogViolations(
    fleet.events.events.filter((e) => e.t >= start),
    radios.map((r) => r.name),
    regionOf,
    places.map((p) => fleet.air.audibleAt(p).map((h) => h.name)),
    new Map(radios.map((r) => [r.name, syncState(r.name) ?? "down"])),
  );
  const report = await upgrade;
  assert.equal(failed, undefined, `${String(failed)}\n${said.join("\n")}\n${ops.refused.join("\n")}`);
  assert.deepEqual(replayed.violations.slice(0, 10), [], `${replayed.violations.length} violations in the event log`);
  assert.ok(replayed.changes > radios.length * 2, `${replayed.changes} sync state changes replayed`);
  assert.deepEqual(violations.slice(0, 10), [], `${violations.length} violations in ${samples} samples`);
  assert.ok(report !== undefined);
  assert.deepEqual(report.plan.gaps, ["pari: no Standby Master, its radios have no Master while it resets (§4.6.19)"]);
  const waves = report.steps.filter((s) => s.kind === "radios");
  assert.ok(waves.length >= 10, `${waves.length} waves`);
  for (const r of radios) assert.equal(fleet.device(r.name).status().firmware?.version, VERSION, r.name);
  assert.equal(fleet.device("pari").status().firmware?.version, VERSION);
  // One reset per device, by the update client's final (the event log).
  const resets = fleet.events.events.filter((e) => e.kind === "command" && e["command"] === "reset" && "mode" in e);
  assert.equal(resets.length, radios.length + 1);
  console.log(
    `campus upgrade: ${waves.length} waves, ${Math.round((fleet.now - start) / 1000)} s virtual, ${samples} samples, ${replayed.changes} sync state changes replayed`,
  );
});

/**
 * Replays the event log from the upgrade's start: a radio's sync state is its last `state` event of role `sync`; a
 * device's `state` event `stopped` takes it off air until its next one. After every change, every region must keep a
 * synchronized radio and every place (a radio's, with the radios audible there) a radio on air (synchronized or in
 * holdover: it sends its beacon, §4.12.3).
 */
function eventLogViolations(
  events: readonly DeviceEvent[],
  radios: readonly string[],
  regionOf: ReadonlyMap<string, number>,
  audible: readonly (readonly string[])[],
  initial: ReadonlyMap<string, string>,
): { violations: string[]; changes: number } {
  const state = new Map(initial);
  const onAir = (n: string) => state.get(n) === "synchronized" || state.get(n) === "holdover";
  const placesHearing = new Map<string, number[]>();
  for (const [i, names] of audible.entries())
    for (const n of names) placesHearing.set(n, [...(placesHearing.get(n) ?? []), i]);
  const radioSet = new Set(radios);
  const violations: string[] = [];
  let changes = 0;
  // The radios that left "synchronized" or went off air at the current instant, checked once its events are all in:
  // events of one virtual ms happen together (a radio's holdover and its source's return at the same ms are no gap).
  let instant = -1;
  const left = new Map<string, string>();
  const check = () => {
    for (const g of new Set([...left.keys()].map((n) => regionOf.get(n))))
      if (!radios.some((r) => regionOf.get(r) === g && state.get(r) === "synchronized"))
        violations.push(`${instant}: region ${g} has no synchronized radio`);
    for (const n of left.keys())
      for (const i of placesHearing.get(n) ?? [])
        if (!audible[i]!.some(onAir)) violations.push(`${instant}: no radio on air at ${radios[i]}'s place`);
    left.clear();
  };
  for (const e of events) {
    if (!radioSet.has(e.device) || e.kind !== "state") continue;
    const next =
      e.role === "sync" && (SYNC_STATES as readonly string[]).includes(e.state)
        ? e.state
        : e.role === "device" && e.state === "stopped"
          ? "down"
          : undefined;
    if (next === undefined || next === state.get(e.device)) continue;
    if (e.t !== instant) check();
    instant = e.t;
    if (state.get(e.device) === "synchronized" || onAir(e.device)) left.set(e.device, next);
    state.set(e.device, next);
    changes++;
  }
  check();
  return { violations, changes };
}

test("the fleet fault `upgrade`: examples/update.yaml's site taken to 0.3.0 at 7 min, its steps as events", async () => {
  const yaml = exampleYaml("update.yaml")
    .replace("until: 6m", "until: 12m")
    .replace(
      "faults:\n",
      [
        "faults:",
        '  - { at: 6m, serve: www, path: firm/ipbs2.bin, image: { version: "0.3.0" } }',
        "  - { at: 7m, upgrade: master, firmware: http://10.0.9.8/firm/, serial: 0.3.0, wave: 2 }",
        "",
      ].join("\n"),
    );
  await using fleet = await startFleet(yaml, 1);
  await fleet.runUntil(fleet.file.until!);
  const steps = fleet.events.events.filter((e) => e.kind === "command" && e.command === "upgrade") as {
    result?: string;
    reason?: string;
  }[];
  assert.equal(steps.at(-1)?.result, "done", JSON.stringify(steps.map((e) => e.reason)));
  for (const name of fleet.names) assert.equal(fleet.device(name).status().firmware?.version, "0.3.0", name);
  assert.ok(steps.some((e) => /^step \d+\/\d+ master: master$/.test(String(e.reason))));
});
