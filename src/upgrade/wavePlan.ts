import type { PariOverview } from "../pari/overview.js";
import type { SyncOverview, SyncRole } from "../sync/overview.js";

/**
 * How many of its best-heard radios a radio keeps up while it resets: its area's cover. More makes safer waves and
 * more of them (a radio of a dense site hears 30–130 others, bench/sync.ts; all of them would make dozens of waves).
 */
export const NEIGHBOURS = 3;

/** One radio of a site as the rolling upgrade sees it: where it is in its sync region, and who hears it. */
export interface SiteRadio {
  readonly name: string;
  readonly ip: string;
  readonly region: number;
  readonly role: SyncRole | undefined;
  /** The radio it takes its sync from (§4.6.36), by name; undefined for a sync master or a radio out of the tree. */
  readonly source: string | undefined;
  /**
   * Its nearest neighbours: the sync candidates it receives best (§4.12.1), at most NEIGHBOURS, by name. Their cells
   * overlap its own most, so a handset in its area moves to them while it resets.
   */
  readonly neighbours: readonly string[];
}

/** The Masters of §4.15.2's sequence, by device name (absent: the site has none). */
export interface SiteMasters {
  readonly standbyMobilityMaster?: string;
  readonly mobilityMaster?: string;
  readonly standbyMaster?: string;
  readonly master: string;
}

export type StepKind = "standby-mobility-master" | "mobility-master" | "radios" | "standby-master" | "master";

export interface UpgradeStep {
  readonly kind: StepKind;
  readonly devices: readonly string[];
}

export interface UpgradePlan {
  readonly steps: readonly UpgradeStep[];
  /**
   * Why the plan cannot keep coverage, sync or service for some radio: one without a neighbour (its area has no
   * coverage while it resets), a region with a single sync master candidate (the region has no sync source while it
   * resets), a Master without a Standby (its radios have no Master while it resets).
   */
  readonly gaps: readonly string[];
}

/**
 * The radios of a site from its PARI Master's overviews (§4.11.1, §4.12.1): names and addresses from the device
 * overview, sync roles, sources and candidates from the Air Sync Overview (RFPIs turned into names).
 */
export function siteRadios(pari: PariOverview, sync: SyncOverview | undefined): SiteRadio[] {
  // A radio by its Device Name (§4.11.1), as the Air Sync Overview names it too; its RFPIs name it in candidates.
  const nameOfRfpi = new Map<string, string>();
  for (const r of pari.radios) for (const rfpi of r.rfpis) nameOfRfpi.set(rfpi, r.deviceName);
  const nodes = new Map((sync?.regions ?? []).flatMap((g) => g.nodes.map((n) => [n.mac, n] as const)));
  return pari.radios.map((r) => {
    const n = nodes.get(r.mac);
    const named = (rfpi: string | undefined) => (rfpi === undefined ? undefined : nameOfRfpi.get(rfpi));
    const neighbours = [...(n?.candidates ?? [])]
      .sort((a, b) => b.rssi - a.rssi)
      .flatMap((c) => named(c.rfpi) ?? [])
      .filter((x) => x !== r.deviceName);
    return {
      name: r.deviceName,
      ip: r.ip,
      region: r.region,
      role: n?.role,
      source: n?.role === "slave" ? named(n.source) : undefined,
      neighbours: [...new Set(neighbours)].slice(0, NEIGHBOURS),
    };
  });
}

/**
 * §4.15.2's sequence: "1. Standby Mobility Master, 2. Mobility Master, 3. Radios, 4. Standby Master, 5. Master"; the
 * radios in waves of at most `maxWave`, so that while a wave resets every handset keeps coverage and every sync region
 * keeps a sync source. Two radios are never in one wave when
 * - one is among the other's nearest neighbours (a handset between them would lose both; each radio in a wave keeps
 *   all its nearest neighbours up), or
 * - one takes its sync from the other (the child would lose its source and its alternative at once);
 * and a radio goes in a wave only with a neighbour outside it. The sync master candidates of a region come last, one
 * per wave, the active one after the standby one: when the active one resets, the upgraded standby candidate takes
 * the region over (§4.6.36). Leaves of the sync trees go first, so a parent resets after its children came back.
 */
export function planUpgrade(radios: readonly SiteRadio[], masters: SiteMasters, maxWave: number): UpgradePlan {
  const gaps: string[] = [];
  const byName = new Map(radios.map((r) => [r.name, r]));
  const heard = new Map<string, Set<string>>(radios.map((r) => [r.name, new Set<string>()]));
  for (const r of radios)
    for (const n of r.neighbours)
      if (byName.has(n)) {
        heard.get(r.name)!.add(n);
        heard.get(n)!.add(r.name);
      }
  for (const r of radios) if (heard.get(r.name)!.size === 0) gaps.push(`${r.name}: no neighbour carries its area`);
  const regions = new Map<number, SiteRadio[]>();
  for (const r of radios) regions.set(r.region, [...(regions.get(r.region) ?? []), r]);
  for (const [region, members] of regions) {
    const candidates = members.filter((r) => r.role === "active-master" || r.role === "standby-candidate");
    if (candidates.length === 1) gaps.push(`region ${region}: one sync master candidate (${candidates[0]!.name})`);
  }
  if (masters.standbyMaster === undefined)
    gaps.push(`${masters.master}: no Standby Master, its radios have no Master while it resets (§4.6.19)`);
  const conflict = (a: SiteRadio, b: SiteRadio) =>
    heard.get(a.name)!.has(b.name) || a.source === b.name || b.source === a.name;
  const waves: SiteRadio[][] = [];
  for (const r of [...radios].sort((a, b) => rank(a) - rank(b) || depth(b, byName) - depth(a, byName))) {
    // Sync master candidates wait for every other radio, and go one per wave.
    const candidate = r.role === "active-master" || r.role === "standby-candidate";
    const from = candidate ? waves.length : 0;
    let wave = waves.slice(from).find((w) => w.length < maxWave && w.every((x) => !conflict(r, x)));
    if (wave === undefined) waves.push((wave = []));
    wave.push(r);
  }
  const step = (kind: StepKind, name: string | undefined): UpgradeStep[] =>
    name === undefined ? [] : [{ kind, devices: [name] }];
  return {
    steps: [
      ...step("standby-mobility-master", masters.standbyMobilityMaster),
      ...step("mobility-master", masters.mobilityMaster),
      ...waves.map((w) => ({ kind: "radios" as const, devices: w.map((r) => r.name).sort() })),
      ...step("standby-master", masters.standbyMaster),
      ...step("master", masters.master),
    ],
    gaps,
  };
}

/** Ordinary radios first, then standby sync master candidates, then active sync masters. */
function rank(r: SiteRadio): number {
  return r.role === "active-master" ? 2 : r.role === "standby-candidate" ? 1 : 0;
}

/** Hops from the radio up to its region's sync master (0 when it has no source). */
function depth(r: SiteRadio, byName: ReadonlyMap<string, SiteRadio>): number {
  let d = 0;
  for (let s = r.source; s !== undefined && d < byName.size; s = byName.get(s)?.source) d++;
  return d;
}
