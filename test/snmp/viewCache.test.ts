/**
 * The agent's view cache (docs/design.md "SNMP agent"): one built view answers the requests of SNMP_VIEW_MAX_AGE_MS,
 * an alarm raised or cleared ends it, and the system and snmp groups stay current in every answer. Time is a
 * fake clock at our Clock interface.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadDeviceConfigs } from "../../src/config/loadDeviceConfigs.js";
import { silentLogger } from "../../src/core/Logger.js";
import { MemoryStore } from "../../src/core/Store.js";
import { startSnmp } from "../../src/device/snmpService.js";
import type { Emit } from "../../src/role/EventLog.js";
import type { MibView } from "../../src/snmp/mibView.js";
import { SNMP_VIEW_MAX_AGE_MS, ViewCache } from "../../src/snmp/ViewCache.js";
import { parseOid, sortedView } from "../../src/snmp/views.js";

/** A view whose one varbind says which build it came from. */
function counted(): { builds: number; build: () => MibView } {
  const c = {
    builds: 0,
    build: () => sortedView([{ oid: [1, 3, 6, 1, 4, 1, 99999, 9, 0], value: { type: "Integer", value: ++c.builds } }]),
  };
  return c;
}

test(`one view answers every request for ${SNMP_VIEW_MAX_AGE_MS} ms, then a new one is built`, () => {
  let t = 5000;
  const c = counted();
  const cache = new ViewCache(c.build, { now: () => t });
  assert.equal(c.builds, 0, "nothing is built before a request");
  const first = cache.view();
  t += SNMP_VIEW_MAX_AGE_MS - 1;
  assert.equal(cache.view(), first);
  assert.equal(c.builds, 1);
  t += 1;
  assert.notEqual(cache.view(), first);
  assert.equal(c.builds, 2);
});

test("a change of state ends the view at once: the next request sees it, however young the view", () => {
  let t = 0;
  const c = counted();
  const cache = new ViewCache(c.build, { now: () => t });
  cache.view();
  t += 1;
  cache.invalidate();
  assert.equal(cache.view().get([1, 3, 6, 1, 4, 1, 99999, 9, 0])?.value.value, 2);
  assert.equal(cache.view().get([1, 3, 6, 1, 4, 1, 99999, 9, 0])?.value.value, 2, "and is kept again");
});

test("a clock set back cannot tell the view's age: a new one is built", () => {
  let t = 10_000;
  const c = counted();
  const cache = new ViewCache(c.build, { now: () => t });
  cache.view();
  t -= 1;
  cache.view();
  assert.equal(c.builds, 2);
});

test("the agent's view: the IPDECT-MIB part is reused within the age and ended by an alarm, which is also notified; sysUpTime and snmpInPkts are read per request", async () => {
  const [cfg] = loadDeviceConfigs(
    '{ name: pm, kind: IPBS, mac: "00:90:33:0a:00:01", ip: 127.0.0.1, ' +
      'snmp: { enabled: true, trapDestinations: [{ address: "127.0.9.9:162", version: v2c }] } }\n',
    "cache.yaml",
  );
  let t = 1_000_000;
  const clock = { now: () => t, setTimeout: () => 0, clearTimeout: () => undefined };
  const c = counted();
  const sent: string[] = [];
  const emit = ((kind: string, fields: { notification?: string }) => {
    if (kind === "notification") sent.push(fields.notification!);
  }) as Emit;
  const snmp = (await startSnmp(cfg!, { clock, store: new MemoryStore() }, silentLogger, emit, [c.build]))!;
  const upTime = parseOid("1.3.6.1.2.1.1.3.0");
  const inPkts = parseOid("1.3.6.1.2.1.11.1.0");
  const mine = parseOid("1.3.6.1.4.1.99999.9.0");
  t += 500;
  snmp.counters.inPkts = 7;
  const a = snmp.view();
  assert.deepEqual(a.get(upTime)?.value, { type: "TimeTicks", value: 50 });
  assert.deepEqual(a.get(inPkts)?.value, { type: "Counter32", value: 7 });
  t += 300;
  snmp.counters.inPkts = 8;
  const b = snmp.view();
  assert.deepEqual(b.get(upTime)?.value, { type: "TimeTicks", value: 80 });
  assert.deepEqual(b.get(inPkts)?.value, { type: "Counter32", value: 8 });
  assert.equal(b.get(mine)?.value.value, 1, "built once for both requests");
  const alarm = { code: "0x00030201", severity: "major", text: "PARI Master lost" };
  snmp.alarm("alarm", alarm);
  assert.equal(snmp.view().get(mine)?.value.value, 2, "an alarm raised: built anew");
  snmp.alarm("alarm-cleared", alarm);
  assert.equal(snmp.view().get(mine)?.value.value, 3, "and cleared: built anew");
  assert.deepEqual(sent, ["coldStart", "ipdectAlarmRaised", "ipdectAlarmCleared"], "one hook: notified as well");
  // GetNext runs from the system group through the snmp group into the IPDECT-MIB part in one OID order.
  assert.deepEqual(snmp.view().next(parseOid("1.3.6.1.2.1.11.32.0"))?.oid, mine);
});
