import assert from "node:assert/strict";
import { test } from "node:test";
import { DecodeError } from "../../src/core/errors.js";
import type { Heard } from "../../src/role/Air.js";
import { allCarriers, type FrequencyBand } from "../../src/role/bands.js";
import { AirSurvey } from "../../src/sync/AirSurvey.js";
import { beaconFromWire, beaconToWire, instructionFromWire, instructionToWire } from "../../src/sync/wire.js";
import { FrequencyBandWire } from "../../src/wire/codec.js";

const SYSTEM = { systemId: 1, domain: 7 };
const heard = (rfpi: string, band: FrequencyBand, extra: object = {}): Heard => ({
  beacon: {
    rfpis: [rfpi],
    ...SYSTEM,
    band,
    region: 0,
    timing: { anchorMs: 0, frames: 100, ppm: 0, pscn: 0, carriers: allCarriers(band) },
    ...extra,
  },
  rssi: -60,
  fer: 0,
});

test("two bands do not hear each other (§4.6.6): a radio on another band is neither candidate, alien nor scanned", () => {
  const air = new AirSurvey(0);
  air.tuneIn(SYSTEM);
  const list = [
    heard("0A5E000010", "europe"),
    heard("0A5E000020", "north-america"),
    heard("0A5E000030", "north-america", { systemId: 0, domain: 0, alien: true }),
  ];
  air.observe(list, "europe");
  assert.deepEqual(
    air.candidates.map((c) => c.rfpi),
    ["0A5E000010"],
  );
  assert.equal(air.aliens.length, 0);
  assert.deepEqual(air.scan(list).systems, []);
  // Told the North American band, the radio hears the other two only.
  assert.ok(air.observe(list, "north-america"), "a retune is news");
  assert.deepEqual(
    air.candidates.map((c) => c.rfpi),
    ["0A5E000020"],
  );
  assert.deepEqual(
    air.aliens.map((a) => a.rfpi),
    ["0A5E000030"],
  );
  const sa = { ...allCarriers("north-america") };
  assert.equal(
    air.chooseSource({ role: "slave", source: "0A5E000010", carriers: sa, resync: 0 }, undefined),
    undefined,
  );
  assert.equal(
    air.chooseSource({ role: "slave", source: "0A5E000020", carriers: sa, resync: 0 }, undefined)?.beacon.rfpis[0],
    "0A5E000020",
  );
});

test("band and carriers on the wire: round trip, and a received carrier not of the band is refused (§4.6.7)", () => {
  const brazil = { band: "south-america", enabled: [18, 19, 20, 21] } as const;
  const i = { role: "slave", carriers: brazil, resync: 0 } as const;
  assert.deepEqual(instructionFromWire(instructionToWire(i)!), i);
  const b = heard("0A5E000010", "thailand").beacon;
  assert.deepEqual(beaconFromWire(beaconToWire(b), "b"), b);
  const bad = { ...instructionToWire(i)!, band: FrequencyBandWire.BAND_EUROPE };
  assert.throws(
    () => instructionFromWire(bad),
    (e: unknown) => e instanceof DecodeError && /carrier 18 is not in the 1880–1900 MHz/.test(e.message),
  );
  assert.throws(() => instructionFromWire({ ...bad, enabledCarriers: [] }), /at least one carrier/);
  assert.throws(() => instructionFromWire({ ...bad, band: 0 }), DecodeError, "no band");
});
