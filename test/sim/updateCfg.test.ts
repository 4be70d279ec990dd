/**
 * UP0 `cfg` (App. A.1.4: "The command loads the configuration file, and all commands in it are executed"): the lines
 * are applied to the configuration in force and take effect at the reset. The users a directory gained since the
 * device started stay: the start configuration's users are not stored again by a `cfg` (Device.editableConfig).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { startFleet } from "../helpers/sim.js";

const FLEET = `
name: cfg
network: { latencyMs: 2 }
updateServers:
  - name: www
    ip: 10.0.9.8
    files:
      site.cfg: |
        config change UP1 /url http://10.0.9.8/up/ /poll 45
devices:
  - name: master
    kind: IPVM
    mac: "00:90:33:05:00:01"
    ip: 10.0.5.1
    master: { mode: active, id: 1 }
    users:
      - { longName: Ann, number: "100" }
`;

test("UP0 cfg: the file's lines are in force after the reset; a user added since the start is kept", async () => {
  await using fleet = await startFleet(FLEET, 1);
  await fleet.runFor(5_000);
  const master = fleet.device("master");
  await master.directory().addUsers([{ longName: "Bob", number: "101" }]);
  let done = false;
  const ran = master
    .updateRun("mod cmd UP0 cfg http://10.0.9.8/site.cfg ireset cfg-1\n", "update-run")
    .finally(() => (done = true));
  while (!done) await fleet.runFor(100);
  await ran;
  await fleet.runFor(30_000);
  const after = fleet.device("master");
  assert.equal(after.status().update?.pollMinutes, 45, "the cfg file's UP1 /poll is in force");
  assert.deepEqual(
    after
      .directory()
      .users.map((u) => u.number)
      .sort(),
    ["100", "101"],
    "Bob, added after the start, is still there",
  );
});
