import assert from "node:assert/strict";
import { test } from "node:test";
import { labPbx } from "../../sim/FleetPbx.js";
import { parseFleetFile } from "../../sim/FleetFile.js";
import { labFleetYaml } from "../../sim/generators/lab.js";
import { exampleYaml, registeredAt, startFleet } from "../helpers/sim.js";

test("examples/lab-40.yaml is what labFleetYaml generates; a live lab leaves its PBX to kamailio (external)", () => {
  const text = exampleYaml("lab-40.yaml");
  assert.equal(text, labFleetYaml());
  const file = parseFleetFile(text, "lab-40.yaml");
  assert.deepEqual(
    file.pbx.map((p) => p.ip),
    ["127.40.9.1"],
  );
  assert.deepEqual(labPbx(file), [], "no ipdect pbx: kamailio holds the PBX's address in a lab");
});

test("examples/lab-40.yaml in the sim: 40 radios and 300 handsets on the Master, then all on the Standby", async () => {
  await using fleet = await startFleet(exampleYaml("lab-40.yaml"));
  await fleet.runUntil(90_000 - 1);
  assert.equal(registeredAt(fleet, "pari").length, 40);
  const before = fleet.handsets!.summary();
  assert.deepEqual([before.subscribed, before.located, before.servingMaster], [300, 300, "pari"]);
  assert.deepEqual(
    fleet.report().sip!.outcomes.map((o) => [o.count, o.state, o.master, o.proxy]),
    [[300, "registered", "pari", "pbx1"]],
  );
  await fleet.runUntil(4 * 60_000);
  assert.equal(registeredAt(fleet, "standby").length, 40);
  const after = fleet.handsets!.summary();
  assert.deepEqual([after.subscribed, after.located, after.servingMaster], [300, 300, "standby"]);
  // Every user is registered with pbx1 from the Standby now (§4.6.23): the group's passwordPrefix is the PBX's.
  const sip = fleet.report().sip!;
  assert.deepEqual(
    sip.outcomes.map((o) => [o.count, o.state, o.master, o.proxy]),
    [[300, "registered", "standby", "pbx1"]],
  );
});
