import fc from "fast-check";

/** Arbitrary field values for the sync messages (well-formed protobuf, any content), shared by the parser fuzzers. */
const text = fc.oneof(fc.string({ maxLength: 80 }), fc.constant("10A5E0B001"));
const int = fc.integer({ min: -300, max: 300 });

export const syncReportArb = fc.record({
  mode: fc.nat(4),
  region: fc.nat(300),
  syncRfpi: text,
  altSyncRfpi: text,
  referenceRfpi: text,
  altReferenceRfpi: text,
  state: fc.nat(6),
  source: text,
  rssi: int,
  fer: fc.nat(200),
  syncLost: fc.nat(),
  referenceLocked: fc.boolean(),
  candidates: fc.array(fc.record({ rfpi: text, rssi: int, fer: fc.nat(200) }), { maxLength: 4 }),
  aliens: fc.array(fc.record({ rfpi: text, systemId: fc.nat(400), rssi: int }), { maxLength: 3 }),
});

export const instructionArb = fc.record({
  role: fc.nat(4),
  source: text,
  alternative: text,
  band: fc.nat(5),
  enabledCarriers: fc.array(fc.nat(30), { maxLength: 12 }),
  resync: fc.nat(),
  note: text,
  referenceRefused: text,
  reference: text,
  altReference: text,
  waitReference: fc.boolean(),
});

const timingArb = fc.record({
  anchorMs: fc.double(),
  frames: fc.double(),
  ppm: fc.double({ min: -2000, max: 2000 }),
  pscn: fc.nat(12),
  band: fc.nat(5),
  enabledCarriers: fc.array(fc.nat(30), { maxLength: 12 }),
});

export const beaconArb = fc.record({
  rfpis: fc.array(text, { maxLength: 3 }),
  systemId: fc.nat(400),
  domain: fc.nat(),
  band: fc.nat(5),
  region: int,
  timing: fc.option(timingArb, { nil: undefined }),
  holdover: fc.boolean(),
  alien: fc.boolean(),
});
