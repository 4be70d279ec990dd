import assert from "node:assert/strict";
import { test } from "node:test";
import { alarmNotification } from "../../src/snmp/alarmNotifications.js";
import { IPDECT_OIDS } from "../../src/snmp/ipdectOids.js";
import { exampleYaml, startFleet } from "../helpers/sim.js";

test("an alarm raise is ipdectAlarmRaised with code, severity, remote, source and text in the MIB's order", () => {
  const alarm = { code: "0x00030201", severity: "major", text: "Standby master active", source: "pari" };
  const n = alarmNotification("alarm", alarm, "10.0.0.2");
  assert.deepEqual(n.trapOid, IPDECT_OIDS.ipdectAlarmRaised);
  const names = ["Code", "Severity", "Remote", "Source", "Text"] as const;
  assert.deepEqual(
    n.varbinds.map((v) => v.oid),
    names.map((x) => [...IPDECT_OIDS[`ipdectAlarm${x}`], 0]),
  );
  assert.deepEqual(
    n.varbinds.map((v) => v.value),
    [
      { type: "Unsigned32", value: 0x00030201 },
      { type: "Integer", value: 4 },
      { type: "IpAddress", value: "10.0.0.2" },
      { type: "OctetString", value: "pari" },
      { type: "OctetString", value: "Standby master active" },
    ],
  );
});

test("a clear and a timeout are ipdectAlarmCleared; a forwarded alarm carries its radio's address", () => {
  const forwarded = { code: "0x00020101", severity: "critical", text: "t", remote: "10.0.1.7" };
  for (const kind of ["alarm-cleared", "alarm-timeout"] as const) {
    const n = alarmNotification(kind, forwarded, "10.0.0.1");
    assert.deepEqual(n.trapOid, IPDECT_OIDS.ipdectAlarmCleared);
    assert.deepEqual(n.varbinds[2]!.value, { type: "IpAddress", value: "10.0.1.7" });
    assert.deepEqual(n.varbinds[3]!.value, { type: "OctetString", value: "" });
  }
});

test("sim: a Standby with trap destinations logs coldStart and the 0x00030201 raise and clear it would send", async () => {
  const yaml = exampleYaml("redundancy.yaml").replace(
    "pari: {} }",
    'pari: {}, snmp: { enabled: true, trapDestinations: [{ address: "127.0.9.9:162", version: v2c }] } }',
  );
  await using fleet = await startFleet(yaml);
  await fleet.runUntil(180_000);
  const sent = fleet.events.events.filter((e) => e.kind === "notification");
  assert.ok(sent.every((e) => e.device === "standby"));
  assert.deepEqual([sent[0]!.notification, sent[0]!.destinations], ["coldStart", ["127.0.9.9:162"]]);
  const standbyActive = sent.filter((e) => e.code === "0x00030201");
  assert.deepEqual(
    standbyActive.map((e) => [e.notification, e.destinations]),
    [
      ["ipdectAlarmRaised", ["127.0.9.9:162"]],
      ["ipdectAlarmCleared", ["127.0.9.9:162"]],
    ],
  );
  // Every other alarm the Standby raised (e.g. 0x00030001 while the Master is gone) is cleared again too.
  const raises = sent.filter((e) => e.notification === "ipdectAlarmRaised").map((e) => e.code);
  const clears = sent.filter((e) => e.notification === "ipdectAlarmCleared").map((e) => e.code);
  assert.deepEqual(clears.sort(), raises.sort());
  const [raised, cleared] = standbyActive;
  assert.ok(raised!.t >= 60_000 && raised!.t < 120_000 && cleared!.t >= 120_000, `${raised!.t} ${cleared!.t}`);
});
