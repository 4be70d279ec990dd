import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { checkLabFaults } from "../../lab/faults.js";
import { labPlan, IPDECT_BIN } from "../../lab/plan.js";
import { LabCode } from "../../lab/errors.js";
import { ROOT } from "../helpers/cli.js";

/** What `ipdect lab up` would start for a fleet file, without starting it. */
const redundancy = parseFleetFile(
  readFileSync(join(ROOT, "examples/redundancy.yaml"), "utf8"),
  "examples/redundancy.yaml",
);
const OPTS = { stateDir: "/tmp/lab-plan", group: 1, httpBase: 8080, air: "127.0.0.1:17300" };

describe("labPlan: the processes of a lab", () => {
  test("one process per device, the air service first; radios reach it, the Masters do not need it", () => {
    const plan = labPlan(redundancy, "examples/redundancy.yaml", OPTS);
    assert.deepEqual(
      plan.processes.map((p) => p.name),
      ["air", "master", "standby", "radio-1", "radio-2", "radio-3", "radio-4"],
    );
    const master = plan.processes.find((p) => p.name === "master")!;
    assert.deepEqual(master.argv.slice(0, 6), [
      IPDECT_BIN,
      "node",
      "--fleet",
      join(ROOT, "examples/redundancy.yaml"),
      "--only",
      "master",
    ]);
    assert.ok(!master.argv.includes("--air"));
    const radio = plan.processes.find((p) => p.name === "radio-1")!;
    assert.ok(radio.argv.includes("--air"));
    // A radio alone in its process runs with a small V8 heap; a Master with V8's defaults.
    assert.deepEqual(radio.argv.slice(0, 3), ["--max-semi-space-size=1", "--optimize-for-size", IPDECT_BIN]);
    assert.equal(plan.table, "ipdect_redundancy");
    assert.deepEqual(
      plan.devices.map((d) => [d.name, d.role, d.master ?? ""]),
      [
        ["master", "master", ""],
        ["standby", "standby", "127.0.1.1"],
        ["radio-1", "radio", "127.0.1.1"],
        ["radio-2", "radio", "127.0.1.1"],
        ["radio-3", "radio", "127.0.1.1"],
        ["radio-4", "radio", "127.0.1.1"],
      ],
    );
  });

  test("--group 3: Masters alone, so a stop can kill one; the radios three to a process in file order", () => {
    const plan = labPlan(redundancy, "examples/redundancy.yaml", { ...OPTS, group: 3 });
    assert.deepEqual(
      plan.processes.map((p) => [p.name, p.devices.join(",")]),
      [
        ["air", ""],
        ["master", "master"],
        ["standby", "standby"],
        ["group-3", "radio-1,radio-2,radio-3"],
        ["radio-4", "radio-4"],
      ],
    );
  });

  test("one ipdect pbx per pbx: entry not under external:, one ipdect dns per DNS server the devices name; no air without positions", () => {
    const file = parseFleetFile(
      [
        "name: p",
        "pbx: [ { name: pbx1, ip: 127.0.9.1 }, { name: kam, ip: 127.0.9.5 } ]",
        "external: [127.0.9.5]",
        "dns: { a: { pbx.lab: [127.0.9.1] } }",
        "devices:",
        '  - { name: m, kind: IPVM, mac: "00:90:33:00:00:01", ip: 127.0.9.2, dns: "127.0.9.53:10053", master: { mode: active, id: 1 } }',
      ].join("\n"),
      "p.yaml",
    );
    const plan = labPlan(file, "p.yaml", OPTS);
    assert.deepEqual(
      plan.processes.map((p) => [p.name, p.kind]),
      [
        ["dns-127_0_9_53_10053", "dns"],
        ["pbx1", "pbx"],
        ["m", "devices"],
      ],
    );
    assert.deepEqual(plan.processes[0]!.argv.slice(1), [
      "dns",
      "--fleet",
      join(process.cwd(), "p.yaml"),
      "--listen",
      "127.0.9.53:10053",
    ]);
    assert.deepEqual(plan.processes[1]!.argv.slice(1), [
      "pbx",
      "--fleet",
      join(process.cwd(), "p.yaml"),
      "--name",
      "pbx1",
    ]);
  });

  test("stop and start faults of a device that shares its process are refused before anything runs", () => {
    const grouped = labPlan(redundancy, "examples/redundancy.yaml", { ...OPTS, group: 2 });
    // The file stops its Master, which runs alone even when grouped; stopping a radio of a group is refused.
    checkLabFaults(grouped, redundancy.faults);
    const radioStop = [{ at: 1000, action: "stop", device: "radio-1" }] as const;
    assert.throws(() => checkLabFaults(grouped, radioStop), { code: LabCode.Grouped });
    checkLabFaults(labPlan(redundancy, "examples/redundancy.yaml", OPTS), radioStop);
  });
});
