import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { colourOf, type SyncNodeView, type SyncOverview, type SyncState } from "../../src/sync/overview.js";
import { syncTreeText } from "../../src/sync/overviewText.js";
import { fixtureOverview, rfpiOf } from "./fixtures.js";

/** A radio of the small hand-made site below; `n` is its radio number. */
function radio(n: number, name: string, more: Partial<SyncNodeView> & { state?: SyncState } = {}): SyncNodeView {
  const state = more.state ?? "synchronized";
  return {
    name,
    mac: `00:90:33:00:00:${n.toString(16).padStart(2, "0")}`,
    rfpi: rfpiOf(n),
    mode: "slave",
    role: "slave",
    state,
    colour: colourOf(state, more.rssi, more.fer),
    syncLost: 0,
    candidates: [],
    ...more,
  };
}

const small: SyncOverview = {
  systemId: 12,
  maxDepth: 4,
  band: "europe",
  carriers: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  regions: [
    {
      region: 3,
      activeMaster: rfpiOf(10),
      reference: { rfpi: rfpiOf(1), name: "ipbs-hall", region: 0, locked: true },
      stats: { calculations: 4, configurations: 212, syncLost: 3 },
      nodes: [
        radio(10, "ipbs-10", {
          mode: "master",
          role: "active-master",
          level: 0,
          source: rfpiOf(1),
          rssi: -60,
          fer: 0,
          syncLost: 1,
        }),
        radio(11, "ipbs-11", { level: 1, source: rfpiOf(10), state: "searching", rssi: -70, fer: 0, syncLost: 4 }),
        radio(2, "ipbs-2", { level: 1, source: rfpiOf(10), rssi: -84.44, fer: 3.25 }),
        radio(3, "ipbs-3", { role: "standby-candidate", level: 2, source: rfpiOf(2), rssi: -65, fer: 0 }),
        radio(4, "cellar", { state: "searching", note: "no usable signal path" }),
      ],
    },
    { region: 5, stats: { calculations: 0, configurations: 0, syncLost: 0 }, nodes: [] },
  ],
};

describe("Air Sync Overview as a text tree (§4.12.1)", () => {
  test("reference on top, the tree with rails, siblings by name (ipbs-2 before ipbs-11), radios outside it last", () => {
    assert.equal(
      syncTreeText(small),
      [
        "Air Sync Overview (§4.12.1), System ID 12, max depth 4, band europe, carriers 0,1,2,3,4,5,6,7,8,9",
        "[G] synchronized  [Y] synchronized, RSSI < -83 dBm or FER > 15%  [R] unsynchronized  [-] reference sync RFPI",
        "",
        "Region 3 (5 radios): active sync master ipbs-10 10A5E0B00A; Calculations 4  Configurations 212  Sync Lost 3",
        "  [-] ipbs-hall        10A5E0B001                               reference sync, region 0, locked",
        "  └─ [G] ipbs-10       10A5E0B00A    -60 dBm  FER 0%    lost 1  active sync master",
        "     ├─ [Y] ipbs-2     10A5E0B002  -84.4 dBm  FER 3.3%  lost 0",
        "     │  └─ [G] ipbs-3  10A5E0B003    -65 dBm  FER 0%    lost 0  standby candidate",
        "     └─ [R] ipbs-11    10A5E0B00B    -70 dBm  FER 0%    lost 4  searching",
        "  Not in tree (1)",
        "    [R] cellar  10A5E0B004  lost 0  searching, no usable signal path",
        "",
        "Region 5 (0 radios): no active sync master; Calculations 0  Configurations 0  Sync Lost 0",
        "  no radios",
        "",
      ].join("\n"),
    );
  });

  test("the 200-radio site: each radio of a region on exactly one line of its section, in every colour", () => {
    const site = fixtureOverview(200);
    const sections = syncTreeText(site).split("\n\n").slice(1);
    assert.equal(sections.length, site.regions.length);
    for (const [i, r] of site.regions.entries()) {
      const lines = sections[i]!.split("\n").slice(1); // below the header, which names the master
      for (const n of r.nodes) {
        const on = lines.filter((l) => l.includes(` ${n.name} `) && l.includes(n.rfpi));
        assert.equal(on.length, 1, `${n.name} in region ${r.region}`);
        assert.ok(on[0]!.includes({ green: "[G]", yellow: "[Y]", red: "[R]", grey: "[-]" }[n.colour]));
        assert.ok(on[0]!.includes(`lost ${n.syncLost}`));
      }
    }
  });

  test("a radio whose source is outside the region, and radios in a loop, are shown once each and say whom they follow", () => {
    const region = small.regions[0]!;
    const odd: SyncOverview = {
      ...small,
      regions: [
        {
          ...region,
          nodes: [
            ...region.nodes,
            radio(20, "stray", { level: 1, source: "2B7700C009", rssi: -70, fer: 0 }),
            radio(21, "loop-a", { level: 2, source: rfpiOf(22) }),
            radio(22, "loop-b", { level: 3, source: rfpiOf(21) }),
          ],
        },
      ],
    };
    const lines = syncTreeText(odd)
      .split("\n")
      .filter((l) => !l.startsWith("Region "));
    const line = (name: string) => lines.filter((l) => l.includes(` ${name} `));
    assert.equal(line("stray").length, 1);
    assert.match(line("stray")[0]!, /^ {2}\[G\] stray .*follows 2B7700C009$/);
    assert.match(
      line("loop-a")[0]!,
      /^ {2}\[G\] loop-a .*follows 10A5E0B016$/,
      "the loop is cut at its member nearest the master",
    );
    assert.match(line("loop-b")[0]!, /^ {2}└─ \[G\] loop-b /);
    for (const n of [...region.nodes, { name: "loop-b" }]) assert.equal(line(n.name).length, 1, n.name);
  });

  test("deterministic: the same text whatever the order of the radios in the input", () => {
    const site = fixtureOverview(200);
    const reversed = { ...site, regions: site.regions.map((r) => ({ ...r, nodes: [...r.nodes].reverse() })) };
    assert.equal(syncTreeText(reversed), syncTreeText(site));
  });
});
