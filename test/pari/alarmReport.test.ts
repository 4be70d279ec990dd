import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DecodeError } from "../../src/core/errors.js";
import { MAX_ALARM_CHANGES, toPariEvent } from "../../src/pari/events.js";
import type { Message } from "../../src/wire/codec.js";

const FROM = { ip: "127.0.2.1", port: 40000 };
const MAC = new Uint8Array([0, 0x90, 0x33, 0, 2, 1]);
type Change = { code?: number; source?: string; raised?: boolean; timeMs?: number };

const report = (changes: Change[], more: { full?: boolean; bootedAtMs?: number; mac?: Uint8Array } = {}): Message => ({
  fromDevice: "r1",
  body: "alarmReport",
  alarmReport: { mac: MAC, bootedAtMs: 5, full: false, changes, ...more },
});

const refused = (msg: Message, field: RegExp) =>
  assert.throws(
    () => toPariEvent(msg, FROM),
    (e: unknown) => e instanceof DecodeError && e.code === "MSG_BAD_ALARM" && field.test(String(e.context.field)),
  );

describe("AlarmReport validation (§4.6.33 alarm forwarding, §6.2 codes)", () => {
  test("a raise of a §6.2 alarm becomes pari.alarms with the sender as Remote", () => {
    const ev = toPariEvent(report([{ code: 0x00030201, source: "x", raised: true, timeMs: 1000 }]), FROM);
    assert.deepEqual(ev, {
      type: "pari.alarms",
      report: {
        mac: "00:90:33:00:02:01",
        bootedAt: 5,
        full: false,
        changes: [{ code: 0x00030201, source: "x", raised: true, time: 1000 }],
        from: FROM,
      },
    });
  });

  test("a code outside §6.2, or a one-off event code (0x00030206 Master active), is refused", () => {
    refused(report([{ code: 0x12345678, raised: true }]), /changes\[0\]\.code/);
    refused(report([{ code: 0x00030206, raised: true }]), /changes\[0\]\.code/);
  });

  test("a full report lists active alarms only", () => {
    refused(report([{ code: 0x00030201, raised: false }], { full: true }), /changes\[0\]\.raised/);
  });

  test(`at most ${MAX_ALARM_CHANGES} changes; ${MAX_ALARM_CHANGES + 1} are refused`, () => {
    const one = { code: 0x00030201, raised: true };
    assert.equal(toPariEvent(report(Array(MAX_ALARM_CHANGES).fill(one)), FROM)?.type, "pari.alarms");
    refused(report(Array(MAX_ALARM_CHANGES + 1).fill(one)), /alarm_report\.changes/);
  });

  test("a negative or non-finite time, a long source and a bad MAC are refused", () => {
    refused(report([{ code: 0x00030201, raised: true, timeMs: -1 }]), /time_ms/);
    refused(report([], { bootedAtMs: Number.NaN }), /booted_at_ms/);
    assert.throws(() => toPariEvent(report([{ code: 0x00030201, source: "s".repeat(65), raised: true }]), FROM), {
      code: "MSG_TEXT_TOO_LONG",
    });
    assert.throws(() => toPariEvent(report([], { mac: new Uint8Array(5) }), FROM), { code: "MSG_BAD_MAC" });
  });
});
