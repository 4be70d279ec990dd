import assert from "node:assert/strict";
import { test } from "node:test";

import { MemoryStore } from "../../src/core/Store.js";
import { afterChains } from "../../src/platform/node/settle.js";
import { VirtualClock } from "../../sim/VirtualClock.js";

/** A chain of `depth` awaits, each on an async function that itself awaits, as store writes and device resets do. */
async function chain(depth: number, log: string[], name: string): Promise<void> {
  const store = new MemoryStore();
  for (let i = 0; i < depth; i++) {
    await store.put(`k${i}`, new Uint8Array([i]));
    await (async () => {
      await store.get(`k${i}`);
      await Promise.all([Promise.resolve(), store.keys()]);
    })();
  }
  log.push(`${name} done`);
}

test("afterChains calls back only after every promise chain queued before it has run to its end, however long", async () => {
  const log: string[] = [];
  void chain(200, log, "long");
  void Promise.resolve().then(() => void chain(3, log, "started later"));
  await new Promise<void>((r) => afterChains(r));
  log.push("settled");
  assert.deepEqual(log, ["started later done", "long done", "settled"]);
});

test("in the VirtualClock: a chain started by one callback finishes before the next callback at the same time", async () => {
  const clock = new VirtualClock();
  const log: string[] = [];
  for (const name of ["a", "b", "c"])
    clock.setTimeout(() => {
      log.push(name);
      void chain(50, log, name);
    }, 10);
  await clock.runUntil(10, afterChains);
  assert.deepEqual(log, ["a", "a done", "b", "b done", "c", "c done"]);
});

test("many steps in a row (past the periodic event-loop turn) keep the order", async () => {
  const clock = new VirtualClock();
  const log: number[] = [];
  for (let i = 0; i < 5000; i++)
    clock.setTimeout(() => {
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => log.push(i));
    }, i % 7);
  await clock.runUntil(10, afterChains);
  const want = Array.from({ length: 5000 }, (_, i) => i).sort((x, y) => (x % 7) - (y % 7) || x - y);
  assert.deepEqual(log, want);
});

test("a callback that only resolves an earlier promise still has its awaiting continuation run before the next", async () => {
  const clock = new VirtualClock();
  const log: string[] = [];
  let wake: () => void = () => undefined;
  void (async () => {
    await new Promise<void>((r) => (wake = r));
    await Promise.resolve();
    log.push("woken");
  })();
  clock.setTimeout(() => wake(), 5);
  clock.setTimeout(() => log.push("next"), 5);
  await clock.runUntil(10, afterChains);
  assert.deepEqual(log, ["woken", "next"]);
});

test("callbacks that start no chain run back to back, and still in order with those that do", async () => {
  const clock = new VirtualClock();
  const log: string[] = [];
  for (let i = 0; i < 300; i++)
    clock.setTimeout(
      () => (i % 50 === 0 ? void chain(3, log, `chain ${i}`) : log.push(`plain ${i}`)),
      Math.floor(i / 3),
    );
  let steps = 0;
  const counted = Object.assign((next: () => void) => (steps++, afterChains(next)), { quiet: afterChains.quiet });
  await clock.runUntil(200, counted);
  const want = Array.from({ length: 300 }, (_, i) => (i % 50 === 0 ? `chain ${i} done` : `plain ${i}`));
  assert.deepEqual(log, want);
  // One step after each of the 6 chains, one per 64 quiet callbacks at most: far fewer than one per callback.
  assert.ok(steps <= 6 + Math.ceil(300 / 64) + 1, `${steps} afterChains steps for 300 callbacks`);
});
