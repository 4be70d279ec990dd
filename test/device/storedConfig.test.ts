import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { formatNativeText, parseNativeText } from "../../src/config/nativeText.js";
import { makeLogger } from "../../src/core/Logger.js";
import { MemoryStore } from "../../src/core/Store.js";
import { keepConfig, startConfig } from "../../src/device/storedConfig.js";
import { exampleYaml, startFleet } from "../helpers/sim.js";

const [SEED] = loadDeviceConfigs(
  `{ name: m, kind: IPVM, mac: "00:90:33:30:00:01", ip: 10.0.0.1, master: { mode: active }, snmp: { enabled: true } }\n`,
  "m.yaml",
);
const withContact = (contact: string) =>
  parseNativeText(
    formatNativeText(SEED!).replace("config change SNMP0 /enable", `config change SNMP0 /enable /contact "${contact}"`),
    "t",
  );
const logged: string[] = [];
const log = makeLogger((_level, msg) => logged.push(msg), "info");

describe("configuration on flash (§4.14, §4.18.1, §4.24)", () => {
  test("an empty flash is seeded with the start configuration", async () => {
    const store = new MemoryStore();
    assert.deepEqual(await startConfig(SEED!, store, log), { cfg: SEED, uploaded: false });
    assert.notEqual(await store.get("config/device.json"), undefined);
  });

  test("what a reset put in force is what the device starts with again", async () => {
    const store = new MemoryStore();
    await keepConfig(store, SEED!, withContact("Ops desk"), undefined);
    const { cfg, uploaded } = await startConfig(SEED!, store, log);
    assert.equal(cfg.snmp?.contact, "Ops desk");
    assert.equal(uploaded, false);
  });

  test("a pending configuration on flash is put in force by the next start, as by a reset", async () => {
    const store = new MemoryStore();
    await keepConfig(store, SEED!, SEED!, withContact("Lab"));
    const first = await startConfig(SEED!, store, log);
    assert.deepEqual([first.cfg.snmp?.contact, first.uploaded], ["Lab", true]);
    const again = await startConfig(SEED!, store, log);
    assert.deepEqual([again.cfg.snmp?.contact, again.uploaded], ["Lab", false], "no longer pending");
  });

  test("a changed start configuration only seeds an empty flash: the flash wins, and the difference is logged", async () => {
    const store = new MemoryStore();
    await keepConfig(store, SEED!, withContact("Ops desk"), undefined);
    const edited = { ...SEED!, snmp: { ...SEED!.snmp!, location: "Building B" } };
    logged.length = 0;
    assert.equal((await startConfig(edited, store, log)).cfg.snmp?.contact, "Ops desk");
    assert.ok(
      logged.some((m) => m.includes("differs from the one that seeded flash")),
      logged.join("; "),
    );
    // --reset-config: the start configuration replaces the flash.
    assert.deepEqual((await startConfig(edited, store, log, true)).cfg, edited);
    assert.deepEqual((await startConfig(SEED!, store, log)).cfg, edited, "the new seed is on flash");
  });

  test("a flash holding another device's name or address is logged and seeded again", async () => {
    const store = new MemoryStore();
    const other = { ...withContact("Other"), name: "other", ip: "10.0.0.9" };
    await keepConfig(store, other, other, undefined);
    logged.length = 0;
    assert.deepEqual(await startConfig(SEED!, store, log), { cfg: SEED, uploaded: false });
    assert.ok(
      logged.some((m) => m.includes("another device's")),
      logged.join("; "),
    );
  });

  test("a flash file that cannot be read is logged and seeded again", async () => {
    for (const bad of ["", "{", "null", "{}", '{"seed":"x","running":"config change SNMP0 /port 0\\n"}']) {
      const store = new MemoryStore();
      await store.put("config/device.json", new TextEncoder().encode(bad));
      logged.length = 0;
      assert.deepEqual((await startConfig(SEED!, store, log)).cfg, SEED, bad);
      assert.ok(
        logged.some((m) => m.includes("unreadable")),
        bad,
      );
    }
  });

  test("sim: a changed setting survives the device's power cut, also while still pending", async () => {
    await using fleet = await startFleet(exampleYaml("redundancy.yaml"));
    await fleet.runUntil(5_000);
    const standby = fleet.device("standby");
    const base = formatNativeText(standby.config);
    const text = (contact: string) =>
      base.replace("config change MASTER0", `config change SNMP0 /enable /contact ${contact}\nconfig change MASTER0`);
    await standby.configure(parseNativeText(text("Lab"), "new.txt"));
    await standby.reset("immediate");
    await fleet.stopDevice("standby");
    await fleet.startDevice("standby");
    assert.equal(fleet.device("standby").config.snmp?.contact, "Lab");
    // Stored but not yet reset: the power cut is the reset (§4.24).
    await fleet.device("standby").configure(parseNativeText(text("Desk"), "new.txt"));
    await fleet.stopDevice("standby");
    await fleet.startDevice("standby");
    assert.equal(fleet.device("standby").config.snmp?.contact, "Desk");
    assert.equal(fleet.device("standby").status().pendingReset, false);
  });
});
