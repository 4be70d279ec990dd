import assert from "node:assert/strict";
import { test } from "node:test";
import { exampleYaml, startFleet } from "../helpers/sim.js";

/**
 * Carried frames (src/role/CarriedFrame.ts; docs/design.md "Carried frames"): the sim passes device-link messages by
 * reference unless `--wire` asks for real bytes. The event log must be the same either way, byte for byte, for
 * fleets that exercise every part of the link protocol: first contacts and their hellos, resends, reboots of either
 * side, loss and duplicates, partitions, a radio with the wrong system password (its frames fail the tag check, or
 * the carried key check), and directory batches (whose stamp the Standby reads).
 */

const ROUGH = `
name: rough
until: 4m
network: { latencyMs: 2, jitterMs: 4, loss: 0.05, duplicate: 0.02 }
devices:
  - { name: master, kind: IPBS, mac: "00:90:33:00:01:01", ip: 127.0.1.1, master: { mode: active, id: 1 }, pari: { systemId: 1 } }
  - { name: standby, kind: IPBS, mac: "00:90:33:00:01:02", ip: 127.0.1.2, master: { mode: standby, id: 1, primary: 127.0.1.1 }, pari: {} }
  - { name: radio-1, kind: IPBS, mac: "00:90:33:00:02:01", ip: 127.0.2.1, radio: { master: 127.0.1.1, alternateMaster: 127.0.1.2 } }
  - { name: radio-2, kind: IPBS, mac: "00:90:33:00:02:02", ip: 127.0.2.2, radio: { master: 127.0.1.1, alternateMaster: 127.0.1.2 } }
  - { name: radio-3, kind: IPBL, mac: "00:90:33:00:02:03", ip: 127.0.2.3, radio: { master: 127.0.1.1, alternateMaster: 127.0.1.2 } }
  - { name: stranger, kind: IPBS, mac: "00:90:33:00:02:09", ip: 127.0.2.9, system: { name: ipdect, password: wrong }, radio: { master: 127.0.1.1, alternateMaster: 127.0.1.2 } }
faults:
  - { at: 30s, partition: [[master], [radio-1, radio-2]] }
  - { at: 45s, heal: all }
  - { at: 60s, stop: radio-3 }
  - { at: 62s, start: radio-3 }
  - { at: 90s, stop: master }
  - { at: 150s, start: master }
  - { at: 200s, command: reset, device: standby }
`;

const FLEETS: [string, string][] = [
  ["a Standby pair under 5 % loss and 2 % duplicates, partitions, crashes, a reset and a stranger", ROUGH],
  ["the demo fleet (examples/redundancy.yaml)", exampleYaml("redundancy.yaml")],
  ["a Mirror pair with hand-overs and a partition (examples/mirror.yaml)", exampleYaml("mirror.yaml")],
];

async function eventLog(yaml: string, seed: number, wire: boolean): Promise<string> {
  await using fleet = await startFleet(yaml, seed, { wire });
  await fleet.runUntil(fleet.file.until ?? 180_000);
  return fleet.events.events.map((e) => JSON.stringify(e)).join("\n");
}

for (const [name, yaml] of FLEETS)
  test(`--wire and carried frames give the same event log: ${name}`, async () => {
    for (const seed of [1, 2]) {
      const wire = await eventLog(yaml, seed, true);
      const carried = await eventLog(yaml, seed, false);
      assert.ok(wire.length > 1000, "the fleet did something");
      assert.equal(carried, wire, `seed ${seed}`);
    }
  });

test("the stranger with the wrong system password is refused on both paths, by the tag or by the carried key", async () => {
  for (const wire of [true, false]) {
    const log = await eventLog(ROUGH, 1, wire);
    assert.match(log, /"device":"master","kind":"message-dropped".*"code":"LINK_TAG"/);
  }
});
