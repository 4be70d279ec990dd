import { SeededRng } from "../../src/core/Rng.js";
import {
  colourOf,
  type SyncColour,
  type SyncNodeView,
  type SyncOverview,
  type SyncReferenceView,
  type SyncRegionView,
  type SyncState,
} from "../../src/sync/overview.js";

/** Radio number → class B RFPI of System ID 12 (docs/user-guide.md, "RFPIs"). */
export const rfpiOf = (n: number): string => `10A5E0B${n.toString(16).toUpperCase().padStart(3, "0")}`;

export const ESCAPED_NAME = `lab <&"> 'q'`;

export interface RegionOptions {
  readonly region: number;
  /** Radios in the tree; numbered from `first` on so that RFPIs stay unique across regions. */
  readonly radios: number;
  readonly first: number;
  readonly seed: string;
  readonly maxDepth: number;
  readonly reference?: SyncReferenceView;
  /** Radios that are not in the tree: name and the PARI Master's reason. */
  readonly outside?: readonly { readonly name: string; readonly note: string }[];
}

/**
 * One region with a seeded random tree: each radio follows a random earlier one above the depth limit; about one
 * in six hears its source weakly (yellow), one in 25 lost sync (red, still in the tree where it was placed).
 */
export function fixtureRegion(opts: RegionOptions): SyncRegionView {
  const rng = new SeededRng(opts.seed);
  const nodes: SyncNodeView[] = [];
  const base = (i: number, name: string, state: SyncState, rssi?: number, fer?: number) => ({
    name,
    mac: `00:90:33:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 0xff).toString(16).padStart(2, "0")}`,
    rfpi: rfpiOf(i),
    mode: "slave" as const,
    state,
    colour: colourOf(state, rssi, fer),
    syncLost: rng.int(4) === 0 ? 1 + rng.int(5) : 0,
    ...(rssi !== undefined && { rssi }),
    ...(fer !== undefined && { fer }),
  });
  const candidate = (rfpi: string) => ({ rfpi, rssi: -45 - rng.int(50), fer: rng.int(8) === 0 ? 20 : 0 });
  for (let k = 0; k < opts.radios; k++) {
    const i = opts.first + k;
    const name = `r${opts.region}-${String(k + 1).padStart(3, "0")}`;
    if (k === 0) {
      const ref = opts.reference;
      const [rssi, fer] = ref === undefined ? [undefined, undefined] : [-62, 0];
      nodes.push({
        ...base(i, name, "synchronized", rssi, fer),
        mode: "master",
        role: "active-master",
        level: 0,
        ...(ref !== undefined && { source: ref.rfpi }),
        candidates: ref === undefined ? [] : [{ rfpi: ref.rfpi, rssi: -62, fer: 0 }],
      });
      continue;
    }
    const open = nodes.filter((n) => (n.level ?? opts.maxDepth) < opts.maxDepth);
    const parent = open[rng.int(open.length)]!;
    const rssi = -50 - rng.int(40);
    const fer = rng.int(10) === 0 ? 16 + rng.int(30) : rng.int(3);
    const state: SyncState = rng.int(25) === 0 ? "searching" : "synchronized";
    const others = Array.from({ length: rng.int(3) }, () => candidate(nodes[rng.int(nodes.length)]!.rfpi));
    nodes.push({
      ...base(i, name, state, rssi, fer),
      role: k === 1 ? "standby-candidate" : "slave",
      level: parent.level! + 1,
      source: parent.rfpi,
      candidates: [{ rfpi: parent.rfpi, rssi, fer }, ...others.filter((c) => c.rfpi !== parent.rfpi)],
    });
  }
  (opts.outside ?? []).forEach(({ name, note }, j) =>
    nodes.push({
      ...base(opts.first + opts.radios + j, name, "searching"),
      role: "slave",
      candidates: [candidate(nodes[0]!.rfpi)].map((c) => ({ ...c, rssi: -91 })),
      note,
    }),
  );
  return {
    region: opts.region,
    activeMaster: rfpiOf(opts.first),
    ...(opts.reference && { reference: opts.reference }),
    stats: { calculations: 1 + rng.int(9), configurations: opts.radios + rng.int(300), syncLost: rng.int(6) },
    nodes,
  };
}

/**
 * A site of `radios` radios in the tree over three regions (45 %, 35 %, 20 %), plus two that are not in it.
 * Region 0 has no reference; region 1 takes reference sync from a region 0 radio (locked), region 2 from an alien
 * RFPI (not locked). Region 2's second radio is named with XML special characters.
 */
export function fixtureOverview(radios = 200, seed = "sync-fixture"): SyncOverview {
  const sizes = [Math.ceil(radios * 0.45), Math.ceil(radios * 0.35)];
  sizes.push(radios - sizes[0]! - sizes[1]!);
  const maxDepth = 6;
  const r0 = fixtureRegion({ region: 0, radios: sizes[0]!, first: 1, seed: `${seed}/0`, maxDepth });
  const r1 = fixtureRegion({
    region: 1,
    radios: sizes[1]!,
    first: 1 + sizes[0]!,
    seed: `${seed}/1`,
    maxDepth,
    reference: { rfpi: r0.nodes[1]!.rfpi, name: r0.nodes[1]!.name, region: 0, locked: true },
    outside: [{ name: "r1-cellar", note: "no usable signal path" }],
  });
  const r2 = fixtureRegion({
    region: 2,
    radios: sizes[2]!,
    first: 2 + sizes[0]! + sizes[1]!,
    seed: `${seed}/2`,
    maxDepth,
    reference: { rfpi: "2B7700C001", locked: false },
    outside: [{ name: "r2-roof", note: `depth limit ${maxDepth} reached` }],
  });
  const nodes = r2.nodes.map((n, i) => (i === 1 ? { ...n, name: ESCAPED_NAME } : n));
  return {
    systemId: 12,
    maxDepth,
    band: "europe",
    carriers: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    regions: [r0, r1, { ...r2, nodes }],
  };
}

/** Dots per colour the pictures must show: every radio's own, and a grey one per reference sync RFPI. */
export function coloursOf(o: SyncOverview): Record<SyncColour, number> {
  const count: Record<SyncColour, number> = { green: 0, yellow: 0, red: 0, grey: 0 };
  for (const r of o.regions) {
    for (const n of r.nodes) count[n.colour]++;
    if (r.reference !== undefined) count.grey++;
  }
  return count;
}
