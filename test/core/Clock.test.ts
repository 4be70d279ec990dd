import assert from "node:assert/strict";
import { test } from "node:test";

import { watchDeadlines } from "../../src/core/Clock.js";
import { VirtualClock } from "../../sim/VirtualClock.js";

// watchDeadlines: one timer for a table of deadlines that only move later (a Master's radio leases,
// docs/design.md "Registrations are leases").

const settle = (next: () => void) => void setImmediate(next);

/** A table of deadlines; `due` removes those that have passed and records when. */
function table(clock: VirtualClock, ends: number[]) {
  const fired: number[] = [];
  const next = () => (ends.length === 0 ? Infinity : Math.min(...ends));
  const due = () => {
    fired.push(clock.now());
    for (let i = ends.length - 1; i >= 0; i--) if (ends[i]! <= clock.now()) ends.splice(i, 1);
  };
  return { fired, next, due };
}

test("each deadline fires exactly at its time, equal ones once, through one re-armed timer", async () => {
  const clock = new VirtualClock();
  const ends = [300, 100, 300, 700];
  const t = table(clock, ends);
  const stop = watchDeadlines(clock, t.next, t.due, 1000);
  await clock.runUntil(2000, settle);
  stop();
  assert.deepEqual(t.fired, [100, 300, 700]);
});

test("a deadline that moves later before its time is waited for at its new time", async () => {
  const clock = new VirtualClock();
  const ends = [500];
  const t = table(clock, ends);
  const stop = watchDeadlines(clock, t.next, t.due, 1000);
  await clock.runUntil(400, settle);
  ends[0] = 900;
  await clock.runUntil(2000, settle);
  stop();
  assert.deepEqual(t.fired, [900]);
});

test("with no deadline it looks again every idleMs, so one added meanwhile `idleMs` or more ahead fires on time", async () => {
  const clock = new VirtualClock();
  const ends: number[] = [];
  const t = table(clock, ends);
  const stop = watchDeadlines(clock, t.next, t.due, 500);
  await clock.runUntil(730, settle);
  ends.push(730 + 500);
  await clock.runUntil(3000, settle);
  stop();
  assert.deepEqual(t.fired, [1230]);
});

test("when `due` leaves a passed deadline in place it is called again 1 ms later, not in a loop", async () => {
  const clock = new VirtualClock();
  let calls = 0;
  const stop = watchDeadlines(
    clock,
    () => 100,
    () => calls++,
    1000,
  );
  await clock.runUntil(105, settle);
  stop();
  assert.equal(calls, 6, "at 100, 101, 102, 103, 104 and 105");
});
