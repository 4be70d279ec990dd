/**
 * The metric families (src/device/metrics.ts) against the IPDECT-MIB view of the same device at the same moment:
 * both are read from OperatorInterface.readings(), so every counter and gauge the MIB serves has the same value in
 * `/metrics` (docs/user-guide.md "Metrics (Prometheus)" tables the pairs).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Device } from "../../src/device/Device.js";
import type { MetricFamily } from "../../src/device/metricFamily.js";
import { deviceMetrics, type DeviceReadings } from "../../src/device/metrics.js";
import type { LdapCounters } from "../../src/ldap/counters.js";
import { renderPrometheus } from "../../src/platform/node/promMetrics.js";
import type { AdReplicatorStatus } from "../../src/replication/AdReplicator.js";
import { radioNumber } from "../../src/snmp/instances.js";
import { ipdectMibView } from "../../src/snmp/ipdectMib.js";
import { IPDECT_OIDS, type IpdectName } from "../../src/snmp/ipdectOids.js";
import type { MibView } from "../../src/snmp/mibView.js";
import { parseExposition } from "../helpers/exposition.js";
import { exampleYaml, runUntilTrue, startFleet } from "../helpers/sim.js";

/** An IPDECT-MIB instance's value: a scalar's .0, or a table cell at `index`. */
function mib(view: MibView, name: IpdectName, index: readonly number[] = [0]): number | undefined {
  const value = view.get([...IPDECT_OIDS[name], ...index])?.value.value;
  return value === undefined ? undefined : Number(value);
}

/** The value of the one sample of `name` whose labels include `labels`. */
function metric(families: readonly MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const f = families.find((x) => x.name === name);
  assert.ok(f !== undefined, `no family ${name}`);
  const found = f.samples.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.equal(found.length, 1, `${name}${JSON.stringify(labels)}: ${String(found.length)} samples`);
  return found[0]!.value;
}

/** The label value of the sample that is 1 in a state family (`state` over the others' 0). */
function stateOf(families: readonly MetricFamily[], name: string, labels: Record<string, string> = {}): string {
  const on = families
    .find((x) => x.name === name)!
    .samples.filter((s) => s.value === 1 && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.equal(on.length, 1, `${name}: exactly one state is 1`);
  return on[0]!.labels["state"]!;
}

/** Both views of one device at one moment: nothing runs between the two reads (one virtual instant). */
const bothOf = (d: Device) => ({ view: d.ipdectMib(), families: deviceMetrics(d.readings()) });

const has = (families: readonly MetricFamily[], prefix: string) => families.some((f) => f.name.startsWith(prefix));

/** The MIB's LDAP server scalars and the sample each one is (ipdectLdapTxError is the sum of the `code` samples). */
const LDAP_PAIRS: readonly [IpdectName, string, Record<string, string>][] = [
  ["ipdectLdapConnections", "ipdect_ldap_connections", {}],
  ["ipdectLdapWriteConnections", "ipdect_ldap_write_connections", {}],
  ["ipdectLdapRxSearch", "ipdect_ldap_requests_total", { op: "search" }],
  ["ipdectLdapRxModify", "ipdect_ldap_requests_total", { op: "modify" }],
  ["ipdectLdapRxAdd", "ipdect_ldap_requests_total", { op: "add" }],
  ["ipdectLdapRxDel", "ipdect_ldap_requests_total", { op: "del" }],
  ["ipdectLdapRxAbandon", "ipdect_ldap_requests_total", { op: "abandon" }],
  ["ipdectLdapTxNotify", "ipdect_ldap_notifications_sent_total", {}],
  ["ipdectLdapTxError49", "ipdect_ldap_error_results_total", { code: "49" }],
  ["ipdectLdapTxError50", "ipdect_ldap_error_results_total", { code: "50" }],
  ["ipdectLdapRefused", "ipdect_ldap_connections_refused_total", {}],
  ["ipdectLdapIdleClosed", "ipdect_ldap_idle_connections_closed_total", {}],
];

/** The MIB's replicator counters and the sample each one is. */
const REPLICATOR_PAIRS: readonly [IpdectName, string, Record<string, string>][] = [
  ["ipdectReplRemoteNotify", "ipdect_ldap_replicator_notify_total", { side: "remote" }],
  ["ipdectReplRemotePaged", "ipdect_ldap_replicator_paged_total", { side: "remote" }],
  ["ipdectReplRemoteNoMatch", "ipdect_ldap_replicator_no_match_total", { side: "remote" }],
  ["ipdectReplRemoteDiscarded", "ipdect_ldap_replicator_discarded_total", { side: "remote" }],
  ["ipdectReplLocalNotify", "ipdect_ldap_replicator_notify_total", { side: "local" }],
  ["ipdectReplLocalAdd", "ipdect_ldap_replicator_changes_total", { side: "local", op: "add" }],
  ["ipdectReplLocalDel", "ipdect_ldap_replicator_changes_total", { side: "local", op: "del" }],
  ["ipdectReplLocalModify", "ipdect_ldap_replicator_changes_total", { side: "local", op: "modify" }],
  ["ipdectReplLocalPending", "ipdect_ldap_replicator_pending", { side: "local" }],
];
const REPL_STATE = ["", "stopped", "starting", "up", "down"];
const COPY_STATE = ["", "stopped", "active", "completed"];

function assertLdapAgrees(view: MibView, families: readonly MetricFamily[]): void {
  for (const [name, family, labels] of LDAP_PAIRS)
    assert.equal(metric(families, family, labels), mib(view, name), `${name} = ${family}${JSON.stringify(labels)}`);
  const errors = families.find((f) => f.name === "ipdect_ldap_error_results_total")!.samples;
  assert.equal(
    errors.reduce((sum, s) => sum + s.value, 0),
    mib(view, "ipdectLdapTxError"),
    "ipdectLdapTxError = sum of the code samples",
  );
}

function assertReplicatorAgrees(view: MibView, families: readonly MetricFamily[]): void {
  for (const [name, family, labels] of REPLICATOR_PAIRS)
    assert.equal(metric(families, family, labels), mib(view, name), `${name} = ${family}${JSON.stringify(labels)}`);
  assert.equal(stateOf(families, "ipdect_ldap_replicator_state"), REPL_STATE[mib(view, "ipdectReplState")!]);
  const type = families.find((f) => f.name === "ipdect_ldap_replicator_state")!.samples[0]!.labels["type"];
  assert.equal(type, ["", "full", "ad"][mib(view, "ipdectReplType")!]);
  for (const side of ["remote", "local"] as const)
    assert.equal(
      stateOf(families, "ipdect_ldap_replicator_copy_state", { side }),
      COPY_STATE[mib(view, side === "remote" ? "ipdectReplRemoteState" : "ipdectReplLocalState")!],
      side,
    );
}

const PAIR = `
devices:
  - { name: master, kind: IPVM, mac: "00:90:33:10:00:01", ip: 10.0.0.1, master: { mode: active, id: 1 }, ldap: { server: { user: ldap-user, password: ldap-secret, writeAccess: true } } }
  - { name: standby, kind: IPVM, mac: "00:90:33:10:00:02", ip: 10.0.0.2, master: { mode: standby, id: 1, primary: 10.0.0.1 }, ldap: { replicator: { type: full, enabled: true, user: ldap-user, password: ldap-secret } } }
`;

describe("metrics agree with the IPDECT-MIB of the same device (issue 17: /metrics carries the MIB's counters)", () => {
  test("LDAP server (§4.5.2) and full replicator (§4.5.4): every counter, the state and both sides", async () => {
    await using fleet = await startFleet(PAIR);
    await fleet.runFor(1000);
    const users = Array.from({ length: 40 }, (_, i) => ({ longName: `User ${i}`, number: String(20000 + i) }));
    await fleet.device("master").directory().addUsers(users);
    const standby = fleet.device("standby");
    assert.ok(await runUntilTrue(fleet, () => standby.directory().users.length === 40, 5000));
    await fleet.device("master").directory().removeUser("20001");
    await fleet.runFor(500);

    const master = bothOf(fleet.device("master"));
    assertLdapAgrees(master.view, master.families);
    assert.ok(!has(master.families, "ipdect_ldap_replicator_"), "the Master runs no replicator");

    const { view, families } = bothOf(standby);
    assertReplicatorAgrees(view, families);
    assert.equal(stateOf(families, "ipdect_ldap_replicator_state", { type: "full" }), "up");
    assert.ok(metric(families, "ipdect_ldap_replicator_changes_total", { op: "add" }) >= 40);
    assert.ok(metric(families, "ipdect_ldap_replicator_changes_total", { op: "del" }) >= 1);
    assert.ok(!has(families, "ipdect_ldap_requests"), "the Standby runs no LDAP server");
  });

  test("every LDAP and replicator counter lands on its own sample: distinct values, AD replication", async () => {
    await using fleet = await startFleet(PAIR);
    await fleet.runFor(1000);
    const ldap: LdapCounters = {
      connections: 1,
      writeConnections: 2,
      rxSearch: 3,
      rxModify: 4,
      rxAdd: 5,
      rxDel: 6,
      rxAbandon: 7,
      txNotify: 8,
      txError: 30,
      txError49: 10,
      txError50: 11,
      refused: 12,
      idleClosed: 13,
    };
    const replicator: AdReplicatorStatus = {
      type: "ad",
      server: "10.0.0.9:389",
      state: "down",
      remote: { state: "active", notify: 21, paged: 22, noMatch: 23, discarded: 24 },
      local: { state: "completed", notify: 25, add: 26, del: 27, modify: 28, pending: 29 },
    };
    const readings: DeviceReadings = {
      status: fleet.device("master").status(),
      ldap,
      replicator,
      performance: { cpuPct: 12.5, memoryPct: 56.25, calls: 3 },
    };
    const view = ipdectMibView(readings);
    const families = deviceMetrics(readings);
    assertLdapAgrees(view, families);
    assertReplicatorAgrees(view, families);
    assert.equal(metric(families, "ipdect_ldap_error_results_total", { code: "other" }), 9);
    // §4.23.5: the MIB's whole percent, the metric's ratio.
    assert.equal(mib(view, "ipdectPerfCpu"), 13);
    assert.equal(metric(families, "ipdect_cpu_utilization_ratio"), 0.125);
    assert.equal(mib(view, "ipdectPerfMemory"), 56);
    assert.equal(metric(families, "ipdect_memory_utilization_ratio"), 0.5625);
    assert.equal(metric(families, "ipdect_concurrent_calls"), mib(view, "ipdectPerfCalls"));
    for (const family of new Set(families.map((f) => f.name)))
      assert.equal(families.filter((f) => f.name === family).length, 1, `${family} once`);
  });

  test("air sync (§4.12.1, §4.12.3): each region, each radio's sync lost, each radio's own status", async () => {
    await using fleet = await startFleet(exampleYaml("redundancy.yaml"));
    await fleet.runUntil(45_000);
    // New enabled carriers (§4.6.7): every radio counts a sync loss and synchronises again (§4.11.5), before the
    // fleet's fault stops the Master at 60 s.
    await fleet.device("master").setSyncCarriers(undefined, [0, 1, 2, 3, 4]);
    await fleet.runUntil(55_000);
    const { view, families } = bothOf(fleet.device("master"));
    const regions = fleet.device("master").status().sync!.regions;
    assert.ok(regions.length > 0);
    for (const g of regions) {
      const region = { region: String(g.region) };
      const at = [g.region];
      assert.equal(metric(families, "ipdect_sync_region_radios", region), mib(view, "ipdectSyncRegionRadios", at));
      assert.equal(
        metric(families, "ipdect_sync_region_synchronized_radios", region),
        mib(view, "ipdectSyncRegionSynchronized", at),
      );
      for (const [family, name] of [
        ["ipdect_sync_region_sync_lost_total", "ipdectSyncRegionSyncLost"],
        ["ipdect_sync_region_calculations_total", "ipdectSyncRegionCalculations"],
        ["ipdect_sync_region_configurations_total", "ipdectSyncRegionConfigurations"],
      ] as const)
        assert.equal(metric(families, family, region), mib(view, name, at), name);
      // TruthValue: true(1), false(2).
      assert.equal(
        metric(families, "ipdect_sync_region_reference_locked", region),
        2 - mib(view, "ipdectSyncRegionRefLocked", at)!,
      );
    }
    assert.ok(metric(families, "ipdect_sync_region_sync_lost_total", { region: "0" }) > 0, "a loss was counted");
    const perRadio = families.find((f) => f.name === "ipdect_sync_radio_sync_lost_total")!.samples;
    assert.equal(perRadio.length, regions.flatMap((g) => g.nodes).length);
    for (const s of perRadio)
      assert.equal(s.value, mib(view, "ipdectSyncRadioSyncLost", [radioNumber(s.labels["rfpi"]!)!]), s.labels["radio"]);

    const STATES = ["", "unsynchronized", "searching", "listening", "synchronized", "holdover"];
    for (const name of ["radio-1", "radio-2", "radio-3"]) {
      const radio = bothOf(fleet.device(name));
      assert.equal(metric(radio.families, "ipdect_sync_lost_total"), mib(radio.view, "ipdectSyncLocalSyncLost"), name);
      assert.equal(stateOf(radio.families, "ipdect_sync_state"), STATES[mib(radio.view, "ipdectSyncLocalState")!]);
      const rssi = mib(radio.view, "ipdectSyncLocalRssi");
      if (rssi === undefined) assert.ok(!has(radio.families, "ipdect_sync_rssi_dbm"));
      else assert.equal(metric(radio.families, "ipdect_sync_rssi_dbm"), rssi);
      assert.ok(!has(radio.families, "ipdect_sync_region_"), `${name} keeps no Air Sync Overview`);
    }
  });

  test("alarms, frames and users: the MIB's counts are the metrics' sums; the sim measures no CPU", async () => {
    await using fleet = await startFleet(exampleYaml("redundancy.yaml"));
    await fleet.runUntil(90_000);
    for (const name of ["master", "standby", "radio-1"]) {
      if (!fleet.isUp(name)) continue;
      const { view, families } = bothOf(fleet.device(name));
      const system = families.find((f) => f.name === "ipdect_system_alarms_active");
      const own = families.find((f) => f.name === "ipdect_alarms_active")!;
      // Only a PARI Master lists forwarded alarms (§4.6.33); elsewhere its own are all it has.
      const count = (system ?? own).samples.reduce((sum, s) => sum + s.value, 0);
      assert.equal(count, mib(view, "ipdectAlarmActiveCount"), name);
      assert.equal(metric(families, "ipdect_frames_in_total"), mib(view, "ipdectPerfFramesIn"));
      assert.equal(metric(families, "ipdect_frames_out_total"), mib(view, "ipdectPerfFramesOut"));
      assert.equal(metric(families, "ipdect_frames_dropped_total"), mib(view, "ipdectPerfFramesDropped"));
      assert.equal(mib(view, "ipdectPerfCpu"), undefined);
      assert.ok(!has(families, "ipdect_cpu_") && !has(families, "ipdect_memory_"), `${name}: the sim measures none`);
    }
    assert.ok(
      fleet.device("standby").status().alarms.length > 0,
      "the Standby that took over has the 0x00030201 alarm to count",
    );
  });

  test("a whole fleet renders as one valid exposition, each family typed once and told apart by `device`", async () => {
    await using fleet = await startFleet(exampleYaml("redundancy.yaml"));
    await fleet.runUntil(50_000);
    const names = ["master", "standby", "radio-1", "radio-4"];
    const { text } = await renderPrometheus(
      names.map((device) => ({ labels: { device }, families: () => deviceMetrics(fleet.device(device).readings()) })),
    );
    const { samples, families } = parseExposition(text);
    assert.equal(families.get("ipdect_sync_region_sync_lost_total"), "counter");
    assert.equal(families.get("ipdect_sync_radio_sync_lost_total"), "counter");
    assert.equal(families.get("ipdect_sync_state"), "gauge");
    for (const device of names) assert.ok(samples.some((s) => s.name === "ipdect_up" && s.labels["device"] === device));
    const radios = samples.filter(
      (s) => s.name === "ipdect_sync_radio_sync_lost_total" && s.labels["device"] === "master",
    );
    assert.equal(radios.length, 4, "one sample per radio of the PARI Master's trees");
  });
});
