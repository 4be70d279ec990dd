import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DecodeError } from "../../src/core/errors.js";
import { beaconFromWire, heardFromWire } from "../../src/sync/wire.js";
import { decodeEnvelope, encodeEnvelope, type Message } from "../../src/wire/codec.js";
import { beaconArb } from "./wireArbitraries.js";

test("air service messages: 3000 arbitrary beacons and heard lists either parse or throw a DecodeError naming the field", () => {
  const heard = fc.record({
    device: fc.string({ maxLength: 10 }),
    heard: fc.array(fc.record({ beacon: beaconArb, rssi: fc.integer({ min: -300, max: 50 }), fer: fc.nat(200) }), {
      maxLength: 3,
    }),
    error: fc.string({ maxLength: 10 }),
  });
  fc.assert(
    fc.property(beaconArb, heard, (b, h) => {
      const pub = decodeEnvelope(
        encodeEnvelope({ fromDevice: "x", body: "airPublish", airPublish: { device: "r", beacon: b } } as Message),
      );
      const ans = decodeEnvelope(encodeEnvelope({ fromDevice: "x", body: "airHeard", airHeard: h } as Message));
      for (const parse of [
        () => pub.body === "airPublish" && beaconFromWire(pub.airPublish.beacon!, "air_publish.beacon"),
        () => ans.body === "airHeard" && heardFromWire(ans.airHeard),
      ]) {
        try {
          parse();
        } catch (err) {
          assert.ok(err instanceof DecodeError, String(err));
          assert.match(err.message, /\S/);
          assert.ok(err.context.field !== undefined, err.message);
        }
      }
    }),
    { numRuns: 3000, seed: 5 },
  );
});
