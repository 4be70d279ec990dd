import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ALARM, formatAlarmCode } from "../../src/core/alarms/index.js";
import type { DeviceConfig } from "../../src/config/DeviceConfig.js";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { exampleYaml, startFleet } from "../helpers/sim.js";

/** A Master with one user the PBX refuses (0x00030202 stays active), a Standby, and the same PBX. */
const pair = (faults: string) => `
name: alarm-truth
pbx:
  - { name: pbx1, ip: 10.0.9.1, realm: ipdect.sim, passwordPrefix: "pw-", minExpires: 10 }
devices:
  - { name: master, kind: IPVM, mac: "00:90:33:02:00:01", ip: 10.0.0.1, master: { mode: active }, gatekeeper: { protocol: sip-udp, proxy: 10.0.9.1, domain: ipdect.sim, registrationTtlS: 120 }, users: [{ longName: U1000, name: "1000", number: "1000", password: pw-1000, ipei: "0100900100000", subs: "00000000000000000000000050000000" }, { longName: U1001, name: "1001", number: "1001", password: bad, ipei: "0100900100011", subs: "00000000000000000000000050000001" }] }
  - { name: standby, kind: IPVM, mac: "00:90:33:02:00:02", ip: 10.0.0.2, master: { mode: standby, primary: 10.0.0.1 }, gatekeeper: { protocol: sip-udp, proxy: 10.0.9.1, domain: ipdect.sim, registrationTtlS: 120 } }
faults:
${faults}`;

const isAlarm = (e: DeviceEvent) => e.kind === "alarm" || e.kind === "alarm-cleared" || e.kind === "alarm-timeout";
const code = (e: DeviceEvent) => (e as { code?: string }).code;

describe("alarms that tell the truth (issue 19, 3b)", () => {
  test("at until the run simply ends: no clears, and the report lists the alarms still active", async () => {
    const fleet = await startFleet(pair("  - { at: 1h, stop: pbx1 }"));
    await fleet.runUntil(60_000);
    const report = fleet.report();
    await fleet.close();
    const master = report.devices["master"] as { alarms: { code: string }[] };
    assert.ok(master.alarms.some((a) => a.code === formatAlarmCode(ALARM.USER_REGISTRATION_FAILURE)));
    assert.deepEqual(
      fleet.events.events.filter((e) => e.t === 60_000),
      [],
      "nothing is logged at until: no alarm-cleared, no device stopped",
    );
  });

  test("stopping a Master (power cut) raises and clears nothing on it at that instant", async () => {
    await using fleet = await startFleet(pair("  - { at: 30s, stop: master }"));
    await fleet.runUntil(40_000);
    assert.deepEqual(
      fleet.events.events.filter((e) => e.device === "master" && e.t === 30_000 && isAlarm(e)),
      [],
    );
    assert.ok(fleet.events.events.some((e) => e.device === "master" && e.t < 30_000 && e.kind === "alarm"));
  });

  test("a Standby that goes back to watching clears its Registration down (0x00010002)", async () => {
    const down = formatAlarmCode(ALARM.GATEWAY_REGISTRATION_DOWN);
    await using fleet = await startFleet(
      pair("  - { at: 60s, stop: master }\n  - { at: 61s, stop: pbx1 }\n  - { at: 120s, start: master }"),
    );
    await fleet.runUntil(110_000);
    assert.ok(
      fleet
        .device("standby")
        .status()
        .alarms.some((a) => a.code === down),
      "raised while it serves",
    );
    await fleet.runUntil(125_000);
    assert.equal(fleet.device("standby").status().master?.state.startsWith("standby.watching"), true);
    assert.deepEqual(
      fleet
        .device("standby")
        .status()
        .alarms.map((a) => a.code),
      [],
    );
  });

  test("the demo fleet (npm run demo) raises no alarm for a feature it does not configure", async () => {
    // Each alarm the demo may raise, and the configuration that makes its feature present (manual §6.2).
    const configures: Record<string, (d: DeviceConfig) => boolean> = {
      [formatAlarmCode(ALARM.STANDBY_MASTER_ACTIVE)]: (d) => d.master?.mode === "standby",
      [formatAlarmCode(ALARM.LDAP_REPLICATOR_NOT_CONNECTED)]: (d) => d.ldap?.replicator !== undefined,
      [formatAlarmCode(ALARM.GATEWAY_REGISTRATION_DOWN)]: (d) => d.gatekeeper !== undefined,
      [formatAlarmCode(ALARM.USER_REGISTRATION_FAILURE)]: (d) => d.gatekeeper !== undefined,
    };
    await using fleet = await startFleet(exampleYaml("redundancy.yaml"), 1);
    await fleet.runUntil(fleet.file.until ?? 600_000);
    const raised = fleet.events.events.filter((e) => e.kind === "alarm");
    assert.ok(raised.length > 0, "the demo shows its failover alarm");
    for (const e of raised) {
      const feature = configures[code(e)!];
      assert.ok(feature !== undefined, `${code(e)} on ${e.device}: add its feature to the table`);
      const cfg = fleet.file.devices.find((d) => d.name === e.device)!;
      assert.ok(feature(cfg), `${code(e)} on ${e.device}: a feature ${e.device} does not configure`);
    }
  });
});
