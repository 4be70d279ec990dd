import assert from "node:assert/strict";
import { test } from "node:test";
import { driftUs, framesAt, reanchor, timingChanges, type AirTiming } from "../../src/sync/timing.js";
import { DEFAULT_PLAN, type CarrierPlan } from "../../src/role/bands.js";

/** §4.6.7: five of the ten carriers of the 1880–1900 MHz band. */
const FIVE: CarrierPlan = { band: "europe", enabled: [0, 1, 2, 3, 4] };

const T: AirTiming = { anchorMs: 0, frames: 1000.2, ppm: 0, pscn: 3, carriers: DEFAULT_PLAN };
const AT = 5_000;

test("each §4.11.5 value change is told apart", () => {
  assert.deepEqual(timingChanges(T, T, AT), []);
  assert.deepEqual(timingChanges(T, { ...T, frames: T.frames + 0.4 }, AT), [], "under half a frame is a re-lock");
  assert.deepEqual(timingChanges(T, { ...T, pscn: 4 }, AT), ["pscn"]);
  // 10 frames: frame number moves, PSCN (10 carriers) and multiframe stay.
  assert.deepEqual(timingChanges({ ...T, frames: 1600.2 }, { ...T, frames: 1610.2 }, 0), ["frame"]);
  // 160 frames = 10 multiframes: only the multiframe number moves.
  assert.deepEqual(timingChanges({ ...T, frames: 1600.2 }, { ...T, frames: 1760.2 }, 0), ["multiframe"]);
  assert.deepEqual(timingChanges(T, { ...T, carriers: FIVE, pscn: 3 }, AT), ["carriers"]);
  assert.deepEqual(timingChanges(T, { ...T, frames: T.frames + 1 }, AT), ["pscn", "frame"]);
});

test("drift grows with the clock difference; reanchoring keeps the counter", () => {
  const fast = { ...T, ppm: 2 };
  assert.equal(Math.round(driftUs(fast, T, 10_000)), 20, "2 ppm over 10 s is 20 µs");
  const r = reanchor(fast, 10_000, 0);
  assert.equal(framesAt(r, 10_000), framesAt(fast, 10_000));
  assert.equal(Math.round(driftUs(r, T, 20_000)), 20, "no further drift at 0 ppm");
});
