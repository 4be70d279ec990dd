import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { formatNativeText, parseNativeText } from "../../src/config/nativeText.js";
import { makeLogger } from "../../src/core/Logger.js";
import { MemoryStore } from "../../src/core/Store.js";
import { keepRunning, startConfig } from "../../src/device/storedConfig.js";
import { exampleYaml, startFleet } from "../helpers/sim.js";

const [START] = loadDeviceConfigs(
  `{ name: m, kind: IPVM, mac: "00:90:33:30:00:01", ip: 10.0.0.1, master: { mode: active }, snmp: { enabled: true } }\n`,
  "m.yaml",
);
const withContact = (contact: string) =>
  parseNativeText(
    formatNativeText(START!).replace(
      "config change SNMP0 /enable",
      `config change SNMP0 /enable /contact "${contact}"`,
    ),
    "t",
  );
const logged: string[] = [];
const log = makeLogger((_level, msg) => logged.push(msg), "info");

describe("configuration on flash (§4.14, §4.18.1)", () => {
  test("with nothing kept, a device starts with its start configuration", async () => {
    assert.deepEqual(await startConfig(START!, new MemoryStore(), log), START);
  });

  test("what a reset put in force is what the device starts with again", async () => {
    const store = new MemoryStore();
    await keepRunning(store, START!, withContact("Ops desk"));
    assert.equal((await startConfig(START!, store, log)).snmp?.contact, "Ops desk");
  });

  test("an edited start configuration wins, and the kept one is forgotten", async () => {
    const store = new MemoryStore();
    await keepRunning(store, START!, withContact("Ops desk"));
    const edited = { ...START!, snmp: { ...START!.snmp!, location: "Building B" } };
    assert.deepEqual(await startConfig(edited, store, log), edited);
    assert.equal(await store.get("config/running.txt"), undefined);
    assert.deepEqual(await startConfig(START!, store, log), START, "gone for good");
  });

  test("a kept text that no longer parses is logged and the start configuration used", async () => {
    const store = new MemoryStore();
    await keepRunning(store, START!, withContact("Ops desk"));
    await store.put("config/running.txt", new TextEncoder().encode("config change SNMP0 /port 0\n"));
    logged.length = 0;
    assert.deepEqual(await startConfig(START!, store, log), START);
    assert.ok(
      logged.some((m) => m.includes("unreadable")),
      logged.join("; "),
    );
  });

  test("sim: a changed setting survives the device's power cut and restart", async () => {
    await using fleet = await startFleet(exampleYaml("redundancy.yaml"));
    await fleet.runUntil(5_000);
    const standby = fleet.device("standby");
    const text = formatNativeText(standby.config).replace(
      "config change MASTER0",
      "config change SNMP0 /enable /contact Lab\nconfig change MASTER0",
    );
    standby.configure(parseNativeText(text, "new.txt"));
    await standby.reset("immediate");
    await fleet.stopDevice("standby");
    await fleet.startDevice("standby");
    assert.equal(fleet.device("standby").config.snmp?.contact, "Lab");
    assert.equal(fleet.device("standby").status().pendingReset, false);
  });
});
