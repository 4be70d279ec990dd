import assert from "node:assert/strict";
import { test } from "node:test";
import { formatFields, listText } from "../../src/core/textTable.js";
import { formatDate, formatElapsed, formatTime } from "../../src/core/timeText.js";

test("times for people are UTC, ISO-like with a space and a Z, to the second, from ms or ISO 8601 text", () => {
  assert.equal(formatTime(Date.UTC(2026, 11, 6, 22, 15, 25, 417)), "2026-12-06 22:15:25Z");
  assert.equal(formatTime("2026-12-06T23:15:25.417+01:00"), "2026-12-06 22:15:25Z");
  assert.equal(formatTime(0), "1970-01-01 00:00:00Z");
  assert.equal(formatDate("2036-12-06T22:15:25.000Z"), "2036-12-06");
  assert.equal(formatTime("not a time"), "-");
  assert.equal(formatTime(Number.NaN), "-");
});

test("durations for people: the two largest units, milliseconds below a second", () => {
  assert.equal(formatElapsed(0), "0s");
  assert.equal(formatElapsed(250), "250ms");
  assert.equal(formatElapsed(5000), "5s");
  assert.equal(formatElapsed(245_000), "4m 05s");
  assert.equal(formatElapsed(7_380_000), "2h 03m");
  assert.equal(formatElapsed(1800_000), "30m 00s");
  assert.equal(formatElapsed(3 * 86_400_000 + 4 * 3_600_000 + 59_000), "3d 04h");
  assert.equal(formatElapsed(-5), "0s");
});

test("a list is a table under its header, or one line saying it is empty; a key/value block aligns its labels", () => {
  assert.equal(listText(["Name", "Role"], [["alice", "administrator"]], "none"), "Name   Role\nalice  administrator\n");
  assert.equal(listText(["Name", "Role"], [], "no users in the realm"), "no users in the realm\n");
  assert.equal(
    formatFields([
      ["Realm", "LAB"],
      ["Secondaries", "none"],
    ]),
    "Realm        LAB\nSecondaries  none",
  );
});
