import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { DeviceEvent } from "../../src/role/EventLog.js";
import { alarmCodes, timeline } from "../../sim/summary.js";
import { abbreviate, FOLD_GAP_MS, naturalOrder, range } from "../../sim/timelineFold.js";
import { exampleYaml, startFleet } from "../helpers/sim.js";

/** A 0x00030202 (§6.2 User registration failure) raised by `device` about user `source` at `t`. */
const userAlarm = (t: number, source: string, device = "master"): DeviceEvent => ({
  t,
  device,
  kind: "alarm",
  code: "0x00030202",
  severity: "major",
  text: "User registration failure",
  source,
});

const radioState = (t: number, device: string, state: string, master: string): DeviceEvent => ({
  t,
  device,
  kind: "state",
  role: "radio",
  state,
  master,
});

const lines = (events: DeviceEvent[]) => timeline(events).trimEnd().split("\n");

describe("the timeline folds repeats (issue 19, 3)", () => {
  test("300 user alarms within the gap are one line with count, span and the first five users", () => {
    const events = Array.from({ length: 300 }, (_, i) => userAlarm(35_000 + i * 51, String(2299 - i)));
    assert.deepEqual(lines(events), [
      "   35.000 s  master   300 × alarm 0x00030202 User registration failure over 15.2 s: 2000, 2001, 2002, 2003, 2004 … and 295 more",
    ]);
  });

  test("a single alarm reads as before folding, with its subject", () => {
    assert.deepEqual(lines([userAlarm(1000, "2091")]), [
      "    1.000 s  master   alarm 0x00030202 User registration failure (2091)",
    ]);
  });

  test("a gap longer than FOLD_GAP_MS starts a new line; another device or code is never folded in", () => {
    const events = [
      userAlarm(0, "1"),
      userAlarm(FOLD_GAP_MS, "2"),
      userAlarm(2 * FOLD_GAP_MS + 1, "3"),
      userAlarm(2 * FOLD_GAP_MS + 2, "4", "standby"),
      { ...userAlarm(2 * FOLD_GAP_MS + 3, "5"), kind: "alarm-cleared" } as DeviceEvent,
    ];
    assert.deepEqual(lines(events), [
      "    0.000 s  master   2 × alarm 0x00030202 User registration failure over 2.0 s: 1, 2",
      "    4.001 s  master   alarm 0x00030202 User registration failure (3)",
      "    4.002 s  standby  alarm 0x00030202 User registration failure (4)",
      "    4.003 s  master   alarm-cleared 0x00030202 User registration failure (5)",
    ]);
  });

  test("interleaved kinds fold each on their own; lines keep the order of their first event", () => {
    const events: DeviceEvent[] = [
      userAlarm(100, "7"),
      { t: 200, device: "master", kind: "state", role: "master", state: "active", mode: "active" },
      userAlarm(300, "8"),
    ];
    assert.deepEqual(lines(events), [
      "    0.100 s  master   2 × alarm 0x00030202 User registration failure: 7, 8",
      "    0.200 s  master   Master active → active",
    ]);
  });

  test("radios that lose their Master and register again fold to one line with the range of their outages", () => {
    const events: DeviceEvent[] = [];
    for (let i = 1; i <= 40; i++) events.push(radioState(1000, `radio-${i}`, "registered", "127.0.1.1"));
    for (let i = 1; i <= 40; i++) events.push(radioState(60_000 + i, `radio-${i}`, "searching", "127.0.1.1"));
    for (let i = 1; i <= 40; i++) events.push(radioState(64_000 + i * 2, `radio-${i}`, "registered", "127.0.1.2"));
    assert.deepEqual(lines(events), [
      "   64.002 s  40 devices 40 × radio without a Master for 4.0 s, then on 127.0.1.2: radio-1, radio-2, radio-3, radio-4, radio-5 … and 35 more",
    ]);
  });

  test("a radio's first registration is not an outage, nor is one after the radio itself was stopped", () => {
    const events: DeviceEvent[] = [
      radioState(0, "radio-1", "connecting", "127.0.1.1"),
      radioState(10, "radio-1", "registered", "127.0.1.1"),
      { t: 20, device: "radio-1", kind: "state", role: "device", state: "stopped" },
      radioState(30, "radio-1", "connecting", "127.0.1.1"),
      radioState(40, "radio-1", "registered", "127.0.1.1"),
    ];
    assert.equal(timeline(events), "");
  });

  test("names sort naturally and abbreviate without 'and 1 more'; ranges read in one unit", () => {
    assert.deepEqual(["radio-10", "radio-2", "radio-1"].sort(naturalOrder), ["radio-1", "radio-2", "radio-10"]);
    assert.equal(abbreviate(["a", "b", "c", "d", "e", "f"]), "a, b, c, d, e, f");
    assert.equal(abbreviate(["a", "b", "c", "d", "e", "f", "g"]), "a, b, c, d, e … and 2 more");
    assert.equal(range(732, 737), "732–737 ms");
    assert.equal(range(2460, 2530), "2.5 s");
    assert.equal(range(700, 2500), "0.7–2.5 s");
  });

  test("the device table counts each alarm code once", () => {
    const alarms = [{ code: "0x00030202" }, { code: "0x00030201" }, { code: "0x00030202" }];
    assert.equal(alarmCodes(alarms), "0x00030202 ×2 0x00030201");
  });

  test("the demo fleet: the same run gives the same lines; the event log itself keeps every event", async () => {
    const run = async () => {
      const fleet = await startFleet(exampleYaml("redundancy.yaml"));
      await fleet.runUntil(180_000);
      await fleet.close();
      return fleet.events.events;
    };
    const [a, b] = [await run(), await run()];
    assert.equal(timeline(a), timeline(b));
    const text = timeline(a);
    assert.match(
      text,
      /4 devices 4 × radio without a Master for 7\d\d–7\d\d ms, then on 127\.0\.1\.2: radio-1, radio-2/,
    );
    assert.equal(a.filter((e) => e.kind === "state" && e.role === "radio" && e.state === "registered").length, 12);
  });
});
