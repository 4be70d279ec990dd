import assert from "node:assert/strict";
import { test } from "node:test";
import type { Fleet } from "../../sim/Fleet.js";
import { syncFleetYaml } from "../../sim/generators/sync.js";
import type { RadioSyncStatus } from "../../src/sync/RadioSync.js";
import { statusText } from "../../src/device/statusText.js";
import { exampleYaml, runUntilTrue, startFleet } from "../helpers/sim.js";

const NAMES = ["m", "a", "b"];
const radioSync = (f: Fleet, name: string): RadioSyncStatus => f.device(name).status().radio!.sync!;
const synchronized = (f: Fleet) => NAMES.every((n) => f.isUp(n) && radioSync(f, n).state === "synchronized");

test("a new frequency band (§4.6.6) reaches every radio: each counts a sync loss, resynchronises, and uses only the band's enabled carriers (§4.6.7, §4.11.5)", async () => {
  await using f = await startFleet(
    syncFleetYaml({
      name: "bands",
      systemId: 3,
      radios: [
        { name: "m", x: 0, y: 0, syncMode: "master" },
        { name: "a", x: 40, y: 0 },
        { name: "b", x: 80, y: 0 },
      ],
      air: { shadowingDb: 0 },
      faults: [
        // §4.6.7 "For Brazil, the following carriers shall be selected only: 18, 19, 20 and 21."
        { at: "90s", command: "sync-carriers", device: "pari", band: "south-america", carriers: "18,19,20,21" },
      ],
    }),
  );
  assert.ok((await runUntilTrue(f, () => synchronized(f), 89_000, 1000)) !== undefined);
  for (const n of NAMES) {
    const c = radioSync(f, n).carrier!;
    assert.ok(c >= 0 && c <= 9, `${n}: carrier ${c} of 1880–1900 MHz (the default band)`);
  }
  await f.runUntil(91_000);
  // "The number of enabled carriers is changed" (§4.11.5): the radio stops traffic and resynchronises.
  for (const n of NAMES) assert.deepEqual(radioSync(f, n).lastLost?.reasons, ["carriers"], n);
  assert.ok((await runUntilTrue(f, () => synchronized(f), 30_000, 1000)) !== undefined, "all resynchronised");
  for (const n of NAMES) {
    const s = radioSync(f, n);
    assert.equal(s.syncLost, 1, `${n}: one sync loss`);
    assert.ok([18, 19, 20, 21].includes(s.carrier!), `${n}: carrier ${s.carrier} is one of 18, 19, 20, 21`);
  }
  const o = f.device("pari").syncOverview();
  assert.deepEqual([o.band, o.carriers], ["south-america", [18, 19, 20, 21]]);
});

test("a system on 1920–1930 MHz (North America, §4.6.6) uses its 5 carriers only; the Master shows its Region Code (§4.6.22)", async () => {
  const yaml = exampleYaml("redundancy.yaml")
    .replace("master: { mode: active, id: 1 }", "master: { mode: active, id: 1, regionCode: '0*12#' }")
    .replace("pari: { systemId: 1 }", "pari: { systemId: 1, band: north-america }")
    .replace("pari: {} }", "pari: { band: north-america } }");
  await using f = await startFleet(yaml);
  const radios = ["radio-1", "radio-2", "radio-3", "radio-4"];
  const inSync = () => radios.every((n) => radioSync(f, n).state === "synchronized");
  assert.ok((await runUntilTrue(f, inSync, 59_000, 1000)) !== undefined, "all synchronized on the band");
  for (const n of radios) {
    const c = radioSync(f, n).carrier!;
    assert.ok(c >= 23 && c <= 27, `${n}: carrier ${c} is one of 23..27`);
  }
  const master = f.device("master").status().master!;
  assert.equal(master.regionCode, "0*12#");
  assert.match(statusText(f.device("master").status()), /region code 0\*12#/);
});
