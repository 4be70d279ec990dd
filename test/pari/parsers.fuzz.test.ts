import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DecodeError } from "../../src/core/errors.js";
import { toPariEvent } from "../../src/pari/events.js";
import { toPariClientEvent } from "../../src/radio/pariEvents.js";
import { decodeEnvelope, encodeEnvelope, type Message } from "../../src/wire/codec.js";
import { instructionArb, syncReportArb } from "../sync/wireArbitraries.js";

const FROM = { ip: "127.0.0.9", port: 40000 };
const bytes = fc.uint8Array({ maxLength: 8 });
const text = fc.string({ maxLength: 80 });
const small = fc.integer({ min: 0, max: 5000 });

/** Well-formed protobuf envelopes of the PARI messages with arbitrary field values. */
const messages: fc.Arbitrary<Message> = fc.oneof(
  fc
    .record({
      mac: bytes,
      name: text,
      kind: fc.nat(4),
      version: text,
      rfps: small,
      region: small,
      auth: bytes,
      ip: text,
      sync: fc.option(syncReportArb, { nil: undefined }),
    })
    .map((m) => ({ fromDevice: "x", body: "pariRegister", pariRegister: m }) as Message),
  fc
    .record({ mac: bytes, name: text, kind: fc.nat(4), ip: text, version: text, rfps: small })
    .map((m) => ({ fromDevice: "x", body: "radioAnnounce", radioAnnounce: m }) as Message),
  fc
    .record({
      systemId: small,
      active: fc.boolean(),
      domain: small,
      saris: fc.array(text, { maxLength: 3 }),
      entries: fc.array(
        fc.record({
          mac: bytes,
          name: text,
          kind: fc.nat(4),
          numbers: fc.array(small, { maxLength: 3 }),
          region: small,
          rev: small,
          deleted: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
    })
    .map((m) => ({ fromDevice: "x", body: "pariReplica", pariReplica: m }) as Message),
  fc
    .record({
      mac: bytes,
      bootedAtMs: fc.double(),
      full: fc.boolean(),
      changes: fc.array(
        fc.record({
          code: fc.oneof(fc.nat(), fc.constant(0x00030201), fc.constant(0x00030206)),
          source: text,
          raised: fc.boolean(),
          timeMs: fc.double(),
        }),
        { maxLength: 3 },
      ),
    })
    .map((m) => ({ fromDevice: "x", body: "alarmReport", alarmReport: m }) as Message),
  fc
    .record({
      standing: fc.nat(4),
      rfpis: fc.array(fc.oneof(text, fc.constant("10A5E0B001")), { maxLength: 3 }),
      saris: fc.array(fc.oneof(text, fc.constant("B-0A5E-0B-1")), { maxLength: 3 }),
      systemId: small,
      reason: text,
      radioConfig: fc.dictionary(fc.oneof(text, fc.constant("ntp")), text, { maxKeys: 2 }),
      generation: small,
      domain: small,
      sync: fc.option(instructionArb, { nil: undefined }),
    })
    .map((m) => ({ fromDevice: "x", body: "pariGrant", pariGrant: m }) as Message),
  fc
    .record({
      mac: bytes,
      deviceName: text,
      pariMaster: fc.oneof(text, fc.constant("127.0.1.1")),
      altPariMaster: text,
      region: small,
    })
    .map((m) => ({ fromDevice: "x", body: "radioProvision", radioProvision: m }) as Message),
);

test("PARI message parsers: 5000 arbitrary well-formed messages either parse or throw a DecodeError naming the field", () => {
  fc.assert(
    fc.property(messages, (m) => {
      const msg = decodeEnvelope(encodeEnvelope(m));
      for (const parse of [toPariEvent, toPariClientEvent]) {
        try {
          parse(msg, FROM);
        } catch (err) {
          assert.ok(err instanceof DecodeError, String(err));
          assert.ok(err.message.length > 0);
        }
      }
    }),
    { numRuns: 5000, seed: 3 },
  );
});
