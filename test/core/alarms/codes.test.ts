import assert from "node:assert/strict";
import { test } from "node:test";

import { ALARM, ALARM_CATALOG, alarmName, formatAlarmCode, lookupAlarm } from "../../../src/core/alarms/index.js";

const entries = Object.entries(ALARM);

test("every ALARM name is UPPER_SNAKE_CASE and points at a catalog row", () => {
  for (const [name, code] of entries) {
    assert.match(name, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
    assert.doesNotThrow(() => lookupAlarm(code), name);
  }
});

test("every catalog code has exactly one ALARM name", () => {
  assert.equal(entries.length, ALARM_CATALOG.length);
  assert.equal(new Set(Object.values(ALARM)).size, ALARM_CATALOG.length);
  for (const { code } of ALARM_CATALOG) {
    const name = alarmName(code);
    assert.ok(name !== undefined, formatAlarmCode(code));
    assert.equal(ALARM[name], code);
  }
  assert.equal(alarmName(0x00030209), undefined);
});

test("ALARM is listed in code order, like the catalog", () => {
  assert.deepEqual(
    Object.values(ALARM),
    ALARM_CATALOG.map((e) => e.code),
  );
});

test("the names other modules raise are the §6.2 codes", () => {
  assert.equal(ALARM.LDAP_REPLICATOR_NOT_CONNECTED, 0x00030001);
  assert.equal(ALARM.STANDBY_MASTER_ACTIVE, 0x00030201);
  assert.equal(ALARM.CONNECTION_TO_RADIO_LOST, 0x00030204);
  assert.equal(ALARM.MASTER_ACTIVE, 0x00030206);
  assert.equal(ALARM.MASTER_INACTIVE, 0x00030207);
  assert.equal(ALARM.LIMIT_OF_STATIC_RADIOS_REACHED, 0x00030208);
  assert.equal(ALARM.RFP_UNSYNCHRONIZED, 0x000e0005);
  assert.equal(ALARM.SYNCHRONIZATION_TO_REFERENCE_SYSTEM_LOST, 0x000e0006);
  assert.equal(ALARM.OTHER_DECT_SYSTEM_WITH_SAME_SYSID_DETECTED, 0x000e0008);
  assert.equal(ALARM.SYNC_MASTER_FAILED_TO_RESYNCHRONIZE_TO_REFERENCE, 0x000e0009);
  assert.equal(ALARM.RFPI_COLLISION, 0x00140068);
  assert.equal(ALARM.CERTIFICATE_EXPIRED_OR_WILL_EXPIRE_SOON, 0x000c1001);
  assert.equal(ALARM.READ_UPDATE_SCRIPT_FAILED, 0x00210001);
  assert.equal(ALARM.GATEWAY_REGISTRATION_DOWN, 0x00010002);
});

test("TLS names: _LOCAL is 0x000c01xx, _REMOTE is 0x000c02xx, same alert in the low byte", () => {
  const tls = entries.filter(([name]) => name.startsWith("TLS_"));
  assert.equal(tls.length, 46);
  for (const [name, code] of tls) {
    const side = name.endsWith("_LOCAL") ? 0x01 : name.endsWith("_REMOTE") ? 0x02 : -1;
    assert.equal((code >>> 8) & 0xff, side, name);
    assert.equal(code >>> 16, 0x000c, name);
    const twin = name.endsWith("_LOCAL") ? name.replace(/_LOCAL$/, "_REMOTE") : name.replace(/_REMOTE$/, "_LOCAL");
    const twinCode = (ALARM as Record<string, number>)[twin];
    assert.ok(twinCode !== undefined, twin);
    assert.equal(twinCode & 0xff, code & 0xff, name);
    assert.equal(lookupAlarm(twinCode).title, lookupAlarm(code).title, name);
  }
});

test("ALARM cannot be changed at run time", () => {
  assert.ok(Object.isFrozen(ALARM));
});
