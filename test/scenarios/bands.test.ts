import assert from "node:assert/strict";
import { test } from "node:test";
import type { Fleet } from "../../sim/Fleet.js";
import { syncFleetYaml } from "../../sim/generators/sync.js";
import type { RadioSyncStatus } from "../../src/sync/RadioSync.js";
import { runUntilTrue, startFleet } from "../helpers/sim.js";

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
