import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseFleetFile, type FleetFile } from "../../sim/FleetFile.js";
import { checksPass, labChecks, labEvents } from "../../lab/checks.js";
import { runLabFaults } from "../../lab/faults.js";
import { LabCode } from "../../lab/errors.js";
import { labDown, labUp } from "../../lab/Lab.js";
import { readState, type LabState } from "../../lab/LabState.js";
import { alive } from "../../lab/processes.js";
import { registeredOn, statuses } from "../../lab/status.js";
import { inspectRows } from "../../lab/views.js";
import { runIpdect } from "../helpers/cli.js";
import { removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { loopbackBlock } from "../helpers/loopback.js";

/**
 * `ipdect lab` on real processes (issue 19 "Lab lifecycle" and "Partition"): examples/redundancy.yaml's six devices
 * on a 127.x block of this test, each its own OS process, with the faults shortened to seconds. The partition is real
 * packet filtering: nftables rules on loopback, matching the devices' 127.x source and destination addresses.
 */
const ip = loopbackBlock();
const MASTER = ip(1);
const STANDBY = ip(2);
const RADIOS = ["radio-1", "radio-2", "radio-3", "radio-4"];
/** The lab's name, and so its nft table's: this test's block, so two runs at once do not share one. */
const NAME = `lab-${ip(0).replaceAll(".", "-")}`;
const LOGIN = { user: "admin", password: "changeme" };

function fleetYaml(name: string, faults: string): string {
  const radio = (i: number, kind: string, x: number) =>
    `  - { name: radio-${i}, kind: ${kind}, mac: "00:90:33:19:02:0${i}", ip: ${ip(10 + i)}, radio: { master: ${MASTER}, alternateMaster: ${STANDBY} }, position: { x: ${x}, y: 0 } }\n`;
  return (
    `name: ${name}\ndevices:\n` +
    `  - { name: master, kind: IPBS, mac: "00:90:33:19:01:01", ip: ${MASTER}, master: { mode: active, id: 1 }, pari: { systemId: 1 } }\n` +
    `  - { name: standby, kind: IPBS, mac: "00:90:33:19:01:02", ip: ${STANDBY}, master: { mode: standby, id: 1, primary: ${MASTER} }, pari: {} }\n` +
    radio(1, "IPBS", 40) +
    radio(2, "IPBS", 80) +
    radio(3, "IPBS", 120) +
    radio(4, "IPBL", 0) +
    `faults:\n${faults}`
  );
}

async function waitFor(what: string, limitMs: number, pred: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await pred())) {
    if (Date.now() > until) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const onMaster = async (state: LabState, name: string) =>
  registeredOn(
    (
      await statuses(
        state.devices.filter((d) => d.name === name),
        LOGIN,
      )
    ).get(name),
  );

describe("ipdect lab: examples/redundancy.yaml as six OS processes", () => {
  const dir = tempDir("ipdect-lab-");
  const stateDir = join(dir, "state");
  const fleetPath = join(dir, "redundancy.yaml");
  let file: FleetFile;
  let state: LabState;
  /** Every process id the lab ever had: down must leave none. */
  const pids = new Set<number>();
  const remember = () => readState(stateDir).processes.forEach((p) => p.pid !== null && pids.add(p.pid));

  before(async () => {
    writeFileSync(fleetPath, fleetYaml(NAME, "  - { at: 2s, stop: master }\n  - { at: 14s, start: master }\n"));
    file = parseFleetFile(readFileSync(fleetPath, "utf8"), fleetPath);
    state = await labUp(file, fleetPath, { stateDir, group: 1, httpBase: 8080, air: `${ip(200)}:17300` });
    remember();
  });
  after(async () => {
    if (existsSync(join(stateDir, "state.json"))) await labDown(readState(stateDir));
    removeTempDir(dir);
  });

  test("up: six device processes and the air service; inspect shows every device alive", async () => {
    assert.deepEqual(
      state.processes.map((p) => p.name),
      ["air", "master", "standby", ...RADIOS],
    );
    await waitFor("every radio on the Master", 20_000, async () => (await onMaster(state, "master")).size === 4);
    const rows = inspectRows(state, await statuses(state.devices, LOGIN));
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.alive && r.pid !== null));
    assert.equal(rows.find((r) => r.name === "master")?.state, "active.serving");
    // The command line reads the same state directory.
    const cli = runIpdect(["lab", "inspect", "--state-dir", stateDir, "--json"]);
    assert.equal(cli.status, 0, cli.stderr);
    const listed = JSON.parse(cli.stdout) as { name: string; alive: boolean }[];
    assert.deepEqual(
      listed.map((r) => [r.name, r.alive]),
      ["master", "standby", ...RADIOS].map((n) => [n, true]),
    );
    const exec = runIpdect(["lab", "exec", "--state-dir", stateDir, "radio-1", "status"]);
    assert.equal(exec.status, 0, exec.stderr);
    assert.match(exec.stdout, new RegExp(`registered at Master ${MASTER.replaceAll(".", "\\.")}`));
    await assert.rejects(labUp(file, fleetPath, { stateDir, group: 1, httpBase: 8080, air: `${ip(200)}:17300` }), {
      code: LabCode.Running,
    });
    const dot = runIpdect(["lab", "graph", "--state-dir", stateDir, "--dot"]);
    assert.match(dot.stdout, /"radio-1" -> "master" \[label="master"/);
  });

  test("faults live: the Master's process killed -9 and restarted; radios go to the Standby and back, never on two", async () => {
    const masterPid = readState(stateDir).processes.find((p) => p.name === "master")!.pid!;
    let onStandby = 0;
    const watch = (async () => {
      const until = Date.now() + 14_000;
      while (Date.now() < until && onStandby < 4) {
        onStandby = Math.max(onStandby, (await onMaster(state, "standby")).size);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await runLabFaults(state, file, LOGIN, () => undefined);
    await watch;
    remember();
    assert.equal(alive(masterPid), false, "the first Master process is gone");
    assert.equal(onStandby, 4, "every radio registered on the Standby while the Master was down");
    await waitFor("the checks", 30_000, async () => checksPass(await labChecks(state, LOGIN)));
    const checks = await labChecks(state, LOGIN);
    assert.deepEqual(checks.doubleRegistrations, []);
    assert.deepEqual(checks.awayFromMaster, []);
    const events = labEvents(state);
    assert.ok(events.some((e) => e.device === "master" && e.kind === "state" && e["state"] === "stopped"));
  });

  test("partition live with nft on loopback: radio-1 cut from the Master loses it and comes back after heal", async () => {
    const partitioned = parseFleetFile(
      fleetYaml(NAME, "  - { at: 0s, partition: [[radio-1], [master]] }\n  - { at: 12s, heal: all }\n"),
      fleetPath,
    );
    let lost = false;
    let ruled = "";
    const watch = (async () => {
      const until = Date.now() + 11_000;
      while (Date.now() < until && !lost) {
        if (ruled === "") ruled = nftTable(state.table);
        lost = !(await onMaster(state, "master")).has("radio-1");
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await runLabFaults(state, partitioned, LOGIN, () => undefined);
    await watch;
    assert.match(
      ruled,
      new RegExp(`ip saddr ${MASTER.replaceAll(".", "\\.")} ip daddr ${ip(11).replaceAll(".", "\\.")} drop`),
    );
    assert.ok(lost, "the Master dropped radio-1 while they were cut apart");
    assert.equal(nftTable(state.table), "", "heal all removed the lab's table");
    await waitFor("radio-1 back on the Master", 20_000, async () => (await onMaster(state, "master")).has("radio-1"));
  });

  test("down: every process the lab ever ran is gone", async () => {
    remember();
    assert.ok(pids.size >= 8, `the lab's processes: ${[...pids].join(" ")}`);
    const r = runIpdect(["lab", "down", "--state-dir", stateDir]);
    assert.equal(r.status, 0, r.stderr);
    await waitFor("every process reaped", 5_000, async () => [...pids].every((p) => !existsSync(`/proc/${p}`)));
    assert.ok(readState(stateDir).processes.every((p) => p.pid === null));
  });
});

/** The lab's nft table as `nft list` prints it; empty when there is none. */
function nftTable(table: string): string {
  try {
    return execFileSync("nft", ["list", "table", "inet", table], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return "";
  }
}
