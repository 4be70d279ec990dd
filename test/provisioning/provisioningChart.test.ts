import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IoError } from "../../src/core/errors.js";
import { factoryFirmware } from "../../src/device/updateService.js";
import { provisioningMachine } from "../../src/provisioning/provisioning.machine.js";
import { ProvisioningClient } from "../../src/provisioning/ProvisioningClient.js";
import type { ProvisioningSettings } from "../../src/provisioning/settings.js";
import { UpdateCode } from "../../src/update/errors.js";
import { FirmwareBanks } from "../../src/update/FirmwareBanks.js";
import { urlForLog, type UpdateUrl } from "../../src/update/updateUrl.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";
import { runTo, start } from "../helpers/roleCharts.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const BASE: ProvisioningSettings = {
  method: "static",
  url: "http://10.0.0.8/prov",
  intervalMinutes: 0,
  checkSync: "disabled",
  importConfig: true,
  importUsers: false,
};

/**
 * When the second dialect's client checks (seed 002 "Automatic Check for New Firmware and Configuration"), in virtual
 * time on a fake device: every check fetches `<MAC>-config.xml` (importConfig), which the server here does not have
 * (404: nothing happens for it), so the config fetches are the checks. What a check does: provisioningClient.test.ts.
 */
async function device(settings: Partial<ProvisioningSettings>, fetchMs = 0, option66?: string) {
  const f = fakeRoleIo({ kind: "IPBS", mac: "00:13:d1:80:00:32" });
  const gets: { ms: number; path: string; url: string }[] = [];
  const fetcher = {
    get: async (url: UpdateUrl) => {
      gets.push({ ms: f.clock.now(), path: url.path, url: urlForLog(url) });
      if (fetchMs > 0) await new Promise<void>((r) => f.clock.setTimeout(() => r(), fetchMs));
      throw new IoError(UpdateCode.UpNotFound, `${urlForLog(url)}: HTTP 404 Not Found`);
    },
    put: async () => undefined,
  };
  const banks = new FirmwareBanks(f.io.store, factoryFirmware("IPBS"));
  await banks.boot();
  const resets: string[] = [];
  const client = await ProvisioningClient.start({
    io: f.io,
    fetcher,
    banks,
    settings: () => ({ ...BASE, ...settings }),
    dhcpServer: () => option66,
    applyConfig: async () => undefined,
    replaceUsers: async () => true,
    reset: (mode, reason) => void resets.push(`${mode}: ${reason}`),
  });
  const actor = start(provisioningMachine, { core: client }, f.clock);
  // The boot check starts with the chart, before any timer: its promises settle before the clock runs.
  await new Promise((r) => setImmediate(r));
  /** Minutes of the checks (each fetches the configuration file once). */
  const checks = () => gets.filter((g) => g.path === "/prov/0013d1800032-config.xml").map((g) => g.ms / MIN);
  const triggers = () =>
    f.events.filter((e) => e.kind === "provisioning" && e["action"] === "check").map((e) => e["trigger"]);
  /** An event to the chart, and its promises settled (a check it starts has fetched) before the clock runs on. */
  const send = async (type: "check" | "check-sync") => {
    actor.send({ type });
    await new Promise((r) => setImmediate(r));
  };
  return { ...f, client, actor, gets, resets, checks, triggers, send, runTo: (t: number) => runTo(f.clock, t) };
}

describe("when the provisioning client checks (seed 002 Polling)", () => {
  test("at boot, and with interval 0 and no time never again (0: periodic polling is disabled)", async () => {
    const d = await device({});
    await d.runTo(48 * HOUR);
    assert.deepEqual(d.checks(), [0]);
    assert.deepEqual(d.triggers(), ["boot"]);
    assert.equal(d.client.nextCheckAt, undefined, "no timed check planned");
  });

  test("every interval after the previous check ended (check → interval: 60)", async () => {
    const d = await device({ intervalMinutes: 60 });
    await d.runTo(5 * HOUR);
    assert.deepEqual(d.checks(), [0, 60, 120, 180, 240, 300]);
    assert.deepEqual(d.triggers().slice(0, 2), ["boot", "interval"]);
    assert.equal(d.client.nextCheckAt, 6 * HOUR);
  });

  test('every day at the time (check → time "03:30", the device clock in UTC)', async () => {
    const d = await device({ time: "03:30" });
    await d.runTo(3 * 24 * HOUR);
    assert.deepEqual(d.checks(), [0, 210, 210 + 24 * 60, 210 + 48 * 60]);
    assert.deepEqual(d.triggers().slice(0, 2), ["boot", "time"]);
  });

  test("interval and time together: whichever comes first, each counted again after every check", async () => {
    const d = await device({ intervalMinutes: 100, time: "02:30" });
    await d.runTo(6 * HOUR);
    // 0 boot, 100 interval, 150 time (02:30), 250 interval (100 after the 02:30 check), 350 interval.
    assert.deepEqual(d.checks(), [0, 100, 150, 250, 350]);
    assert.deepEqual(d.triggers(), ["boot", "interval", "time", "interval", "interval"]);
  });

  test("the operator's check: now, and the interval counts again from its end", async () => {
    const d = await device({ intervalMinutes: 60 });
    await d.runTo(30 * MIN);
    await d.send("check");
    await d.runTo(2 * HOUR);
    assert.deepEqual(d.checks(), [0, 30, 90]);
    assert.deepEqual(d.triggers(), ["boot", "operator", "interval"]);
  });
});

describe("SIP NOTIFY check-sync (seed 002 check → check_sync)", () => {
  test("update: a check now", async () => {
    const d = await device({ checkSync: "update" });
    await d.runTo(10 * MIN);
    await d.send("check-sync");
    await d.runTo(20 * MIN);
    assert.deepEqual(d.checks(), [0, 10]);
    assert.deepEqual(d.triggers(), ["boot", "check-sync"]);
    assert.deepEqual(d.resets, []);
  });

  test("reboot: the device resets (its boot then checks), no check before", async () => {
    const d = await device({ checkSync: "reboot" });
    await d.runTo(10 * MIN);
    await d.send("check-sync");
    await d.runTo(20 * MIN);
    assert.deepEqual(d.checks(), [0]);
    assert.deepEqual(d.resets, ["immediate: provisioning: NOTIFY check-sync (reboot)"]);
    assert.ok(d.actor.getSnapshot().hasTag("resetting"));
  });

  test("disabled: no reaction (the gatekeeper answers 489; the chart would ignore it too)", async () => {
    const d = await device({ checkSync: "disabled" });
    await d.runTo(10 * MIN);
    await d.send("check-sync");
    await d.runTo(20 * MIN);
    assert.deepEqual(d.checks(), [0]);
    assert.deepEqual(d.resets, []);
  });

  test("a check-sync during a check is not lost: the check runs again once the running one has ended", async () => {
    const d = await device({ checkSync: "update" }, 1000);
    // The boot check's fetch takes a second.
    await d.runTo(500);
    await d.send("check-sync");
    await d.runTo(MIN);
    assert.deepEqual(d.checks(), [0, 1000 / MIN]);
    assert.deepEqual(d.triggers(), ["boot", "check-sync"]);
  });
});

describe("the server (seed 002 server → method)", () => {
  test("dhcp without option 66: the check says there is no server, and nothing is fetched", async () => {
    const d = await device({ method: "dhcp" });
    await d.runTo(MIN);
    assert.deepEqual(d.gets, []);
    assert.equal(d.client.lastCheck?.reason, "no server from DHCP (option 66)");
  });

  test("dhcp with option 66 (a URL without a scheme: TFTP): the files come from there", async () => {
    const d = await device({ method: "dhcp" }, 0, "10.0.0.9/prov");
    await d.runTo(MIN);
    assert.deepEqual(
      d.gets.map((g) => g.url),
      ["tftp://10.0.0.9/prov/0013d1800032-config.xml"],
    );
    assert.equal(d.client.lastCheck?.server, "tftp://10.0.0.9/prov");
  });
});
