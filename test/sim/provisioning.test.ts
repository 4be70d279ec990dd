/**
 * The second provisioning dialect in a fleet (seed 002; docs/user-guide.md "The second provisioning dialect"): the
 * fleet file's `updateServers:` serve the `.ver`, the firmware and the `<MAC>-*.xml` files, the devices check them in
 * virtual time; examples/provisioning.yaml.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { exampleYaml, startFleet } from "../helpers/sim.js";

const EXAMPLE = exampleYaml("provisioning.yaml");
type ProvisioningEvent = DeviceEvent & { action: string; result: string; trigger?: string };
const provisioning = (events: readonly DeviceEvent[], device: string) =>
  events.filter((e) => e.kind === "provisioning" && e.device === device) as ProvisioningEvent[];

describe("examples/provisioning.yaml: a site provisioned from its provisioning server (seed 002)", () => {
  test("every device comes back on the firmware of the .ver; the Master takes its users live and its configuration", async () => {
    await using fleet = await startFleet(EXAMPLE, 1);
    await fleet.runUntil(4 * 60_000);
    for (const name of ["master", "radio-1", "radio-2", "radio-3"])
      assert.equal(fleet.device(name).status().firmware?.version, "0.2.0", name);
    const master = fleet.device("master");
    assert.equal(master.config.snmp?.contact, "noc@example.com", "the configuration file is in force");
    assert.deepEqual(
      master.directory().users.map((u) => u.number),
      ["1001", "1002"],
    );
    const checks = () => provisioning(fleet.events.events, "master").filter((e) => e.action === "check");
    // boot (firmware: reboot), boot (users, configuration: reset), boot (all unchanged), then every 2 minutes.
    assert.deepEqual(
      checks().map((e) => e.trigger),
      ["boot", "boot", "boot", "interval"],
    );
    const resets = fleet.events.events.filter(
      (e) => e.kind === "command" && e.device === "master" && e.command === "reset",
    );
    await fleet.runUntil(fleet.file.until!);
    assert.deepEqual(
      master.directory().users.map((u) => u.number),
      ["1001", "1002", "1003"],
      "the new users file of the serve fault at 5 min",
    );
    const after = fleet.events.events.filter(
      (e) => e.kind === "command" && e.device === "master" && e.command === "reset",
    );
    assert.equal(after.length, resets.length, "users need no reset; the same files need nothing");
  });

  test("the same seed gives the same provisioning events", async () => {
    const run = async () => {
      await using fleet = await startFleet(EXAMPLE, 7);
      await fleet.runUntil(3 * 60_000);
      return JSON.stringify(fleet.events.events.filter((e) => e.kind === "provisioning"));
    };
    assert.equal(await run(), await run());
  });

  test("provisioning-check as a fleet command checks at once (trigger operator); a device that does not provision refuses it", async () => {
    const yaml = `${EXAMPLE.replace(/\nfaults:[\s\S]*$/, "")}
  - { name: plain, kind: IPVM, mac: "00:90:33:06:02:01", ip: 10.0.6.50 }
faults:
  - { at: 30s, command: provisioning-check, device: master }
  - { at: 31s, command: provisioning-check, device: plain }
`;
    await using fleet = await startFleet(yaml, 1);
    await fleet.runUntil(40_000);
    const checks = provisioning(fleet.events.events, "master").filter((e) => e.action === "check");
    assert.deepEqual(
      checks.map((e) => [e.trigger, Math.floor(e.t / 1000)]),
      [
        ["boot", 0],
        ["boot", 0],
        ["boot", 0],
        ["operator", 30],
      ],
    );
    const refused = fleet.events.events.find((e) => e.kind === "command" && e.device === "plain") as
      Record<string, unknown> | undefined;
    assert.equal(refused?.["result"], "refused");
    assert.match(String(refused?.["reason"]), /plain does not provision/);
  });
});
