import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { IpdectError } from "../../src/core/errors.js";
import { toMasterEvent } from "../../src/master/events.js";
import { changeFromWire, changeToWire } from "../../src/users/wire.js";
import { askFromWire, answerFromWire } from "../../src/users/handsets/events.js";
import { decodeFrame, encodeFrame } from "../../src/wire/frame.js";
import type { Message } from "../../src/wire/codec.js";
import type { DirChange } from "../../src/users/entry.js";

const FROM = { ip: "10.0.0.9", port: 1716 };
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("", "#11*$#", "0004900000017", "1234", "user-ac"));
const entry = fc.record(
  {
    kind: fc.integer({ min: 0, max: 4 }),
    usn: fc.nat(100),
    guid: fc.oneof(text, fc.constant("0123456789ABCDEF0123456789ABCDEF")),
    gateway: text,
    subs: text,
    adKey: text,
    adFields: fc.array(fc.constantFrom("name", "number", "bogus"), { maxLength: 3 }),
    longName: text,
    number: text,
    ipei: text,
    authCode: text,
    subscription: fc.constantFrom("user-ac", "system-ac", "disable", "other"),
    systemAc: text,
    logoutCode: text,
  },
  { requiredKeys: [] },
);
const change = fc.record({ usn: fc.nat(100), key: text, entry: fc.option(entry, { nil: undefined }) });

/** Only our own typed errors may come out of the edge parsers; anything else is a crash. */
function parsesOrRefuses(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof IpdectError, `not an IpdectError: ${String(e)}`);
  }
}

test("fuzz: 3000 arbitrary replication and handset messages through the wire either parse or are refused with an IpdectError", () => {
  const message = fc.oneof(
    fc.record({
      body: fc.constant("dirSyncBatch" as const),
      dirSyncBatch: fc.record({
        epoch: text,
        session: fc.nat(),
        full: fc.boolean(),
        prevUsn: fc.nat(100),
        usn: fc.nat(200),
        changes: fc.array(change, { maxLength: 5 }),
        complete: fc.boolean(),
        refused: text,
      }),
    }),
    fc.record({
      body: fc.constant("dirSyncRequest" as const),
      dirSyncRequest: fc.record({
        epoch: text,
        usn: fc.nat(),
        user: text,
        session: fc.nat(),
        filterType: fc.nat(4),
        filter: text,
      }),
    }),
    fc.record({
      body: fc.constant("handsetRelay" as const),
      handsetRelay: fc.record({
        request: fc.record({ ipei: text, seq: fc.nat(), op: fc.nat(5), ac: text, digits: text, subs: text }),
        handsetIp: fc.constantFrom("10.0.0.1", "300.1.1.1", ""),
        handsetPort: fc.nat(70000),
        rfpi: text,
      }),
    }),
  );
  fc.assert(
    fc.property(message, (m) => {
      const msg = decodeFrame(encodeFrame({ fromDevice: "fuzz", ...m } as Message));
      parsesOrRefuses(() => toMasterEvent(msg, FROM));
      if (msg.body === "handsetRelay") {
        parsesOrRefuses(() => askFromWire(msg.handsetRelay.request ?? {}, "r"));
        parsesOrRefuses(() =>
          answerFromWire({
            ipei: msg.handsetRelay.request?.ipei ?? "",
            handsetIp: msg.handsetRelay.handsetIp ?? "",
            handsetPort: msg.handsetRelay.handsetPort ?? 0,
          }),
        );
      }
    }),
    { numRuns: 3000, seed: 5 },
  );
});

test("a directory change survives the wire unchanged", () => {
  const c: DirChange = {
    usn: 7,
    key: "user/0123456789ABCDEF0123456789ABCDEF",
    entry: {
      kind: "user",
      usn: 7,
      guid: "0123456789ABCDEF0123456789ABCDEF",
      gateway: "master",
      subs: "ab".repeat(16),
      ad: { key: "uid=x", fields: ["name"] },
      user: { longName: "Ann", number: "200", name: "ann", ipei: "0004900000017", authCode: "1234", idleDisplay: "Hi" },
    },
  };
  assert.deepEqual(changeFromWire(changeToWire(c), "c"), c);
  const deletion = { usn: 8, key: "anonymous/0004900000017" };
  assert.deepEqual(changeFromWire(changeToWire(deletion), "c"), deletion);
});
