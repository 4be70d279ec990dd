import assert from "node:assert/strict";
import { test } from "node:test";

import { DecodeError, InternalError, IpdectError } from "../../../src/core/errors.js";
import {
  ALARM_CATALOG,
  UnknownAlarmCodeError,
  findAlarm,
  formatAlarmCode,
  lookupAlarm,
  parseAlarmCode,
} from "../../../src/core/alarms/index.js";

test("codes print as 0x and 8 lower-case hex digits, as §6.2 prints them", () => {
  assert.equal(formatAlarmCode(0x00030201), "0x00030201");
  assert.equal(formatAlarmCode(0x000c012f), "0x000c012f");
  assert.equal(formatAlarmCode(0), "0x00000000");
  assert.equal(formatAlarmCode(0xffffffff), "0xffffffff");
});

test("every catalog code survives format → parse → format", () => {
  for (const { code } of ALARM_CATALOG) {
    const text = formatAlarmCode(code);
    assert.match(text, /^0x[0-9a-f]{8}$/);
    assert.equal(parseAlarmCode(text), code);
    assert.equal(formatAlarmCode(parseAlarmCode(text)), text);
  }
});

test("parse accepts upper-case hex digits and 0X", () => {
  assert.equal(parseAlarmCode("0x000C1001"), 0x000c1001);
  assert.equal(parseAlarmCode("0X000c1001"), 0x000c1001);
  assert.equal(parseAlarmCode("0xFFFFFFFF"), 0xffffffff);
});

test("parse rejects anything but 0x and exactly 8 hex digits, with the offset of the first bad character", () => {
  const cases: [string, number][] = [
    ["0x3", 3], // too short: the 4th character is missing
    ["0xZZZZZZZZ", 2],
    ["", 0],
    ["0x000302011", 10], // 9 digits
    ["00030201", 1],
    ["x00030201", 0],
    ["0x0003020", 9],
    ["0x0003020g", 9],
    [" 0x00030201", 0],
    ["0x00030201 ", 10],
    ["0x-0030201", 2],
    ["0x+0030201", 2],
    ["0x0003_201", 6],
  ];
  for (const [text, offset] of cases) {
    assert.throws(
      () => parseAlarmCode(text),
      (e: unknown) => {
        assert.ok(e instanceof DecodeError, JSON.stringify(text));
        assert.equal(e.code, "ALARM_CODE_INVALID");
        assert.equal(e.context.offset, offset, JSON.stringify(text));
        return true;
      },
    );
  }
});

test("format refuses numbers that are not 32-bit codes (our bug, not input)", () => {
  for (const n of [-1, 0x1_0000_0000, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => formatAlarmCode(n), InternalError, String(n));
  }
});

test("lookupAlarm returns the §6.2 row; findAlarm returns undefined where lookupAlarm throws", () => {
  assert.equal(lookupAlarm(0x00030201).title, "Standby master active");
  assert.equal(findAlarm(0x00030201), lookupAlarm(0x00030201));
  assert.equal(findAlarm(0x00030209), undefined);
});

test("an unknown code throws UnknownAlarmCodeError carrying the code (0x00030209 is not in §6.2)", () => {
  assert.throws(
    () => lookupAlarm(0x00030209),
    (e: unknown) => {
      assert.ok(e instanceof UnknownAlarmCodeError);
      assert.ok(e instanceof IpdectError);
      assert.equal(e.code, "ALARM_UNKNOWN_CODE");
      assert.equal(e.alarmCode, 0x00030209);
      assert.match(e.message, /0x00030209/);
      return true;
    },
  );
  assert.throws(() => lookupAlarm(-1), UnknownAlarmCodeError);
  assert.throws(() => lookupAlarm(0x00210005), UnknownAlarmCodeError); // the update server codes skip 5
});
