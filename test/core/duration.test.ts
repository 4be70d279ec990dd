import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import { MAX_DURATION_MS, formatDuration, parseDuration } from "../../src/core/duration.js";
import { DecodeError } from "../../src/core/errors.js";

const assertInvalid = (value: unknown): void =>
  assert.throws(
    () => parseDuration(value),
    (err: unknown) => {
      assert.ok(err instanceof DecodeError, `expected a DecodeError for ${JSON.stringify(value)}`);
      assert.equal(err.code, "DURATION_INVALID");
      assert.match(err.message, /not a duration/);
      return true;
    },
    `parseDuration(${JSON.stringify(value)}) should be rejected`,
  );

test('parseDuration reads the documented forms: "10m", "90s", "250ms", "1.5h" → milliseconds', () => {
  assert.equal(parseDuration("10m"), 600_000);
  assert.equal(parseDuration("90s"), 90_000);
  assert.equal(parseDuration("250ms"), 250);
  assert.equal(parseDuration("1.5h"), 5_400_000);
  assert.equal(parseDuration("1h"), 3_600_000);
  assert.equal(parseDuration("0s"), 0);
});

test('parseDuration reads compound forms, largest unit first: "5m30s", "1h2m3.5s", "5m 30s", "1s250ms"', () => {
  assert.equal(parseDuration("5m30s"), 330_000);
  assert.equal(parseDuration("1h2m3.5s"), 3_723_500);
  assert.equal(parseDuration("5m 30s"), 330_000);
  assert.equal(parseDuration("1s250ms"), 1250);
  assert.equal(parseDuration("2h30s"), 7_230_000);
});

test("parseDuration names the field or option it was given in its error", () => {
  assert.throws(() => parseDuration("5 minutes", "--until"), {
    code: "DURATION_INVALID",
    message: /^--until: not a duration/,
  });
});

test("parseDuration takes a plain non-negative number as milliseconds, rounded to whole ms", () => {
  assert.equal(parseDuration(0), 0);
  assert.equal(parseDuration(1234), 1234);
  assert.equal(parseDuration(12.4), 12);
  assert.equal(parseDuration(12.5), 13);
});

test("parseDuration rounds fractional results to whole milliseconds", () => {
  assert.equal(parseDuration("1.5ms"), 2);
  assert.equal(parseDuration("0.0004s"), 0);
  assert.equal(parseDuration("0.0006s"), 1);
});

test("parseDuration allows space around the number and between number and unit", () => {
  assert.equal(parseDuration("  90s "), 90_000);
  assert.equal(parseDuration("90 s"), 90_000);
});

test("parseDuration rejects anything else with DURATION_INVALID", () => {
  for (const bad of [
    -1,
    -0.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    "10", // a string needs a unit
    "",
    "m",
    "10 minutes",
    "10M", // units are lower case
    "-5s",
    "+5s",
    ".5s",
    "5.s",
    "1e3ms",
    "1.2.3s",
    "30s5m", // largest unit first
    "5m5m", // each unit once
    "1.5m30s", // only the last part has a fraction
    "5m30",
    "5m-30s",
    "10d",
    null,
    undefined,
    true,
    {},
    [10],
  ])
    assertInvalid(bad);
});

test('formatDuration gives the shortest exact form: 600000 → "10m"', () => {
  assert.equal(formatDuration(600_000), "10m");
  assert.equal(formatDuration(3_600_000), "1h");
  assert.equal(formatDuration(7_200_000), "2h");
  assert.equal(formatDuration(5_400_000), "90m"); // 1.5h is not a whole number of hours
  assert.equal(formatDuration(90_000), "90s"); // 1.5m is not a whole number of minutes
  assert.equal(formatDuration(1000), "1s");
  assert.equal(formatDuration(1500), "1500ms");
  assert.equal(formatDuration(250), "250ms");
  assert.equal(formatDuration(0), "0ms");
});

/** Whole milliseconds, often a whole number of seconds, minutes or hours. */
const wholeMs = fc.oneof(
  fc.nat({ max: MAX_DURATION_MS }),
  ...[1000, 60_000, 3_600_000].map((unit) => fc.nat({ max: Math.floor(MAX_DURATION_MS / unit) }).map((k) => k * unit)),
);

test("property: parseDuration(formatDuration(ms)) === ms for any whole number of milliseconds", () => {
  fc.assert(
    fc.property(wholeMs, (ms) => {
      assert.equal(parseDuration(formatDuration(ms)), ms);
    }),
    { seed: 20240611, numRuns: 1000 },
  );
});

test("property: formatDuration uses the largest unit that divides exactly (shortest form)", () => {
  const sizes = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
  fc.assert(
    fc.property(
      wholeMs.filter((ms) => ms > 0),
      (ms) => {
        const m = /^(\d+)(ms|s|m|h)$/.exec(formatDuration(ms));
        assert.ok(m !== null, formatDuration(ms));
        const unit = m[2] as keyof typeof sizes;
        assert.equal(Number(m[1]) * sizes[unit], ms);
        for (const [u, size] of Object.entries(sizes))
          if (size > sizes[unit]) assert.notEqual(ms % size, 0, `${ms} is a whole number of ${u}`);
      },
    ),
    { seed: 20240611, numRuns: 1000 },
  );
});

test("parseDuration never returns a non-finite duration, nor one over a year (MAX_DURATION_MS)", () => {
  assertInvalid(`${"9".repeat(400)}h`);
  assertInvalid(MAX_DURATION_MS + 1);
  assertInvalid("8761h");
  assert.equal(parseDuration("8760h"), MAX_DURATION_MS);
});
