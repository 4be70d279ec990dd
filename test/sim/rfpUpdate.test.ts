/**
 * RFP_UPDATE0 (App. A.1.7) in the sim world, the same role code as on nodes: an IPBL polls the simulated update
 * server, its command file updates two RFPs in sequence when idle, and the air shows each RFP leave while it restarts:
 * a neighbour hears the IPBL under its other RFP's RFPI meanwhile.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Fleet } from "../../sim/Fleet.js";
import { runUntilTrue, startFleet } from "../helpers/sim.js";

const FLEET = `name: rfp
network: { latencyMs: 2, jitterMs: 3 }
updateServers:
  - name: www
    ip: 10.0.9.8
    files:
      up/update-IPBL.htm: |
        mod cmd UP1 check ser rfp-1
        mod cmd RFP_UPDATE0 firmware http://10.0.9.8/rfp/Worf123.S2
        mod cmd RFP_UPDATE0 select 0x0003
        mod cmd RFP_UPDATE0 start /idle /sequence
      rfp/Worf123.S2: "RFP firmware, version Worf123"
devices:
  - { name: pari, kind: IPBS, mac: "00:90:33:06:00:01", ip: 10.0.6.1, master: { mode: active }, pari: { systemId: 6 } }
  - { name: ipbl, kind: IPBL, mac: "00:90:33:06:00:02", ip: 10.0.6.2, radio: { pariMaster: 10.0.6.1, rfps: 2 }, position: { x: 0, y: 0 }, update: { url: "http://10.0.9.8/up/", pollMinutes: 1 } }
  - { name: near, kind: IPBS, mac: "00:90:33:06:00:03", ip: 10.0.6.3, radio: { pariMaster: 10.0.6.1 }, position: { x: 20, y: 0 } }
`;

const order = (fleet: Fleet) => fleet.device("ipbl").status().rfpUpdate?.order;
const stateOf = (fleet: Fleet, port: number) => order(fleet)?.ports.find((p) => p.port === port)?.state;
/** The first RFPI of each beacon the neighbour hears: how it names the IPBL among its sync candidates. */
const heardByNear = (fleet: Fleet) =>
  fleet
    .device("near")
    .status()
    .radio?.sync?.candidates.map((c) => c.rfpi) ?? [];

const rfpEvents = (fleet: Fleet) =>
  fleet.events.events.flatMap((e) => (e.device === "ipbl" && e.kind === "rfp-update" ? [e] : []));

describe("RFP_UPDATE0 in the sim (App. A.1.7): the command file's update, the air in virtual time", () => {
  test("the IPBL's command file updates RFP 1 then RFP 2; each leaves the air while it restarts and comes back", async () => {
    await using fleet = await startFleet(FLEET, 1);
    const rfpis = () => fleet.device("ipbl").status().radio?.pari?.rfpis ?? [];
    await runUntilTrue(fleet, () => rfpis().length === 2 && heardByNear(fleet).includes(rfpis()[0]!), 60_000);
    const [rfp1, rfp2] = rfpis() as [string, string];

    assert.ok(await runUntilTrue(fleet, () => stateOf(fleet, 1) === "restarting", 180_000), "RFP 1 restarts");
    assert.equal(stateOf(fleet, 2), "waiting", "in sequence: RFP 2 waits");
    await fleet.runFor(5000);
    assert.equal(fleet.device("ipbl").status().radio?.pari?.rfps?.[0]?.status, "down");
    assert.ok(heardByNear(fleet).includes(rfp2), "the IPBL is heard by its RFP 2 while RFP 1 restarts");
    assert.ok(!heardByNear(fleet).includes(rfp1), "RFP 1 is off the air");

    assert.ok(await runUntilTrue(fleet, () => stateOf(fleet, 2) === "done", 60_000), "RFP 2 done");
    await fleet.runFor(5000);
    assert.deepEqual(
      order(fleet)?.ports.map((p) => [p.port, p.state, p.version]),
      [
        [1, "done", "Worf123"],
        [2, "done", "Worf123"],
      ],
    );
    const rfps = fleet.device("ipbl").status().radio?.pari?.rfps ?? [];
    assert.deepEqual(
      rfps.map((r) => [r.rfpi, r.status, r.version]),
      [
        [rfp1, "up", "Worf123"],
        [rfp2, "up", "Worf123"],
      ],
    );
    assert.ok(heardByNear(fleet).includes(rfp1), "RFP 1 is back on the air with its RFPI");
    const steps = rfpEvents(fleet).map((e) => `${e.port ?? "-"} ${e.state}`);
    assert.deepEqual(steps, [
      "- firmware",
      "- started",
      "1 loading",
      "1 restarting",
      "1 done",
      "2 loading",
      "2 restarting",
      "2 done",
      "- finished",
    ]);
    // The next polls find check rfp-1 done: the RFPs are not loaded again.
    await fleet.runFor(180_000);
    assert.equal(rfpEvents(fleet).filter((e) => e.state === "started").length, 1);
  });
});
