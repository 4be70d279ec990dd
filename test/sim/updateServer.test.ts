/**
 * The simulated update server (docs/design.md "Simulated update server"): the fleet file's `updateServers:` answer the
 * devices' update client (App. A) over http, https and tftp in virtual time, the `serve` fault changes what they
 * serve, and the report lists their uploads and the firmware every device runs.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import type { Fleet } from "../../sim/Fleet.js";
import { SimCode } from "../../sim/errors.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { htmlReport } from "../../sim/report/htmlReport.js";
import { updateSummary } from "../../sim/updateSummary.js";
import { errorsOf, exampleYaml, registeredAt, startFleet } from "../helpers/sim.js";

const EXAMPLE = exampleYaml("update.yaml");
const FIRMWARE = "0x00210003";
const PUT_CONFIG = "0x00210006";

/** Runs a fleet to its `until` (or `ms`) and closes it; the fleet is returned for its report and events. */
async function run(
  yaml: string,
  seed: number | string = 1,
  more: { wire?: boolean; ms?: number } = {},
): Promise<Fleet> {
  const fleet = await startFleet(yaml, seed, more.wire === undefined ? {} : { wire: more.wire });
  await fleet.runUntil(more.ms ?? fleet.file.until ?? 600_000);
  return fleet;
}

const updates = (events: readonly DeviceEvent[], device?: string) =>
  events.filter((e) => e.kind === "update" && (device === undefined || e.device === device)) as (DeviceEvent & {
    action: string;
    result: string;
    reason?: string;
    version?: string;
  })[];

/**
 * The phase of the device `box` in a fleet of this seed (UpdateClient.phaseMs: its first poll comes this long after
 * the minute): drawn from the seed, so the same in the fleet the test then runs, whose fault times it shifts.
 */
async function phaseOf(yaml: string, seed = 1): Promise<number> {
  await using fleet = await startFleet(yaml, seed);
  return fleet.device("box").status().update!.phaseMs;
}

/** One IPBS Master polling the server www at 10.0.9.8 with `url`, and the faults given. */
function oneDevice(o: { files: string; url: string; pollMinutes?: number; until: string; faults?: string }): string {
  return `name: one
until: ${o.until}
updateServers:
  - name: www
    ip: 10.0.9.8
    files: ${o.files}
devices:
  - { name: box, kind: IPBS, mac: "00:90:33:07:00:01", ip: 10.0.7.1, master: { mode: active }, update: { url: "${o.url}", pollMinutes: ${o.pollMinutes ?? 15} } }
${o.faults === undefined ? "" : `faults:\n${o.faults}`}`;
}

describe("examples/update.yaml (App. A.1.3, A.1.4)", () => {
  test("every device polls, downloads 0.2.0, resets and ends on 0.2.0 with its radios registered again", async () => {
    await using fleet = await run(EXAMPLE);
    const events = fleet.events.events;
    for (const name of fleet.names) {
      const s = fleet.device(name).status();
      assert.equal(s.firmware?.version, "0.2.0", name);
      assert.equal(s.firmware?.serial, "0.2.0", name);
      const mine = updates(events, name);
      const has = (action: string, result: string) => mine.some((e) => e.action === action && e.result === result);
      for (const [action, result] of [
        ["poll", "done"],
        ["prot", "done"],
        ["check", "done"],
        ["final", "done"],
      ] as const)
        assert.ok(has(action, result), `${name}: update ${action} ${result}`);
      assert.equal(mine.find((e) => e.action === "prot")?.version, "0.2.0");
      // After the reset the same command file does nothing: its check serial is done (A.1.3).
      assert.ok(has("check", "cancelled"), `${name}: the file again, after the reset`);
      const states = events.flatMap((e) =>
        e.device === name && e.kind === "state" && e.role === "device" ? [e.state] : [],
      );
      assert.deepEqual(states, ["up", "stopped", "up"], `${name}: started, then reset once onto the new bank`);
    }
    assert.deepEqual(registeredAt(fleet, "master").sort(), fleet.names.filter((n) => n !== "master").sort());
    // The Master's PARI overview shows each radio's new version (§4.11.1).
    for (const r of fleet.device("master").status().pari!.radios) assert.equal(r.version, "ipdect 0.2.0");
  });

  test("the scfg uploads after the serve fault land in the report: path, device and size (A.1.5)", async () => {
    await using fleet = await run(EXAMPLE);
    const [www] = fleet.report().updateServers!;
    assert.equal(www!.name, "www");
    assert.equal(www!.notFound, 0);
    assert.equal(www!.uploads.length, 7);
    for (const u of www!.uploads) {
      // Each device's next poll after the serve fault at 4 min: within its one-minute interval (its phase).
      assert.ok(u.t >= 240_000 && u.t < 301_000, `${u.device} at ${u.t}`);
      const mac = fleet.file.devices.find((d) => d.name === u.device)!.mac.toString();
      // #h: the hardware ID, the product's file stem and the MAC's last three bytes.
      assert.equal(u.path, `saved/ipbs2-${mac.split(":").slice(3).join("-")}.txt`);
      assert.ok(u.bytes > 200, `${u.bytes} bytes`);
    }
    assert.deepEqual(new Set(www!.uploads.map((u) => u.device)), new Set(fleet.names));
    const text = updateSummary(fleet.report());
    assert.match(text, /^Update servers \(App\. A\)\n/);
    assert.match(text, /saved\/ipbs2-05-00-01\.txt/);
    assert.match(text, /\n7 +0\.2\.0 +0\.2\.0 +master, radio-1/);
    const page = htmlReport(fleet.events.events, fleet.report());
    assert.match(page, /<h2>Update servers \(App\. A\)<\/h2>/);
    assert.match(page, /<td>saved\/ipbs2-05-00-01\.txt<\/td>/);
  });

  test("the same seed gives the same event log, carried or on the wire; another seed another one", async () => {
    const log = async (seed: number, wire: boolean) => {
      await using fleet = await run(EXAMPLE, seed, { wire });
      return fleet.events.events.map((e) => JSON.stringify(e)).join("\n");
    };
    const first = await log(3, false);
    assert.equal(await log(3, false), first);
    assert.equal(await log(3, true), first);
    assert.notEqual(await log(7, false), first);
  });
});

describe("polling in virtual time (App. A.1.3)", () => {
  test("a fresh device polls every minute for 30 minutes, then every interval (here 5 min over https)", async () => {
    // No command file on the server: every poll fails, so the device stays fresh.
    await using fleet = await run(
      oneDevice({ files: "{}", url: "https://10.0.9.8/up/", pollMinutes: 5, until: "50m" }),
    );
    const polls = updates(fleet.events.events, "box").filter((e) => e.action === "poll");
    assert.ok(polls.every((e) => e.result === "failed" && /HTTP 404 Not Found/.test(e.reason ?? "")));
    // The device's phase (UpdateClient.phaseMs): its first poll comes this long after the minute.
    const phase = fleet.device("box").status().update!.phaseMs;
    assert.ok(phase >= 0 && phase < 60_000);
    assert.ok(polls[0]!.t >= 60_000 + phase && polls[0]!.t < 60_100 + phase, `first poll at ${polls[0]!.t}`);
    const gaps = polls.slice(1).map((e, i) => ({ after: polls[i]!.t, gap: e.t - polls[i]!.t }));
    for (const { after, gap } of gaps) {
      // The next poll is counted from the end of the previous one; the request takes a few ms of network.
      const delay = after + 60_000 <= 30 * 60_000 + phase ? 60_000 : 5 * 60_000;
      assert.ok(gap >= delay && gap < delay + 100, `gap ${gap} after the poll at ${after}`);
    }
    assert.equal(gaps.filter((g) => g.gap < 120_000).length, 28);
    assert.ok(gaps.filter((g) => g.gap >= 300_000).length >= 4);
    assert.equal(fleet.report().updateServers![0]!.notFound, polls.length);
  });

  test("update-poll as a fleet command polls at once; the file taken, the next poll is an interval later", async () => {
    // The server is cut off from the device at 30 s: the poll after the interval fails 30 s after it starts.
    await using fleet = await run(
      oneDevice({
        files: `{ up/cmd.htm: "mod cmd UP1 check ser a\\n" }`,
        url: "http://10.0.9.8/up/cmd.htm",
        until: "16m",
        faults: `  - { at: 10s, command: update-poll, device: box }
  - { at: 30s, partition: [[box], [www]] }
`,
      }),
    );
    const polls = updates(fleet.events.events, "box").filter((e) => e.action === "poll");
    assert.equal(polls.length, 2);
    const [taken, cut] = polls;
    assert.ok(taken!.t > 10_000 && taken!.t < 10_100 && taken!.result === "done", JSON.stringify(taken));
    // No longer fresh: 15 min (the default interval) after that poll ended, not a minute.
    assert.equal(cut!.t, taken!.t + 15 * 60_000 + 30_000);
    assert.equal(cut!.result, "failed");
    assert.equal(cut!.reason, "UP_FETCH: http://10.0.9.8/up/cmd.htm: no answer within 30 s");
    assert.ok(
      fleet
        .device("box")
        .status()
        .alarms.some((a) => a.code === "0x00210001"),
    );
  });

  test("a stopped server does not answer (the poll fails after 30 s); started again, it serves its files", async () => {
    const device = (faults?: string) =>
      oneDevice({
        files: `{ up/cmd.htm: "mod cmd UP1 check ser a\\n" }`,
        url: "http://10.0.9.8/up/cmd.htm",
        until: "4m",
        ...(faults === undefined ? {} : { faults }),
      });
    const phase = await phaseOf(device());
    const first = 60_000 + phase;
    await using fleet = await run(device(`  - { at: 30s, stop: www }\n  - { at: ${first + 40_000}ms, start: www }\n`));
    const polls = updates(fleet.events.events, "box").filter((e) => e.action === "poll");
    assert.deepEqual(
      polls.map((e) => [e.t, e.result]),
      [
        [first + 30_000, "failed"],
        [polls[1]!.t, "done"],
      ],
    );
    // Still fresh after the failure: the next poll a minute after the first ended.
    assert.ok(polls[1]!.t > first + 90_000 && polls[1]!.t < first + 90_100, String(polls[1]!.t));
    assert.equal(fleet.report().updateServers![0]!.up, true);
  });
});

describe("downloads and uploads that fail (App. A.1.4, A.1.5; §6.2)", () => {
  test("a missing image raises 0x00210003 and changes nothing; served later, it is taken (tftp)", async () => {
    const device = (faults?: string) =>
      oneDevice({
        files: `{ up/update-IPBS2.htm: "mod cmd UP0 prot tftp://10.0.9.8/firm/ reset 0.3.0\\n" }`,
        url: "tftp://10.0.9.8/up/",
        pollMinutes: 1,
        until: "5m",
        ...(faults === undefined ? {} : { faults }),
      });
    const phase = await phaseOf(device());
    await using fleet = await run(
      device(`  - { at: ${100_000 + phase}ms, serve: www, path: firm/ipbs2.bin, image: { version: "0.3.0" } }\n`),
      1,
      { ms: 90_000 + phase },
    );
    const box = fleet.device("box");
    assert.deepEqual(
      box.status().alarms.map((a) => a.code),
      [FIRMWARE],
    );
    const failed = updates(fleet.events.events, "box").find((e) => e.action === "prot")!;
    assert.equal(failed.result, "failed");
    assert.equal(failed.reason, "UP_NOT_FOUND: tftp://10.0.9.8/firm/ipbs2.bin: TFTP error 1: File not found");
    assert.equal(box.status().firmware?.version, "0.1.0");
    // The serve fault at 100 s: the next poll (the device is still fresh) takes the image and resets on it.
    await fleet.runUntil(200_000 + phase);
    const fault = fleet.events.events.find((e) => e.kind === "fault")!;
    assert.equal(fault["action"], "serve");
    assert.equal(fleet.device("box").status().firmware?.version, "0.3.0");
    assert.deepEqual(fleet.device("box").status().alarms, []);
  });

  test("scfg to a tftp URL raises 0x00210006 and uploads nothing; over http it lands", async () => {
    const device = (faults?: string) =>
      oneDevice({
        files: `{ up/update-IPBS2.htm: "mod cmd UP0 scfg tftp://10.0.9.8/saved/#m.txt\\n" }`,
        url: "http://10.0.9.8/up/",
        pollMinutes: 1,
        until: "5m",
        ...(faults === undefined ? {} : { faults }),
      });
    const phase = await phaseOf(device());
    await using fleet = await run(
      device(
        `  - { at: ${100_000 + phase}ms, serve: www, path: up/update-IPBS2.htm, text: "mod cmd UP0 scfg http://10.0.9.8/saved/#m.txt\\n" }\n`,
      ),
      1,
      { ms: 90_000 + phase },
    );
    assert.deepEqual(
      fleet
        .device("box")
        .status()
        .alarms.map((a) => a.code),
      [PUT_CONFIG],
    );
    assert.deepEqual(fleet.report().updateServers![0]!.uploads, []);
    await fleet.runUntil(200_000 + phase);
    const [upload] = fleet.report().updateServers![0]!.uploads;
    assert.equal(upload?.path, "saved/00-90-33-07-00-01.txt");
    assert.equal(upload?.device, "box");
    assert.deepEqual(fleet.device("box").status().alarms, []);
  });

  test("a device of a fleet without update servers does not poll", async () => {
    const yaml = oneDevice({ files: "{}", url: "http://10.0.9.8/up/", until: "3m" }).replace(
      /updateServers:\n(.*\n){3}/,
      "",
    );
    await using fleet = await run(yaml);
    assert.equal(fleet.report().updateServers, undefined);
    assert.deepEqual(updates(fleet.events.events), []);
    assert.equal(fleet.device("box").status().update, undefined);
  });
});

describe("the updateServers section and the serve fault are checked when the file is read", () => {
  const base = (servers: string, faults = "") => `name: bad
updateServers:
${servers}
devices:
  - { name: box, kind: IPBS, mac: "00:90:33:07:00:01", ip: 10.0.7.1, master: { mode: active } }
${faults === "" ? "" : `faults:\n${faults}`}`;
  const codes = (text: string) => errorsOf(text).map((e) => `${e.code} ${e.context.field ?? ""}: ${e.reason}`);

  test("an image needs a product unless its path names one; its fields fit the image header", () => {
    assert.deepEqual(codes(base(`  - { name: www, ip: 10.0.9.8, files: { fw.bin: { image: { version: "1" } } } }`)), [
      `${SimCode.FleetUpdateServer} updateServers[0].files["fw.bin"].image.product: required: fw.bin is not a product's firmware file (ipbs.bin, ipbs2.bin, ipbs3.bin, ipbl.bin, ipvm.bin)`,
    ]);
    const long = "v".repeat(33);
    assert.match(
      codes(base(`  - { name: www, ip: 10.0.9.8, files: { ipbl.bin: { image: { version: ${long} } } } }`))[0]!,
      /^FLEET_UPDATE_SERVER updateServers\[0\]\.files\["ipbl\.bin"\]\.image\.version: .* is 33 bytes of UTF-8, the field holds 32$/,
    );
    assert.deepEqual(
      parseFleetFile(
        base(`  - { name: www, ip: 10.0.9.8, files: { a/ipbl.bin: { image: { version: "9" } } } }`),
        "x",
      ).updateServers[0]!.files.get("a/ipbl.bin"),
      { image: { version: "9", serial: "9", product: "IPBL" } },
    );
  });

  test("paths, addresses and names: no .. part, one IP address each, the serve fault names a server", () => {
    assert.match(
      codes(base(`  - { name: www, ip: 10.0.9.8, files: { "../x": "t" } }`))[0]!,
      /^FLEET_UPDATE_SERVER updateServers\[0\]\.files\["\.\.\/x"\]: a path such as up\/update-IPBS2\.htm: URL characters, no empty, \. or \.\. part$/,
    );
    assert.match(
      codes(base(`  - { name: www, ip: 10.0.7.1 }`))[0]!,
      /^FLEET_DUPLICATE_IP updateServers\[0\]\.ip: IP address 10\.0\.7\.1 is also used/,
    );
    assert.match(
      codes(base(`  - { name: www, ip: 10.0.9.8 }`, `  - { at: 1s, serve: box, path: a, text: x }\n`))[0]!,
      /^FLEET_UNKNOWN_DEVICE faults\[0\]\.serve: no update server named "box"/,
    );
    assert.match(
      codes(base(`  - { name: www, ip: 10.0.9.8 }`, `  - { at: 1s, serve: www, path: a }\n`))[0]!,
      /^FLEET_UPDATE_SERVER faults\[0\]: serve needs path and one of text or image/,
    );
  });
});
