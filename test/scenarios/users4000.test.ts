import assert from "node:assert/strict";
import { test } from "node:test";
import { usersFleetYaml } from "../../sim/generators/users.js";
import { exampleYaml, startFleet } from "../helpers/sim.js";

test("examples/users-4000.yaml is what usersFleetYaml generates", () => {
  assert.equal(exampleYaml("users-4000.yaml"), usersFleetYaml());
});

test("examples/users-4000.yaml: 4000 handsets subscribe through 200 radios, 500 roam, the Master fails over, and every handset ends subscribed and located", async () => {
  await using fleet = await startFleet(exampleYaml("users-4000.yaml"));
  await fleet.runUntil(8 * 60_000 - 1);
  const before = fleet.handsets!.summary();
  assert.deepEqual([before.subscribed, before.located, before.servingMaster], [4000, 4000, "pari"]);
  // Roaming (6 min to 7 min): a handset that moves to another radio registers there (a "located" event).
  const roamed = new Set(
    fleet.events.events.flatMap((e) =>
      e.kind === "handset" && e.event === "located" && e.t >= 6 * 60_000 ? [e.ipei] : [],
    ),
  );
  assert.ok(roamed.size >= 400, `${roamed.size} of the 500 roaming handsets registered at another radio`);
  await fleet.runUntil(12 * 60_000);
  const after = fleet.handsets!.summary();
  assert.equal(after.servingMaster, "standby");
  assert.deepEqual([after.subscribed, after.located, after.missing], [4000, 4000, []]);
  assert.equal(fleet.device("standby").directory().users.length, 4000);
});
