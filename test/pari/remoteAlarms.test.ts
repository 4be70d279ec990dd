import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createActor, getNextSnapshot } from "xstate";
import { ALARM_TIMEOUT_MS, remoteAlarmsMachine } from "../../src/pari/remoteAlarms.machine.js";
import { VirtualClock } from "../../sim/VirtualClock.js";
import { afterChains } from "../../src/platform/node/settle.js";

const input = { timedOut: () => {} };

describe("the 30-minute alarm timeout chart (§4.23.3)", () => {
  test("reporting → removed → reporting when the radio reports again", () => {
    const a = createActor(remoteAlarmsMachine, { input });
    const s0 = a.getSnapshot();
    const removed = getNextSnapshot(remoteAlarmsMachine, s0, { type: "removed" });
    assert.equal(removed.value, "removed");
    assert.equal(getNextSnapshot(remoteAlarmsMachine, removed, { type: "reported" }).value, "reporting");
  });

  test("removed: times out at 30:00 on the clock, not at 29:59.999; a second removal starts again", async () => {
    const clock = new VirtualClock();
    let at: number | undefined;
    const a = createActor(remoteAlarmsMachine, { clock, input: { timedOut: () => (at = clock.now()) } }).start();
    a.send({ type: "removed" });
    await clock.runUntil(60_000, afterChains);
    a.send({ type: "removed" });
    await clock.runUntil(60_000 + ALARM_TIMEOUT_MS - 1, afterChains);
    assert.equal(at, undefined);
    await clock.runUntil(60_000 + ALARM_TIMEOUT_MS, afterChains);
    assert.equal(at, 60_000 + ALARM_TIMEOUT_MS);
    assert.equal(a.getSnapshot().status, "done");
  });
});
