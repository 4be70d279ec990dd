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
