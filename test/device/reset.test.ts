import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatNativeText, parseNativeText } from "../../src/config/nativeText.js";
import { redundancyFleetYaml } from "../../sim/generators/redundancy.js";
import { startFleet } from "../helpers/sim.js";

describe("reset semantics (manual 003 §4.24)", () => {
  test("a Master mode change is stored but takes effect only after a reset", async () => {
    await using fleet = await startFleet(redundancyFleetYaml({ radios: 2, mode: "standby" }));
    await fleet.runUntil(5_000);
    const a = fleet.device("a");
    // Master mode off: the PARI function goes too (it needs a Master, §4.6.21).
    const text = formatNativeText(a.config)
      .replace("/mode active", "/mode off")
      .replace(/^config change PARI0.*\n/m, "");
    await a.configure(parseNativeText(text, "new.txt"));
    await fleet.runFor(5_000);
    assert.equal(a.status().master?.mode, "active");
    assert.equal(a.status().pendingReset, true);
    assert.equal(a.status().master?.radios.length, 2);
    await a.reset("idle");
    await fleet.runFor(1_000);
    assert.equal(a.status().master?.mode, "off");
    assert.equal(a.status().pendingReset, false);
  });

  test("immediate reset restarts the device with the stored configuration and radios re-register", async () => {
    await using fleet = await startFleet(redundancyFleetYaml({ radios: 3, mode: "standby" }));
    await fleet.runUntil(5_000);
    await fleet.device("a").reset("immediate");
    await fleet.runFor(8_000);
    assert.equal(
      fleet
        .device("a")
        .status()
        .master?.radios.filter((r) => r.standing === "registered").length,
      3,
    );
    assert.ok(
      fleet.events.events.some(
        (e) => e.device === "a" && e.kind === "command" && e["command"] === "reset" && e["mode"] === "immediate",
      ),
    );
  });

  test("name and IP address cannot be changed by a configuration while running", async () => {
    await using fleet = await startFleet(redundancyFleetYaml({ radios: 0, mode: "standby" }));
    const a = fleet.device("a");
    const text = formatNativeText(a.config).replace("127.0.1.1", "127.0.1.9");
    await assert.rejects(a.configure(parseNativeText(text, "new.txt")), /cannot change/);
  });
});
