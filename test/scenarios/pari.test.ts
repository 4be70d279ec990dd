import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import type { Fleet } from "../../sim/Fleet.js";
import { PARI_TIMING } from "../../src/pari/timing.js";
import { registeredAt, runUntilTrue, startFleet } from "../helpers/sim.js";

const PARI = "127.0.1.1";
const STANDBY = "127.0.1.2";

const pariMasters = (pari = "{ systemId: 12 }", standby = "{}") => `
  - { name: pari, kind: IPBS, mac: "00:90:33:00:01:01", ip: ${PARI}, master: { mode: active }, pari: ${pari} }
  - { name: standby, kind: IPBS, mac: "00:90:33:00:01:02", ip: ${STANDBY}, master: { mode: standby, primary: ${PARI} }, pari: ${standby} }`;

const radio = (n: number, extra = "", kind = "IPBS") =>
  `\n  - { name: r${n}, kind: ${kind}, mac: "00:90:33:00:02:${n.toString(16).padStart(2, "0")}", ip: 127.0.2.${n}, radio: { pariMaster: ${PARI}, altPariMaster: ${STANDBY}${extra} } }`;

const fleetYaml = (devices: string, faults = "") => `name: pari\ndevices:${devices}\n${faults}`;

const overview = (fleet: Fleet, name = "pari") => fleet.device(name).status().pari!;
const rfpisOf = (fleet: Fleet, radio: string) => fleet.device(radio).status().radio?.pari?.rfpis ?? [];
const assignedAll = (fleet: Fleet, radios: string[]) => radios.every((r) => rfpisOf(fleet, r).length > 0);
const stateEvents = (fleet: Fleet, device: string, state: string) =>
  fleet.events.events.filter((e) => e.device === device && e.kind === "state" && e["state"] === state);

describe("PARI Master and radios (manual 003 §4.6.21, §4.6.34, §3.11, §4.11.1)", () => {
  test("a radio keeps its RFPI across radio restarts, PARI Master restarts and failover to the Standby PARI Master", async () => {
    await using fleet = await startFleet(fleetYaml(pariMasters() + radio(1) + radio(2) + radio(3)));
    await runUntilTrue(fleet, () => assignedAll(fleet, ["r1", "r2", "r3"]), 20_000);
    const first = Object.fromEntries(["r1", "r2", "r3"].map((r) => [r, rfpisOf(fleet, r).join()]));
    assert.equal(new Set(Object.values(first)).size, 3, "three distinct RFPIs");
    assert.equal(overview(fleet).pari, "B-0A5E-0B-0", "System ID 12 → FPN 0x0B");

    await fleet.stopDevice("r2");
    await fleet.runFor(10_000);
    await fleet.startDevice("r2");
    await runUntilTrue(fleet, () => rfpisOf(fleet, "r2").length > 0, 20_000);
    assert.equal(rfpisOf(fleet, "r2").join(), first["r2"], "same RFPI after the radio restarts");

    await fleet.stopDevice("pari");
    const t = await runUntilTrue(
      fleet,
      () => overview(fleet, "standby").active && overview(fleet, "standby").radios.length === 3,
      30_000,
    );
    assert.ok(t !== undefined, "the Standby PARI Master takes over with every radio");
    for (const r of ["r1", "r2", "r3"])
      assert.equal(rfpisOf(fleet, r).join(), first[r], `${r} same RFPI on the Standby`);
    assert.equal(overview(fleet, "standby").systemId, 12, "the Standby uses the PARI Master's System ID");

    await fleet.startDevice("pari");
    await runUntilTrue(fleet, () => overview(fleet).active && overview(fleet).radios.length === 3, 30_000);
    for (const r of ["r1", "r2", "r3"]) assert.equal(rfpisOf(fleet, r).join(), first[r], `${r} same RFPI after return`);
    assert.deepEqual(registeredAt(fleet, "pari").sort(), ["r1", "r2", "r3"]);
  });

  test("a radio first assigned by the Standby PARI Master keeps that RFPI when the PARI Master returns", async () => {
    await using fleet = await startFleet(
      fleetYaml(
        pariMasters() + radio(1) + radio(2),
        "faults:\n  - { at: 20s, stop: pari }\n  - { at: 60s, start: pari }",
      ),
    );
    await fleet.stopDevice("r2");
    await fleet.runUntil(40_000);
    await fleet.startDevice("r2");
    await runUntilTrue(fleet, () => rfpisOf(fleet, "r2").length > 0, 30_000);
    const byStandby = rfpisOf(fleet, "r2").join();
    await fleet.runUntil(90_000);
    assert.ok(overview(fleet).active);
    assert.equal(rfpisOf(fleet, "r2").join(), byStandby);
    assert.equal(
      overview(fleet)
        .radios.find((r) => r.deviceName === "r2")
        ?.rfpis.join(),
      byStandby,
    );
    assert.deepEqual(overview(fleet).collisions, []);
  });

  test("System ID unset: chosen at random once, then kept across restarts; the PARI follows it", async () => {
    await using fleet = await startFleet(fleetYaml(pariMasters("{}") + radio(1)), 7);
    await fleet.runFor(5_000);
    const id = overview(fleet).systemId;
    assert.ok(id >= 1 && id <= 296);
    await fleet.stopDevice("pari");
    await fleet.startDevice("pari");
    await fleet.runFor(5_000);
    assert.equal(overview(fleet).systemId, id);
  });

  test("capacity (§4.6.34): System ID 37 takes 127 IPBS; the 128th is refused with the reason and a warning", async () => {
    const radios = Array.from({ length: 128 }, (_, i) => {
      const n = i + 1;
      return `\n  - { name: r${n}, kind: IPBS, mac: "00:90:33:00:03:${n.toString(16).padStart(2, "0")}", ip: 127.0.3.${n}, radio: { pariMaster: ${PARI} } }`;
    }).join("");
    await using fleet = await startFleet(fleetYaml(pariMasters("{ systemId: 37 }") + radios));
    await fleet.runFor(20_000);
    const o = overview(fleet);
    assert.deepEqual(o.capacity, { IPBS: 127, IPBL: 127 });
    assert.equal(o.radios.length, 127);
    const refused = fleet.names.filter((n) => fleet.device(n).status().radio?.pari?.state === "refused");
    assert.equal(refused.length, 1);
    const reason = fleet.device(refused[0]!).status().radio!.pari!.reason;
    assert.match(reason, /capacity reached: this PARI Master holds 127 IPBS already \(§4\.6\.34\)/);
    const warnings = fleet.events.events.filter((e) => e.kind === "warning" && e["code"] === "PARI_CAPACITY");
    assert.equal(warnings.length, 1);
  });

  test("plug and play (§3.11): an unconfigured radio is an uninitialized registration on every PARI Master; Add makes it restart and connect to that PARI Master only", async () => {
    const yaml = fleetYaml(
      pariMasters() + `\n  - { name: fresh, kind: IPBS, mac: "00:90:33:00:04:01", ip: 127.0.4.1, radio: {} }`,
      `faults:\n  - { at: 10s, command: radio-add, device: pari, radio: fresh, name: Reception, standby: ${STANDBY}, region: 7 }`,
    );
    await using fleet = await startFleet(yaml);
    await fleet.runUntil(9_000);
    for (const pm of ["pari", "standby"])
      assert.deepEqual(
        overview(fleet, pm).uninitialized.map((u) => [u.name, u.ip]),
        [["ipbs-00-04-01", "127.0.4.1"]],
        `uninitialized on ${pm}`,
      );
    assert.equal(fleet.device("fresh").status().radio?.state, "unconfigured");
    await runUntilTrue(fleet, () => rfpisOf(fleet, "fresh").length > 0, 30_000);
    assert.ok(stateEvents(fleet, "fresh", "provisioned").length === 1);
    assert.ok(
      fleet.events.events.some((e) => e.device === "fresh" && e.kind === "command" && e["command"] === "reset"),
    );
    const row = overview(fleet).radios.find((r) => r.mac === "00:90:33:00:04:01");
    assert.equal(row?.deviceName, "Reception");
    assert.equal(row?.region, 7);
    assert.deepEqual(overview(fleet).uninitialized, []);
    const status = fleet.device("fresh").status().radio!;
    assert.equal(status.pari?.pariMaster, PARI);
    assert.equal(status.master, PARI);
    await runUntilTrue(fleet, () => registeredAt(fleet, "pari").includes("fresh"), 10_000);
  });

  test("static registrations (§4.11.1): a radio no longer connected stays; Delete releases its RFPI for reuse", async () => {
    await using fleet = await startFleet(fleetYaml(pariMasters() + radio(1) + radio(2)));
    await runUntilTrue(fleet, () => assignedAll(fleet, ["r1", "r2"]), 20_000);
    const r1 = rfpisOf(fleet, "r1").join();
    await fleet.stopDevice("r1");
    await fleet.runFor(PARI_TIMING.lostMs + 1_000);
    assert.deepEqual(
      overview(fleet).static.map((s) => [s.deviceName, s.rfpis.join()]),
      [["r1", r1]],
    );
    await assert.rejects(fleet.device("pari").deleteRadio("00:90:33:00:02:02"), /PARI_RADIO_CONNECTED|connected/);
    await fleet.device("pari").deleteRadio("00:90:33:00:02:01");
    assert.deepEqual(overview(fleet).static, []);
    // A new radio gets the lowest free number: the one just released.
    await fleet.startDevice("r1");
    await runUntilTrue(fleet, () => rfpisOf(fleet, "r1").length > 0, 20_000);
    assert.equal(rfpisOf(fleet, "r1").join(), r1, "the released RFPI is reused");
  });

  test("Move (§4.11.1): the broken radio's RFPI goes to its replacement; the replacement's own is released", async () => {
    await using fleet = await startFleet(fleetYaml(pariMasters() + radio(1) + radio(2)));
    await runUntilTrue(fleet, () => assignedAll(fleet, ["r1", "r2"]), 20_000);
    const broken = rfpisOf(fleet, "r1").join();
    await fleet.stopDevice("r1");
    await fleet.runFor(PARI_TIMING.lostMs + 1_000);
    await fleet.device("pari").moveRfpi("00:90:33:00:02:01", "00:90:33:00:02:02");
    await fleet.runFor(1_000);
    assert.equal(rfpisOf(fleet, "r2").join(), broken);
    assert.equal(stateEvents(fleet, "r2", "reinitialised").length, 1);
    assert.deepEqual(overview(fleet).static, [], "the broken radio is deleted");
    assert.deepEqual(
      overview(fleet).radios.map((r) => [r.deviceName, r.rfpis.join()]),
      [["r2", broken]],
    );
  });

  test("RFPI collision (0x00140068): two radios with one RFPI after a split, raised when the PARI Master restarts", async () => {
    // r1 knows only the PARI Master, r2 only the Standby PARI Master; during a partition both are active and each
    // hands out radio number 1.
    const devices =
      pariMasters("{ systemId: 12 }", "{ systemId: 12 }") +
      `\n  - { name: r1, kind: IPBS, mac: "00:90:33:00:02:01", ip: 127.0.2.1, radio: { pariMaster: ${PARI} } }` +
      `\n  - { name: r2, kind: IPBS, mac: "00:90:33:00:02:02", ip: 127.0.2.2, radio: { pariMaster: ${STANDBY} } }`;
    await using fleet = await startFleet(
      fleetYaml(devices, "faults:\n  - { at: 0s, partition: [[pari, r1], [standby, r2]] }\n  - { at: 30s, heal: all }"),
    );
    await fleet.runUntil(29_000);
    assert.equal(rfpisOf(fleet, "r1").join(), rfpisOf(fleet, "r2").join(), "the same RFPI on both sides");
    await fleet.runUntil(60_000);
    await fleet.stopDevice("pari");
    await fleet.startDevice("pari");
    await fleet.runFor(1_000);
    const rfpi = rfpisOf(fleet, "r1")[0]!;
    const alarms = fleet
      .device("pari")
      .status()
      .alarms.filter((a) => a.code === formatAlarmCode(ALARM.RFPI_COLLISION));
    assert.deepEqual(
      alarms.map((a) => a.source),
      [rfpi],
    );
    assert.deepEqual(overview(fleet).collisions, [{ rfpi, macs: ["00:90:33:00:02:01", "00:90:33:00:02:02"] }]);
  });

  test("SARI (§4.6.35): radios broadcast the primary and guest SARIs; a change reinitialises every radio", async () => {
    await using fleet = await startFleet(
      fleetYaml(
        pariMasters("{ systemId: 12, sari: [B-0A5E-0B-1] }") + radio(1) + radio(2),
        "faults:\n  - { at: 20s, command: sari, device: pari, sari: [B-0A5E-0B-1, B-0A5E-0B-2, B-0A5E-0B-3] }",
      ),
    );
    await fleet.runUntil(15_000);
    assert.deepEqual(fleet.device("r1").status().radio?.pari?.saris, ["B-0A5E-0B-1"]);
    await fleet.runUntil(25_000);
    for (const r of ["r1", "r2"]) {
      const p = fleet.device(r).status().radio!.pari!;
      assert.deepEqual(p.saris, ["B-0A5E-0B-1", "B-0A5E-0B-2", "B-0A5E-0B-3"]);
      assert.equal(p.sariCycleMs, 1625, "3 SARIs: between 1 s for 2 and 6 s for 10");
      assert.equal(stateEvents(fleet, r, "reinitialised").length, 1);
    }
    await fleet.runUntil(60_000);
    assert.deepEqual(overview(fleet, "standby").saris, ["B-0A5E-0B-1", "B-0A5E-0B-2", "B-0A5E-0B-3"]);
    // §4.6.35 "Up to 10 SARIs can be added in the PARI Master": 10 in all is the most, 11 is refused.
    const saris = (n: number) => Array.from({ length: n }, (_, i) => `B-0A5E-0B-${i.toString(16)}`);
    await assert.rejects(fleet.device("pari").setSaris(saris(11)), { code: "PARI_SARI_COUNT" });
    await fleet.device("pari").setSaris(saris(10));
    await fleet.runFor(5_000);
    assert.equal(fleet.device("r1").status().radio!.pari!.sariCycleMs, 6000, '"approx. 6 s to broadcast 10 SARIs"');
  });

  test("system name/password (§4.6.1): a radio that does not match gets no RFPI and no Master; its frames are dropped as LINK_TAG", async () => {
    await using fleet = await startFleet(
      fleetYaml(
        pariMasters() +
          `\n  - { name: bad, kind: IPBS, mac: "00:90:33:00:02:09", ip: 127.0.2.9, system: { name: ipdect, password: wrong }, radio: { pariMaster: ${PARI} } }`,
      ),
    );
    await fleet.runFor(10_000);
    const radio = fleet.device("bad").status().radio!;
    assert.deepEqual(radio.pari?.rfpis, []);
    assert.equal(radio.standing, "none");
    assert.deepEqual(registeredAt(fleet, "pari"), []);
    const drops = fleet.events.events.flatMap((e) =>
      e.kind === "message-dropped" && e.from.startsWith("127.0.2.9:") ? [`${e.device} ${e.code}`] : [],
    );
    assert.ok(drops.length > 0);
    assert.deepEqual([...new Set(drops)], ["pari LINK_TAG"]);
  });

  test("a disabled radio (§4.6.31) asks for no RFPI and registers nowhere", async () => {
    await using fleet = await startFleet(fleetYaml(pariMasters() + radio(1, ", enabled: false")));
    await fleet.runFor(10_000);
    assert.equal(fleet.device("r1").status().radio?.state, "disabled");
    assert.equal(fleet.device("r1").status().radio?.pari?.state, "disabled");
    assert.deepEqual(overview(fleet).radios, []);
  });

  test("Radio Config (§4.6.33): the PARI Master's settings win over the radio's own", async () => {
    const devices =
      pariMasters().replace(
        "pari: { systemId: 12 } }",
        "pari: { systemId: 12 }, radioConfig: { ntp: 10.0.0.9, updateUrl: http://10.0.0.8/up } }",
      ) +
      `\n  - { name: r1, kind: IPBS, mac: "00:90:33:00:02:01", ip: 127.0.2.1, ntp: 192.0.2.1, alarmForward: http://192.0.2.2/, radio: { pariMaster: ${PARI} } }`;
    await using fleet = await startFleet(fleetYaml(devices));
    await fleet.runFor(10_000);
    assert.deepEqual(fleet.device("r1").status().radio?.pari?.effective, {
      ntp: "10.0.0.9",
      updateUrl: "http://10.0.0.8/up",
      alarmForward: "http://192.0.2.2/",
    });
  });

  test("IPBL (§4.11.2): one RFPI per RFP port, per-RFP status, cable delay and Tx/Rx error counters", async () => {
    await using fleet = await startFleet(
      fleetYaml(pariMasters() + radio(1, ", rfps: 16, cableM: 40, rfpErrorRate: 0.05", "IPBL")),
    );
    await fleet.runFor(120_000);
    const p = fleet.device("r1").status().radio!.pari!;
    assert.equal(p.rfpis.length, 16);
    assert.equal(new Set(p.rfpis).size, 16);
    assert.equal(p.rfps?.length, 16);
    for (const rfp of p.rfps!) {
      assert.equal(rfp.status, "up");
      assert.equal(rfp.cableDelayNs, 200);
      assert.ok(rfp.frames > 50);
    }
    const errors = p.rfps!.reduce((n, r) => n + r.txErrors + r.rxErrors, 0);
    const frames = p.rfps!.reduce((n, r) => n + r.frames, 0);
    assert.ok(errors > 0.05 * frames && errors < 0.15 * frames, `about 2 × 5 % errors: ${errors} of ${frames}`);
    assert.deepEqual(overview(fleet).radios[0]?.rfpis, p.rfpis);
  });

  test("another system with the same System ID nearby raises 0x000e0008 on the radios that hear it; other IDs do not", async () => {
    const domain = (base: number, sysId: number, x: number) => {
      const ip = (n: number) => `127.0.${base}.${n}`;
      const mac = (n: number) =>
        `"00:90:33:${base.toString(16).padStart(2, "0")}:00:${n.toString(16).padStart(2, "0")}"`;
      return `
  - { name: pari-${base}, kind: IPBS, mac: ${mac(1)}, ip: ${ip(1)}, master: { mode: active }, pari: { systemId: ${sysId} } }
  - { name: near-${base}, kind: IPBS, mac: ${mac(2)}, ip: ${ip(2)}, radio: { pariMaster: ${ip(1)} }, position: { x: ${x}, y: 0 } }
  - { name: far-${base}, kind: IPBS, mac: ${mac(3)}, ip: ${ip(3)}, radio: { pariMaster: ${ip(1)} }, position: { x: ${x + (base === 10 ? -500 : 500)}, y: 0 } }`;
    };
    const alarmed = (fleet: Fleet) =>
      fleet.names.filter((n) =>
        fleet
          .device(n)
          .status()
          .alarms.some((a) => a.code === formatAlarmCode(ALARM.OTHER_DECT_SYSTEM_WITH_SAME_SYSID_DETECTED)),
      );
    await using same = await startFleet(fleetYaml(domain(10, 5, 0) + domain(11, 5, 30)));
    await same.runFor(20_000);
    assert.deepEqual(alarmed(same).sort(), ["near-10", "near-11"]);
    await using other = await startFleet(fleetYaml(domain(10, 5, 0) + domain(11, 6, 30)));
    await other.runFor(20_000);
    assert.deepEqual(alarmed(other), []);
  });

  test("device overview (§4.11.1): name, RFPI, IP, region, device name, version and connected time per radio", async () => {
    await using fleet = await startFleet(fleetYaml(pariMasters() + radio(1, ", region: 3")));
    await fleet.runFor(30_000);
    const [row] = overview(fleet).radios;
    assert.equal(row?.name, "ipbs-00-02-01");
    assert.equal(row?.deviceName, "r1");
    assert.equal(row?.ip, "127.0.2.1");
    assert.equal(row?.region, 3);
    assert.match(row?.version ?? "", /^ipdect \d+\.\d+\.\d+$/);
    assert.match(row?.rfpis[0] ?? "", /^[0-9A-F]{10}$/);
    assert.ok(row!.connectedMs > 25_000 && row!.connectedMs <= 30_000);
  });
});
