/**
 * The PARI Master's site upgrade on flash (`upgrade/run.json`): the boot after the Master's own reset, the last step
 * of §4.15.2's sequence, finishes the record; a run cut anywhere else failed; a damaged record is set aside.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MemoryStore } from "../../src/core/Store.js";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { UpgradeCode } from "../../src/upgrade/errors.js";
import { SiteUpgrade } from "../../src/upgrade/SiteUpgrade.js";
import { IDLE, planned, recovered, siteRunShape, withStep, type SiteRun } from "../../src/upgrade/siteRun.js";
import { VirtualClock } from "../../sim/VirtualClock.js";

const KEY = "upgrade/run.json";
const REQUEST = {
  image: "http://10.0.9.8/firm/",
  serial: "0.9.0",
  version: "0.9.0",
  wave: 1,
  stepTimeoutMs: 60_000,
  allowGaps: true,
};
const PLAN = {
  steps: [
    { kind: "radios" as const, devices: ["radio-1"] },
    { kind: "standby-master" as const, devices: ["standby"] },
    { kind: "master" as const, devices: ["master"] },
  ],
  gaps: ["radio-1: no neighbour carries its area"],
};

/** A run of PLAN whose step `i` sent its commands at t = 5000 (the steps before it done). */
function runningIn(i: number): SiteRun {
  let run: SiteRun = { ...planned(REQUEST, PLAN, 1000, [{ t: 1000, line: "plan: 3 steps, 1 waves of radios" }]) };
  for (let n = 0; n < i; n++) run = withStep(run, n, { state: "done", ms: 2000 });
  return withStep({ ...run, current: i }, i, { state: "running", todo: PLAN.steps[i]!.devices, startedAt: 5000 });
}

describe("site upgrade record: recovery at boot (§4.15.2 '5. Master')", () => {
  test("the Master back on the new version: the run is done, its step took until this boot", () => {
    const run = recovered(runningIn(2), "master", "0.9.0", 9000);
    assert.equal(run.state, "done");
    assert.equal(run.endedAt, 9000);
    assert.deepEqual(
      run.steps.map((s) => [s.state, s.ms]),
      [
        ["done", 2000],
        ["done", 2000],
        ["done", 4000],
      ],
    );
    assert.equal(run.failure, undefined);
    assert.deepEqual(run.log.at(-1), { t: 9000, line: "done: 3 steps; master runs 0.9.0" });
  });

  test("the Master on the old version (its image did not come up): failed, naming the Master and both versions", () => {
    const run = recovered(runningIn(2), "master", "0.1.0", 9000);
    assert.equal(run.state, "failed");
    assert.equal(run.steps[2]!.state, "failed");
    assert.deepEqual(run.failure, {
      code: UpgradeCode.StepFailed,
      reason: "step 3 (master) not done: master runs 0.1.0, not 0.9.0, after its reset",
      step: 2,
      device: "master",
    });
  });

  test("a reset in another step (a power cut, a reset by hand): failed there, the run does not go on by itself", () => {
    const run = recovered(runningIn(0), "master", "0.1.0", 9000);
    assert.equal(run.state, "failed");
    assert.equal(run.failure?.code, UpgradeCode.Interrupted);
    assert.equal(run.failure?.step, 0);
    assert.match(run.failure!.reason, /reset in step 1 \(radios\)/);
    assert.deepEqual(
      run.steps.map((s) => s.state),
      ["failed", "waiting", "waiting"],
    );
    // Even on the new version: the Master's step had not sent its commands.
    assert.equal(recovered(runningIn(1), "master", "0.9.0", 9000).failure?.code, UpgradeCode.Interrupted);
    const before = recovered(planned(REQUEST, PLAN, 1000, []), "master", "0.9.0", 9000);
    assert.match(before.failure!.reason, /before its first step/);
  });

  test("idle, done and failed runs are left as they are", () => {
    for (const run of [IDLE, recovered(runningIn(2), "master", "0.9.0", 9000), recovered(runningIn(0), "m", "x", 1)])
      assert.equal(recovered(run, "master", "0.9.0", 20_000), run);
  });

  test("the flash shape reads back every record the run writes, and names what is wrong in a damaged one", () => {
    for (const run of [IDLE, runningIn(0), runningIn(2), recovered(runningIn(2), "master", "0.1.0", 9000)])
      assert.deepEqual(siteRunShape(JSON.parse(JSON.stringify(run))), JSON.parse(JSON.stringify(run)));
    assert.throws(() => siteRunShape({ ...IDLE, state: "paused" }), /state: not a run state/);
    assert.throws(() => siteRunShape({ ...runningIn(0), request: undefined }), /request: missing/);
    assert.throws(() => siteRunShape({ ...IDLE, steps: [{ kind: "radios", state: "done" }] }), /devices: missing/);
  });
});

describe("SiteUpgrade.load: the boot's record from flash", () => {
  const deps = (store: MemoryStore, events: DeviceEvent[]) => {
    const clock = new VirtualClock();
    return {
      store,
      clock,
      emit: (kind: string, fields: object) =>
        events.push({ t: clock.now(), device: "master", kind, ...fields } as never),
      http: undefined,
      self: () => ({ name: "master", ip: "10.0.0.1", pariMaster: true }),
    };
  };
  const put = (store: MemoryStore, run: unknown) =>
    store.put(KEY, new TextEncoder().encode(typeof run === "string" ? run : JSON.stringify(run)));
  const stored = async (store: MemoryStore) => JSON.parse(new TextDecoder().decode(await store.get(KEY))) as SiteRun;

  test("a run in the Master's step comes back done and is written so, with a command event", async () => {
    const store = new MemoryStore();
    await put(store, runningIn(2));
    const events: DeviceEvent[] = [];
    const u = await SiteUpgrade.load(deps(store, events), "0.9.0");
    assert.equal(u.status().state, "done");
    assert.equal((await stored(store)).state, "done");
    assert.deepEqual(
      events.map((e) => [e.kind, (e as { result?: string }).result]),
      [["command", "done"]],
    );
  });

  test("nothing on flash is idle; a damaged record is set aside with a warning and the device starts", async () => {
    const events: DeviceEvent[] = [];
    assert.equal((await SiteUpgrade.load(deps(new MemoryStore(), events), "0.9.0")).status(), IDLE);
    for (const bad of ['{"state": ', "null", "{}"]) {
      const store = new MemoryStore();
      await put(store, bad);
      const u = await SiteUpgrade.load(deps(store, events), "0.9.0");
      assert.equal(u.status().state, "idle");
    }
    assert.deepEqual(
      events.map((e) => (e as { code?: string }).code),
      ["FLASH_CORRUPT", "FLASH_CORRUPT", "FLASH_CORRUPT"],
    );
  });

  test("a start where the world reaches no other device (the sim) is refused: UPGRADE_NO_HTTP", async () => {
    const u = await SiteUpgrade.load(deps(new MemoryStore(), []), "0.9.0");
    await assert.rejects(
      u.start({
        imageUrl: "http://10.0.9.8/firm/",
        serial: "0.9.0",
        wave: 1,
        stepTimeoutMs: 1000,
        allowGaps: true,
        login: { user: "admin", password: "x" },
      }),
      { code: UpgradeCode.NoSiteHttp },
    );
    assert.equal(u.status(), IDLE);
  });
});
