import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { Timer, VirtualClock } from "../../sim/VirtualClock.js";

/** Lets every promise chain started by a callback run to its end (microtasks), as the fleet runner does. */
const settle = (next: () => void) => void setImmediate(next);

test("timers fire in deadline order, not in the order they were set", async () => {
  const clock = new VirtualClock();
  const fired: string[] = [];
  clock.setTimeout(() => fired.push("c@30"), 30);
  clock.setTimeout(() => fired.push("a@10"), 10);
  clock.setTimeout(() => fired.push("b@20"), 20);
  await clock.runUntil(100, settle);
  assert.deepEqual(fired, ["a@10", "b@20", "c@30"]);
});

test("each timer fires with now() at its own deadline", async () => {
  const clock = new VirtualClock();
  const at: number[] = [];
  for (const ms of [25, 5, 15]) clock.setTimeout(() => at.push(clock.now()), ms);
  await clock.runUntil(100, settle);
  assert.deepEqual(at, [5, 15, 25]);
});

test("ties fire in the order the timers were set (reproducible runs)", async () => {
  const clock = new VirtualClock();
  const fired: number[] = [];
  // Enough timers at one deadline, interleaved with others, to exercise the heap rather than a lucky push order.
  for (let i = 0; i < 50; i++) {
    clock.setTimeout(() => fired.push(i), 10);
    clock.setTimeout(() => undefined, 10 + (i % 7));
    clock.setTimeout(() => undefined, 10 - (i % 3));
  }
  await clock.runUntil(10, settle);
  assert.deepEqual(fired, [...Array(50).keys()]);
});

test("property: any set of timers fires sorted by (deadline, order set)", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), async (delays) => {
      const clock = new VirtualClock();
      const fired: number[] = [];
      delays.forEach((ms, i) => clock.setTimeout(() => fired.push(i), ms));
      await clock.runUntil(20, (next) => void queueMicrotask(next));
      const want = delays.map((ms, i) => ({ ms, i })).sort((a, b) => a.ms - b.ms || a.i - b.i);
      assert.deepEqual(
        fired,
        want.map((t) => t.i),
      );
    }),
    { seed: 20240611, numRuns: 200 },
  );
});

test("clearTimeout cancels: the callback never runs and pending no longer counts it", async () => {
  const clock = new VirtualClock();
  const fired: string[] = [];
  const a = clock.setTimeout(() => fired.push("a"), 10);
  clock.setTimeout(() => fired.push("b"), 20);
  const c = clock.setTimeout(() => fired.push("c"), 30);
  assert.equal(clock.pending, 3);
  clock.clearTimeout(a);
  clock.clearTimeout(c);
  assert.equal(clock.pending, 1);
  await clock.runUntil(100, settle);
  assert.deepEqual(fired, ["b"]);
  assert.equal(clock.pending, 0);
});

test("a Timer of one's own (schedule) takes its place among setTimeout's by deadline and order set, and can be cleared", async () => {
  const clock = new VirtualClock();
  const fired: string[] = [];
  class Named extends Timer {
    constructor(readonly name: string) {
      super();
    }
    fire(): void {
      fired.push(`${this.name}@${clock.now()}`);
    }
  }
  clock.setTimeout(() => fired.push(`fn@${clock.now()}`), 10);
  const own = clock.schedule(new Named("own"), 10);
  assert.equal(own.at, 10);
  clock.schedule(new Named("first"), 5);
  clock.clearTimeout(clock.schedule(new Named("cleared"), 7));
  await clock.runUntil(100, settle);
  assert.deepEqual(fired, ["first@5", "fn@10", "own@10"]);
});

test("clearTimeout from inside an earlier callback cancels a later timer of the same runUntil", async () => {
  const clock = new VirtualClock();
  const fired: string[] = [];
  const later = clock.setTimeout(() => fired.push("later"), 20);
  clock.setTimeout(() => {
    fired.push("first");
    clock.clearTimeout(later);
  }, 10);
  await clock.runUntil(100, settle);
  assert.deepEqual(fired, ["first"]);
});

test("a timer set inside a callback for 0 ms fires in the same runUntil, at the same time", async () => {
  const clock = new VirtualClock();
  const fired: [string, number][] = [];
  clock.setTimeout(() => {
    fired.push(["outer", clock.now()]);
    clock.setTimeout(() => fired.push(["inner", clock.now()]), 0);
  }, 40);
  await clock.runUntil(40, settle);
  assert.deepEqual(fired, [
    ["outer", 40],
    ["inner", 40],
  ]);
});

test("a timer set inside a callback fires after the timers already due at the same time (set order)", async () => {
  const clock = new VirtualClock();
  const fired: string[] = [];
  clock.setTimeout(() => {
    fired.push("a");
    clock.setTimeout(() => fired.push("a+0"), 0);
  }, 10);
  clock.setTimeout(() => fired.push("b"), 10);
  await clock.runUntil(10, settle);
  assert.deepEqual(fired, ["a", "b", "a+0"]);
});

test("a negative delay fires now, never in the past", async () => {
  const clock = new VirtualClock();
  await clock.runUntil(50, settle);
  let at = -1;
  clock.setTimeout(() => (at = clock.now()), -20);
  await clock.runUntil(50, settle);
  assert.equal(at, 50);
});

test("now() equals `until` after runUntil, also when no timer was due", async () => {
  const clock = new VirtualClock();
  assert.equal(clock.now(), 0);
  clock.setTimeout(() => undefined, 30);
  await clock.runUntil(100, settle);
  assert.equal(clock.now(), 100);
  await clock.runUntil(250, settle);
  assert.equal(clock.now(), 250);
});

test("runUntil stops at `until`: later timers stay pending and fire in a later run", async () => {
  const clock = new VirtualClock();
  const fired: number[] = [];
  clock.setTimeout(() => fired.push(clock.now()), 100);
  clock.setTimeout(() => fired.push(clock.now()), 101);
  await clock.runUntil(100, settle);
  assert.deepEqual(fired, [100]);
  assert.equal(clock.pending, 1);
  await clock.runUntil(200, settle);
  assert.deepEqual(fired, [100, 101]);
});

test("time never goes back: runUntil with an earlier `until` leaves now() where it is", async () => {
  const clock = new VirtualClock();
  await clock.runUntil(100, settle);
  await clock.runUntil(40, settle);
  assert.equal(clock.now(), 100);
});

test("settle is awaited between callbacks: a promise chain started in one callback has finished before the next runs", async () => {
  const clock = new VirtualClock();
  const log: string[] = [];
  clock.setTimeout(() => {
    log.push("first");
    void (async () => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
      log.push("first's chain done");
    })();
  }, 10);
  clock.setTimeout(() => log.push("second"), 10);
  await clock.runUntil(10, settle);
  assert.deepEqual(log, ["first", "first's chain done", "second"]);
});

test("settle runs once after every callback", async () => {
  const clock = new VirtualClock();
  let settles = 0;
  for (const ms of [1, 2, 2, 3]) clock.setTimeout(() => undefined, ms);
  await clock.runUntil(10, (next) => {
    settles++;
    queueMicrotask(next);
  });
  assert.equal(settles, 4);
});
