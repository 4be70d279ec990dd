import assert from "node:assert/strict";
import { test } from "node:test";
import { REPLAY_WINDOW, ReplayWindow } from "../../src/role/ReplayWindow.js";

test("datagram window (RFC 4303 §3.4.3): numbers in order are each taken once", () => {
  const w = new ReplayWindow(false);
  for (let s = 1; s <= 200; s++) assert.equal(w.take(s), "fresh");
  assert.equal(w.take(200), "duplicate");
  assert.equal(w.take(150), "duplicate");
});

test("datagram window: out of order within the 64-entry window is taken, once", () => {
  const w = new ReplayWindow(false);
  assert.equal(w.take(100), "fresh");
  for (const s of [99, 40, 70]) assert.equal(w.take(s), "fresh");
  assert.equal(w.take(99), "duplicate");
  assert.equal(w.take(70), "duplicate");
  assert.equal(w.take(101 - REPLAY_WINDOW), "fresh", "the oldest number the window still holds");
  assert.equal(w.take(100 - REPLAY_WINDOW), "too-old");
  assert.equal(w.take(0), "too-old", "numbers start at 1");
});

test("datagram window: a jump forward keeps what is still inside the window, across the 32-bit halves", () => {
  const w = new ReplayWindow(false);
  for (const s of [1, 5, 33, 40]) assert.equal(w.take(s), "fresh");
  assert.equal(w.take(60), "fresh");
  for (const s of [5, 33, 40, 60]) assert.equal(w.take(s), "duplicate", `seq ${s}`);
  assert.equal(w.take(2), "fresh", "60 - 2 < 64: still inside, not taken before");
  assert.equal(w.take(200), "fresh");
  assert.equal(w.take(60), "too-old");
  assert.equal(w.take(137), "fresh");
  assert.equal(w.take(137), "duplicate");
});

test("a jump of exactly 32 and of more than 64 moves the window right", () => {
  const w = new ReplayWindow(false);
  assert.equal(w.take(10), "fresh");
  assert.equal(w.take(42), "fresh");
  assert.equal(w.take(10), "duplicate");
  assert.equal(w.take(42 + 64), "fresh");
  assert.equal(w.take(43), "fresh");
  assert.equal(w.take(42), "too-old");
});

test("stream window: numbers must rise (a stream delivers in order)", () => {
  const w = new ReplayWindow(true);
  assert.equal(w.take(3), "fresh");
  assert.equal(w.take(7), "fresh", "gaps are fine: the sender numbers per peer, not per connection");
  assert.equal(w.take(7), "duplicate");
  assert.equal(w.take(5), "too-old");
  assert.equal(w.take(8), "fresh");
});

test("reset forgets every number (a peer's new boot numbers from 1 again); the kind of window stays", () => {
  for (const strict of [false, true]) {
    const w = new ReplayWindow(strict);
    for (const n of [1, 2, 40, 90]) assert.equal(w.take(n), "fresh");
    w.reset();
    assert.equal(w.strict, strict);
    assert.equal(w.take(1), "fresh");
    assert.equal(w.take(1), "duplicate");
    assert.equal(w.take(2), "fresh");
  }
});
