import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { EventRecorder, type DeviceEvent } from "../../src/role/EventLog.js";
import { ROOT } from "../helpers/cli.js";

test("the user guide's table of event kinds is written from EVENT_KINDS and STATE_ROLES", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "events-doc.mjs"), "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("an event is written as one JSON line with t, device and kind first, then its fields in emission order", () => {
  const events = new EventRecorder();
  const e: DeviceEvent = {
    t: 5,
    device: "a",
    kind: "radio-unregistered",
    radio: "r1",
    mac: "00:90:33:00:00:01",
    reason: "lost",
  };
  events.emit(e);
  assert.equal(
    events.toJsonl(),
    '{"t":5,"device":"a","kind":"radio-unregistered","radio":"r1","mac":"00:90:33:00:00:01","reason":"lost"}\n',
  );
});
