import assert from "node:assert/strict";
import { test } from "node:test";
import type { SyncMode } from "../../src/sync/overview.js";
import { SyncControl } from "../../src/sync/SyncControl.js";
import type { ReceivedSyncReport } from "../../src/sync/wire.js";
import { DEFAULT_PLAN } from "../../src/role/bands.js";

function report(
  mode: SyncMode,
  region: number,
  hears: string[],
  extra: Partial<ReceivedSyncReport["settings"]> = {},
): ReceivedSyncReport {
  return {
    settings: { mode, region, ...extra },
    state: "synchronized",
    syncLost: 0,
    referenceLocked: false,
    candidates: hears.map((rfpi) => ({ rfpi, rssi: -60, fer: 0 })),
    aliens: [],
  };
}

test("a reference that would close a ring is refused at the PARI Master with a warning; the first one stands", () => {
  const warnings: string[] = [];
  const c = new SyncControl({ maxDepth: 10, carriers: DEFAULT_PLAN }, (code, text) => warnings.push(`${code} ${text}`));
  c.report(
    "m1",
    { name: "a", kind: "IPBS", rfpi: "0A5E000010" },
    report("master", 1, [], { referenceRfpi: "0A5E000020" }),
  );
  c.report("m2", { name: "b", kind: "IPBS", rfpi: "0A5E000020" }, report("master", 2, [], { referenceRfpi: "a" }));
  c.recompute();
  assert.equal(c.instructionFor("m1")?.referenceRefused, undefined);
  assert.equal(c.instructionFor("m1")?.reference, "0A5E000020");
  assert.match(c.instructionFor("m2")?.referenceRefused ?? "", /region 1 → region 2 → region 1/);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^SYNC_REFERENCE_RING b: reference refused/);
  // The ring is broken (b's reference removed): b is no longer refused, and no new warning.
  c.report("m2", { name: "b", kind: "IPBS", rfpi: "0A5E000020" }, report("master", 2, ["0A5E000010"]));
  c.recompute();
  assert.equal(c.instructionFor("m2")?.referenceRefused, undefined);
  assert.equal(warnings.length, 1);
});

test("region statistics: Calculations per computation, Configurations per changed instruction, Sync Lost from counters", () => {
  const c = new SyncControl({ maxDepth: 10, carriers: DEFAULT_PLAN }, () => undefined);
  const who = (n: string) => ({ name: n, kind: "IPBS" as const, rfpi: n.toUpperCase() });
  c.report("1", who("m"), report("master", 0, ["S"]));
  c.report("2", who("s"), report("slave", 0, ["M"]));
  assert.deepEqual(c.recompute().sort(), ["1", "2"]);
  assert.deepEqual(c.recompute(), [], "nothing changed, nothing computed");
  c.report("2", who("s"), { ...report("slave", 0, ["M"]), syncLost: 3 });
  const g = () => c.overview(1).regions[0]!.stats;
  assert.deepEqual(g(), { calculations: 1, configurations: 2, syncLost: 3 });
  c.setCarriers({ band: "europe", enabled: [0, 1, 2, 3, 4] });
  assert.deepEqual(c.recompute().sort(), ["1", "2"], "new carriers go to every radio");
  assert.deepEqual(g(), { calculations: 2, configurations: 4, syncLost: 3 });
  c.clearStats(0);
  assert.deepEqual(g(), { calculations: 0, configurations: 0, syncLost: 0 });
  assert.throws(() => c.setCarriers({ band: "europe", enabled: [] }), /at least one carrier/);
  assert.throws(() => c.setCarriers({ band: "north-america", enabled: [9] }), /carrier 9 is not in the 1920–1930 MHz/);
  c.disconnect("1");
  c.recompute();
  assert.match(c.instructionFor("2")?.note ?? "", /no active sync master/);
});
