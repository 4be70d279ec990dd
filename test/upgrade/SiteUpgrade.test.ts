/**
 * The PARI Master's run of the site upgrade (src/upgrade/SiteUpgrade.ts) in virtual time over a small model of a
 * site's HTTP APIs (the SiteHttp port): its record step by step, the failure's device and reason, the record on flash
 * before the Master's own step sends its command, and a stopped boot's run that sends and writes nothing more.
 * Real nodes run it in test/upgrade/siteUpgradeApi.test.ts.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MemoryStore } from "../../src/core/Store.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { UpgradeCode } from "../../src/upgrade/errors.js";
import type { SiteAnswer, SiteHttp, SiteRequestInit } from "../../src/upgrade/HttpSiteOps.js";
import { SiteUpgrade } from "../../src/upgrade/SiteUpgrade.js";
import type { SiteRun } from "../../src/upgrade/siteRun.js";
import { VirtualClock } from "../../sim/VirtualClock.js";

const KEY = "upgrade/run.json";
const PASSWORD = "site-pw";
const AUTH = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`;

interface FakeDevice {
  readonly name: string;
  readonly ip: string;
  version: string;
  up: boolean;
  radio: boolean;
}

/**
 * A site as its APIs answer: a device given `prot … reset` is down for RESET_MS and then runs the new version,
 * unless it is in `stuck` (it never comes back).
 */
class FakeSite {
  static readonly RESET_MS = 3000;
  readonly devices: FakeDevice[] = [
    { name: "master", ip: "10.0.0.1", version: "0.1.0", up: true, radio: false },
    { name: "standby", ip: "10.0.0.2", version: "0.1.0", up: true, radio: false },
    { name: "radio-1", ip: "10.0.0.11", version: "0.1.0", up: true, radio: true },
    { name: "radio-2", ip: "10.0.0.12", version: "0.1.0", up: true, radio: true },
  ];
  readonly commands: { t: number; device: string }[] = [];
  readonly stuck = new Set<string>();
  /** Called when a device gets its command, before it answers. */
  onCommand: (device: string) => void = () => undefined;

  constructor(readonly clock: VirtualClock) {}

  readonly http: SiteHttp = { port: 80, request: (ip, _port, path, init) => this.#answer(ip, path, init) };

  async #answer(ip: string, path: string, init: SiteRequestInit): Promise<SiteAnswer> {
    const d = this.devices.find((x) => x.ip === ip);
    if (d === undefined || !d.up) throw new Error("connection refused");
    if (init.authorization !== AUTH) return { status: 401, body: "{}" };
    const json = (v: unknown) => ({ status: 200, body: JSON.stringify(v) });
    if (path === "/api/status")
      return json({
        name: d.name,
        up: true,
        firmware: { version: d.version },
        ...(d.radio ? { radio: { state: "running.registered" } } : { master: { mode: "active" } }),
      });
    if (path === "/api/radios")
      return json({
        radios: this.devices
          .filter((r) => r.radio)
          .map((r, i) => ({
            deviceName: r.name,
            ip: r.ip,
            mac: `00:90:33:00:00:0${i}`,
            rfpis: [`rfpi${i}`],
            region: 0,
          })),
      });
    if (path === "/api/sync") return json({ regions: [] });
    if (path === "/api/update/run") {
      this.commands.push({ t: this.clock.now(), device: d.name });
      this.onCommand(d.name);
      this.clock.setTimeout(() => (d.up = false), 10);
      this.clock.setTimeout(() => {
        if (this.stuck.has(d.name)) return;
        d.up = true;
        d.version = "0.9.0";
      }, FakeSite.RESET_MS);
      return json({ result: "ran" });
    }
    return { status: 404, body: "{}" };
  }
}

function setUp() {
  const clock = new VirtualClock();
  const site = new FakeSite(clock);
  const store = new MemoryStore();
  const events: { kind: string; result?: string; reason?: string }[] = [];
  const deps = {
    store,
    clock,
    emit: (kind: string, fields: object) => events.push({ kind, ...fields }),
    http: site.http,
    self: () => ({ name: "master", ip: "10.0.0.1", pariMaster: true }),
  };
  const stored = async () => JSON.parse(new TextDecoder().decode(await store.get(KEY))) as SiteRun;
  // Virtual time in 100 ms steps, the run's promise chains (HTTP answers, flash writes) settled before each.
  const run = async (ms: number) => {
    for (const end = clock.now() + ms; clock.now() < end;) {
      await new Promise<void>((resolve) => afterChains(resolve));
      await clock.runUntil(Math.min(end, clock.now() + 100), afterChains);
    }
  };
  return { clock, site, store, events, deps, stored, run };
}

const START = {
  imageUrl: "http://10.0.9.8/firm/",
  serial: "0.9.0",
  wave: 1,
  stepTimeoutMs: 20_000,
  allowGaps: true,
  standby: "10.0.0.2",
  login: { user: "admin", password: PASSWORD },
};

describe("SiteUpgrade: the PARI Master's run in virtual time (§4.15.2)", () => {
  test("each step's outcome in the record; the record is on flash before the Master's own command", async () => {
    const t = setUp();
    const u = await SiteUpgrade.load(t.deps, "0.1.0");
    let atMasterCommand: SiteRun | undefined;
    t.site.onCommand = (d) => {
      if (d === "master") void t.stored().then((r) => (atMasterCommand = r));
    };
    const started = await u.start(START);
    assert.deepEqual(
      started.steps.map((s) => [s.kind, s.devices.join(), s.state]),
      [
        ["radios", "radio-1", "waiting"],
        ["radios", "radio-2", "waiting"],
        ["standby-master", "standby", "waiting"],
        ["master", "master", "waiting"],
      ],
    );
    await t.run(5000);
    assert.equal(u.status().steps[0]!.state, "done");
    assert.equal(u.status().current, 1);
    await t.run(60_000);
    assert.deepEqual(
      t.site.commands.map((c) => c.device),
      ["radio-1", "radio-2", "standby", "master"],
    );
    assert.equal(atMasterCommand?.current, 3);
    assert.equal(atMasterCommand?.steps[3]!.state, "running");
    // This model's Master comes back in the same boot (a node resets in its process, the run stops then); here the
    // run sees the Master on the version and ends done.
    assert.equal(u.status().state, "done");
    assert.deepEqual(await t.stored(), u.status());
    assert.ok(!JSON.stringify(t.events).includes(PASSWORD));
    // Every line of the run is an event too, the plan's first.
    assert.deepEqual(
      t.events.flatMap((e) => (e.result === "step" ? [e.reason] : [])),
      u.status().log.map((l) => l.line),
    );
    assert.deepEqual(
      t.events.map((e) => e.result),
      ["started", ...u.status().log.map(() => "step"), "done"],
    );
  });

  test("a radio that does not come back: the run fails in its step, naming it and why", async () => {
    const t = setUp();
    t.site.stuck.add("radio-2");
    const u = await SiteUpgrade.load(t.deps, "0.1.0");
    await u.start(START);
    await t.run(60_000);
    const r = u.status();
    assert.equal(r.state, "failed");
    assert.deepEqual(r.failure, {
      code: UpgradeCode.StepFailed,
      reason: "step 2 (radios) not done after 20 s: radio-2 is not up",
      step: 1,
      device: "radio-2",
    });
    assert.deepEqual(
      r.steps.map((s) => s.state),
      ["done", "failed", "waiting", "waiting"],
    );
    assert.equal(r.log.at(-1)!.line, `failed: ${r.failure!.reason}`);
    assert.deepEqual(await t.stored(), r);
    assert.deepEqual(
      t.site.commands.map((c) => c.device),
      ["radio-1", "radio-2"],
    );
    // Ended: another run may start, once radio-2 is back.
    t.site.devices.find((d) => d.name === "radio-2")!.up = true;
    await u.start(START);
    assert.equal(u.status().state, "running");
  });

  test("a stopped boot's run (a reset by hand) sends no more commands and writes nothing; the next boot ends it", async () => {
    const t = setUp();
    const u = await SiteUpgrade.load(t.deps, "0.1.0");
    await u.start(START);
    await t.run(1000);
    assert.equal(u.status().current, 0);
    await u.stop();
    const onFlash = await t.stored();
    await t.run(60_000);
    assert.deepEqual(
      t.site.commands.map((c) => c.device),
      ["radio-1"],
    );
    assert.deepEqual(await t.stored(), onFlash);
    const next = await SiteUpgrade.load(t.deps, "0.1.0");
    assert.equal(next.status().state, "failed");
    assert.equal(next.status().failure?.code, UpgradeCode.Interrupted);
  });

  test("refused starts leave the last record: a second start while one runs, a wrong password, not the PARI Master", async () => {
    const t = setUp();
    const u = await SiteUpgrade.load(t.deps, "0.1.0");
    await assert.rejects(u.start({ ...START, login: { user: "admin", password: "wrong" } }), {
      code: UpgradeCode.SiteLogin,
    });
    assert.equal(u.status().state, "idle");
    await u.start(START);
    await assert.rejects(u.start(START), { code: UpgradeCode.Running });
    const other = await SiteUpgrade.load(
      { ...t.deps, store: new MemoryStore(), self: () => ({ name: "standby", ip: "10.0.0.2", pariMaster: false }) },
      "0.1.0",
    );
    await assert.rejects(other.start(START), { code: UpgradeCode.NotPariMaster });
    await u.stop();
  });
});
