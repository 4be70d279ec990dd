import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseFleetFile, type FleetFile } from "../../sim/FleetFile.js";
import { labChecks } from "../../lab/checks.js";
import { runLabFaults } from "../../lab/faults.js";
import { labDown, labUp } from "../../lab/Lab.js";
import { readState, type LabState } from "../../lab/LabState.js";
import { alive } from "../../lab/processes.js";
import { registeredOn, statuses } from "../../lab/status.js";
import { ROOT } from "../helpers/cli.js";
import { removeTempDir, tempDir } from "../helpers/foregroundProcess.js";
import { startKamailioForPbx, type Kamailio } from "../helpers/kamailio.js";
import { registeredAt, startFleet } from "../helpers/sim.js";

/**
 * Both worlds (issue 19): examples/lab-40.yaml — a PARI Master and its Standby, 40 radios, 300 handsets' users and a
 * PBX — as a live lab of OS processes with kamailio at the file's PBX address (listed under `external:`), and as a
 * simulation. The Master is stopped (in the lab: kill -9 of its process); in both worlds every radio and every user's
 * SIP registration ends on the Standby. Both worlds run the file as it is: its Master stops at 90 s (in the lab,
 * 90 s after its faults start, which the test does right after up).
 */
const LOGIN = { user: "admin", password: "changeme" };
const PARI = "127.40.0.1";
const STANDBY = "127.40.0.2";
const USERS = 300;
const RADIOS = 40;

const fleetPath = join(ROOT, "examples/lab-40.yaml");

async function waitFor(what: string, limitMs: number, pred: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await pred())) {
    if (Date.now() > until) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("examples/lab-40.yaml in both worlds: the Master fails, radios and registrations move to the Standby", () => {
  const dir = tempDir("ipdect-lab40-");
  const stateDir = join(dir, "state");
  let file: FleetFile;
  let state: LabState;
  let kamailio: Kamailio;
  let pariPid: number;
  /** The file's faults, run live from right after up: the Master's process is killed at 90 s. */
  let faults: Promise<unknown>;

  /** The users with a binding in kamailio whose Contact is on `ip` (the Master that registered them, §4.6.23). */
  const usersFrom = async (ip: string): Promise<number> =>
    new Set((await kamailio.contacts()).filter((c) => c.contact.includes(`@${ip}:`)).map((c) => c.aor)).size;
  const radiosOn = async (name: string): Promise<number> =>
    registeredOn(
      (
        await statuses(
          state.devices.filter((d) => d.name === name),
          LOGIN,
        )
      ).get(name),
    ).size;

  before(async () => {
    file = parseFleetFile(readFileSync(fleetPath, "utf8"), fleetPath);
    kamailio = await startKamailioForPbx(file.pbx[0]!);
    // The radios ten to a process; the PARI Master and its Standby each alone, so the Master can be killed alone.
    state = await labUp(file, fleetPath, { stateDir, group: 10, httpBase: 8080, air: "127.40.9.2:17300" });
    pariPid = readState(stateDir).processes.find((p) => p.name === "pari")!.pid!;
    faults = runLabFaults(state, file, LOGIN, () => undefined);
  });
  after(async () => {
    if (existsSync(join(stateDir, "state.json"))) await labDown(readState(stateDir));
    await kamailio?.close();
    removeTempDir(dir);
  });

  test("live: every radio on the PARI Master and all 300 users registered with kamailio from it", async () => {
    assert.deepEqual(
      state.processes.map((p) => [p.kind, p.devices.length]),
      [
        ["air", 0],
        ["devices", 1],
        ["devices", 1],
        ...Array.from({ length: 4 }, () => ["devices", 10]),
        ["handsets", 0],
      ],
    );
    await waitFor("40 radios on the PARI Master", 90_000, async () => (await radiosOn("pari")) === RADIOS);
    // The handsets subscribe over the radios within 25 s of up (the file's group), then the Master registers them.
    await waitFor("300 users registered from the PARI Master", 80_000, async () => (await usersFrom(PARI)) === USERS);
  });

  test("live: the Master's process killed -9; the radios and all 300 registrations move to the Standby", async () => {
    await faults;
    assert.equal(alive(pariPid), false, "the PARI Master's process is gone");
    await waitFor("40 radios on the Standby", 90_000, async () => (await radiosOn("standby")) === RADIOS);
    await waitFor("300 users registered from the Standby", 90_000, async () => (await usersFrom(STANDBY)) === USERS);
    assert.deepEqual((await labChecks(state, LOGIN)).doubleRegistrations, []);
  });

  test("sim, the same file: the same end — radios and users on the Standby, no radio on two Masters", async () => {
    await using fleet = await startFleet(readFileSync(fleetPath, "utf8"));
    await fleet.runUntil(file.until!);
    const report = fleet.report();
    assert.equal(registeredAt(fleet, "standby").length, RADIOS);
    assert.deepEqual(
      report.sip!.outcomes.map((o) => [o.count, o.state, o.master, o.proxy]),
      [[USERS, "registered", "standby", "pbx1"]],
    );
    assert.deepEqual(report.checks.doubleRegistrations, []);
  });
});
