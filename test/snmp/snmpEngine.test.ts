/**
 * snmpEngineBoots on flash, snmpEngineTime on the device's clock and the Time Window of RFC 3414 §2.2, §2.3 and §3.2
 * step 7a, in virtual time; and the agent's view of them (SNMP-FRAMEWORK-MIB snmpEngine group) over restarts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { deviceFromObject } from "../../src/config/deviceFromObject.js";
import { locatorWithoutLines } from "../../src/core/config/Locator.js";
import { silentLogger } from "../../src/core/Logger.js";
import { MemoryStore } from "../../src/core/Store.js";
import { startSnmp } from "../../src/device/snmpService.js";
import type { Oid } from "../../src/snmp/mibView.js";
import {
  ENGINE_BOOTS_KEY,
  engineClock,
  inTimeWindow,
  MAX_ENGINE_VALUE,
  nextEngineBoots,
  SNMP_ENGINE_GROUP,
  snmpEngineView,
  TIME_WINDOW_S,
} from "../../src/snmp/snmpEngine.js";
import { USM_STATS } from "../../src/snmp/systemGroup.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import { runTo } from "../helpers/roleCharts.js";

const text = (s: string) => new TextEncoder().encode(s);
/** Moves the fake clock on by `ms`. */
const advance = (clock: VirtualClock, ms: number) => runTo(clock, clock.now() + ms);
const stored = async (store: MemoryStore) => new TextDecoder().decode(await store.get(ENGINE_BOOTS_KEY));

test("snmpEngineBoots is 1 at the first start and one more at each start, on flash (RFC 3414 §2.2.2)", async () => {
  const store = new MemoryStore();
  assert.deepEqual(await nextEngineBoots(store), { boots: 1 });
  assert.deepEqual(await nextEngineBoots(store), { boots: 2 });
  assert.deepEqual(await nextEngineBoots(store), { boots: 3 });
  assert.equal(await stored(store), "3");
});

test(`snmpEngineBoots stays at ${MAX_ENGINE_VALUE} once there (RFC 3414 §2.2.2 latch)`, async () => {
  const store = new MemoryStore();
  await store.put(ENGINE_BOOTS_KEY, text(String(MAX_ENGINE_VALUE - 1)));
  assert.deepEqual(await nextEngineBoots(store), { boots: MAX_ENGINE_VALUE });
  assert.deepEqual(await nextEngineBoots(store), { boots: MAX_ENGINE_VALUE });
});

test("a value on flash that is no count starts counting again at 1, and says so", async () => {
  for (const bad of ["", "-4", "seven", "12 ", String(MAX_ENGINE_VALUE + 1), "99999999999"]) {
    const store = new MemoryStore();
    await store.put(ENGINE_BOOTS_KEY, text(bad));
    assert.deepEqual(await nextEngineBoots(store), { boots: 1, unreadable: true }, JSON.stringify(bad));
    assert.equal(await stored(store), "1");
  }
});

test("snmpEngineTime counts whole seconds on the device's clock from the start (RFC 3411 snmpEngineTime)", async () => {
  const clock = new VirtualClock();
  await advance(clock, 5_000);
  const now = engineClock(4, clock);
  assert.deepEqual(now(), { boots: 4, time: 0 });
  await advance(clock, 1_999);
  assert.deepEqual(now(), { boots: 4, time: 1 });
  await advance(clock, 148_001);
  assert.deepEqual(now(), { boots: 4, time: 150 });
});

test("snmpEngineTime past its top starts again at 0 with boots one more (RFC 3411 snmpEngineTime)", async () => {
  const clock = new VirtualClock();
  const now = engineClock(9, clock);
  await advance(clock, MAX_ENGINE_VALUE * 1000);
  assert.deepEqual(now(), { boots: 9, time: MAX_ENGINE_VALUE });
  await advance(clock, 1000);
  assert.deepEqual(now(), { boots: 10, time: 0 });
});

test(`the Time Window is ±${TIME_WINDOW_S} s around the agent's time, in the same boots (RFC 3414 §3.2 step 7a)`, () => {
  const agent = { boots: 3, time: 1000 };
  for (const time of [850, 999, 1000, 1001, 1150])
    assert.equal(inTimeWindow({ boots: 3, time }, agent), true, `${time}`);
  for (const time of [849, 1151, 0, -1000, MAX_ENGINE_VALUE])
    assert.equal(inTimeWindow({ boots: 3, time }, agent), false, `${time}`);
  // A message of the last boot, or of one to come, is outside, whatever its time.
  for (const boots of [2, 4, 0, MAX_ENGINE_VALUE]) assert.equal(inTimeWindow({ boots, time: 1000 }, agent), false);
});

test("with a fake clock: a message is in the window until 150 s have passed, and out after a restart", async () => {
  const clock = new VirtualClock();
  const store = new MemoryStore();
  const first = engineClock((await nextEngineBoots(store)).boots, clock);
  await advance(clock, 60_000);
  const sent = first();
  assert.equal(inTimeWindow(sent, first()), true);
  await advance(clock, 150_000);
  assert.equal(inTimeWindow(sent, first()), true, "150 s later: still inside (RFC 3414 accepts a replay here)");
  await advance(clock, 1_000);
  assert.equal(inTimeWindow(sent, first()), false, "151 s later");
  const again = engineClock((await nextEngineBoots(store)).boots, clock);
  await advance(clock, 60_000);
  assert.deepEqual(again(), { boots: 2, time: 60 });
  assert.equal(inTimeWindow(sent, again()), false, "the same time in the next boots");
  // Its latch: no authenticated message is in the window of an engine whose boots are at their top.
  assert.equal(inTimeWindow({ boots: MAX_ENGINE_VALUE, time: 5 }, { boots: MAX_ENGINE_VALUE, time: 5 }), false);
});

test("the snmpEngine group: snmpEngineID, snmpEngineBoots, snmpEngineTime, snmpEngineMaxMessageSize (RFC 3411)", () => {
  const view = snmpEngineView("8001869f03009033200031", () => ({ boots: 7, time: 42 }));
  const at = (arc: number): Oid => [...SNMP_ENGINE_GROUP, arc, 0];
  assert.deepEqual(view.get(at(1))?.value, {
    type: "OctetString",
    value: Uint8Array.from([0x80, 0x01, 0x86, 0x9f, 0x03, 0x00, 0x90, 0x33, 0x20, 0x00, 0x31]),
  });
  assert.deepEqual(view.get(at(2))?.value, { type: "Integer", value: 7 });
  assert.deepEqual(view.get(at(3))?.value, { type: "Integer", value: 42 });
  assert.deepEqual(view.get(at(4))?.value, { type: "Integer", value: 65_507 });
  assert.equal(view.hasObject([...SNMP_ENGINE_GROUP, 2, 1]), true);
});

test("a device's agent serves its boots and time: one more boot at each start, the time on its clock", async () => {
  const cfg = deviceFromObject(
    { name: "m", kind: "IPVM", mac: "00:90:33:20:00:31", ip: "10.0.0.1", snmp: { enabled: true } },
    locatorWithoutLines("test"),
  );
  const clock = new VirtualClock();
  const env = { clock, store: new MemoryStore() };
  const read = (v: { get(oid: Oid): { value: unknown } | undefined }, oid: Oid) => v.get(oid)?.value;
  const boots: Oid = [...SNMP_ENGINE_GROUP, 2, 0];
  const time: Oid = [...SNMP_ENGINE_GROUP, 3, 0];
  const first = (await startSnmp(cfg, env, silentLogger, () => undefined))!;
  await advance(clock, 90_500);
  assert.deepEqual(read(first.view(), boots), { type: "Integer", value: 1 });
  assert.deepEqual(read(first.view(), time), { type: "Integer", value: 90 });
  assert.deepEqual(read(first.view(), [...USM_STATS, 2, 0]), { type: "Counter32", value: 0 });
  const second = (await startSnmp(cfg, env, silentLogger, () => undefined))!;
  assert.deepEqual(read(second.view(), boots), { type: "Integer", value: 2 });
  assert.deepEqual(read(second.view(), time), { type: "Integer", value: 0 });
});
