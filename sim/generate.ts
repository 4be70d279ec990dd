import { formatYaml } from "../src/core/config/yamlSource.js";
import { Ipei } from "../src/core/identity/Ipei.js";

export interface RedundancyFleetSpec {
  readonly radios: number;
  readonly mode: "standby" | "mirror";
  readonly loss?: number;
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  readonly faults?: readonly Record<string, unknown>[];
  readonly until?: string;
}

const hex = (n: number) => n.toString(16).padStart(2, "0");
/** The n-th generated radio's MAC and address (n ≥ 1): 00:90:33:02:hh:ll on 127.0.(2 + n/256).(n%256). */
const radioMac = (n: number) => `00:90:33:02:${hex(n >> 8)}:${hex(n & 0xff)}`;
const radioIp = (n: number) => `127.0.${2 + (n >> 8)}.${n & 0xff}`;

/**
 * YAML of a Master pair (Master + Standby, or two Mirrors) with `radios` IPBS radios: the fleets behind the
 * redundancy tests and benchmarks. Masters are "a" (127.0.1.1) and "b" (127.0.1.2); radios radio-1… on 127.0.2.x+.
 */
export function redundancyFleetYaml(spec: RedundancyFleetSpec): string {
  const a = "127.0.1.1";
  const b = "127.0.1.2";
  const masters =
    spec.mode === "standby"
      ? [
          { name: "a", kind: "IPVM", mac: "00:90:33:01:00:01", ip: a, master: { mode: "active", id: 1 }, pari: {} },
          {
            name: "b",
            kind: "IPVM",
            mac: "00:90:33:01:00:02",
            ip: b,
            master: { mode: "standby", id: 1, primary: a },
            pari: {},
          },
        ]
      : [
          {
            name: "a",
            kind: "IPVM",
            mac: "00:90:33:01:00:01",
            ip: a,
            master: { mode: "mirror", id: 1, mirrorPeer: b },
            pari: {},
          },
          {
            name: "b",
            kind: "IPVM",
            mac: "00:90:33:01:00:02",
            ip: b,
            master: { mode: "mirror", id: 1, mirrorPeer: a },
            pari: {},
          },
        ];
  const radios = Array.from({ length: spec.radios }, (_, i) => ({
    name: `radio-${i + 1}`,
    kind: "IPBS",
    mac: radioMac(i + 1),
    ip: radioIp(i + 1),
    radio: { master: a, alternateMaster: b },
  }));
  return formatYaml({
    name: `${spec.mode}-${spec.radios}`,
    until: spec.until ?? "5m",
    network: { latencyMs: spec.latencyMs ?? 2, jitterMs: spec.jitterMs ?? 3, loss: spec.loss ?? 0 },
    devices: [...masters, ...radios],
    faults: spec.faults ?? [],
  });
}

export interface SiteFleetSpec {
  readonly name: string;
  readonly ipbs: number;
  readonly ipbl: number;
  /** RFPs on each IPBL's ports. */
  readonly rfps: number;
  readonly systemId: number;
  readonly until?: string;
  readonly comment?: string;
}

/**
 * YAML of a PARI site: a PARI Master (127.0.1.1) and a Standby PARI Master (127.0.1.2), both without radio (§4.6.34
 * advises it for large systems), then `ipbs` IPBS and `ipbl` IPBLs, placed on a 30 m grid, 20 to a row.
 */
export function siteFleetYaml(spec: SiteFleetSpec): string {
  const a = "127.0.1.1";
  const b = "127.0.1.2";
  const pariMasters = [
    {
      name: "pari",
      kind: "IPBS",
      mac: "00:90:33:01:00:01",
      ip: a,
      master: { mode: "active" },
      pari: { systemId: spec.systemId },
    },
    {
      name: "pari-standby",
      kind: "IPBS",
      mac: "00:90:33:01:00:02",
      ip: b,
      master: { mode: "standby", primary: a },
      pari: {},
    },
  ];
  const radio = (n: number, kind: "IPBS" | "IPBL") => ({
    name: `${kind.toLowerCase()}-${n}`,
    kind,
    mac: radioMac(n),
    ip: radioIp(n),
    radio: { pariMaster: a, altPariMaster: b, ...(kind === "IPBL" ? { rfps: spec.rfps } : {}) },
    position: { x: ((n - 1) % 20) * 30, y: Math.floor((n - 1) / 20) * 30 },
  });
  const radios = [
    ...Array.from({ length: spec.ipbs }, (_, i) => radio(i + 1, "IPBS")),
    ...Array.from({ length: spec.ipbl }, (_, i) => radio(spec.ipbs + i + 1, "IPBL")),
  ];
  // One device per line (JSON is YAML): a 2000-radio file stays readable.
  const lines = [
    ...(spec.comment === undefined ? [] : spec.comment.split("\n").map((l) => `# ${l}`)),
    `name: ${spec.name}`,
    `until: ${spec.until ?? "1m"}`,
    "devices:",
    ...[...pariMasters, ...radios].map((d) => `  - ${JSON.stringify(d)}`),
  ];
  return lines.join("\n") + "\n";
}

/** One radio of a sync fleet: where it is and its air sync settings (§4.6.36). */
export interface SyncRadioSpec {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly floor?: number;
  readonly kind?: "IPBS" | "IPBL";
  readonly region?: number;
  readonly syncMode?: "master" | "slave" | "restricted";
  readonly syncRfpi?: string;
  readonly altSyncRfpi?: string;
  readonly referenceRfpi?: string;
  readonly altReferenceRfpi?: string;
  readonly resync?: "manual" | "scheduled";
}

export interface SyncFleetSpec {
  readonly name: string;
  readonly systemId: number;
  readonly radios: readonly SyncRadioSpec[];
  /** The fleet's `air` section (model settings, buildings, walls, aliens). */
  readonly air?: Record<string, unknown>;
  readonly pari?: Record<string, unknown>;
  readonly faults?: readonly Record<string, unknown>[];
  readonly until?: string;
  readonly comment?: string;
  /**
   * The address of the PARI Master (0) and of the n-th radio (1…); by default 127.0.1.1 and 127.0.2.n. Real-node
   * tests move a fleet into a loopback block of their own.
   */
  readonly ip?: (n: number) => string;
}

/** The devices of an air sync site: a PARI Master without radio, then the given radios at their places. */
export function syncFleetDevices(
  spec: Pick<SyncFleetSpec, "systemId" | "radios" | "pari" | "ip">,
): Record<string, unknown>[] {
  const ip = spec.ip ?? ((n: number) => (n === 0 ? "127.0.1.1" : radioIp(n)));
  const pariMaster = {
    name: "pari",
    kind: "IPBS",
    mac: "00:90:33:01:00:01",
    ip: ip(0),
    master: { mode: "active" },
    pari: { systemId: spec.systemId, ...spec.pari },
  };
  const radios = spec.radios.map((r, i) => {
    const { name, x, y, floor, kind, ...sync } = r;
    return {
      name,
      kind: kind ?? "IPBS",
      mac: radioMac(i + 1),
      ip: ip(i + 1),
      radio: { pariMaster: ip(0), ...sync },
      position: { x, y, floor: floor ?? 0 },
    };
  });
  return [pariMaster, ...radios];
}

/**
 * YAML of an air sync site (syncFleetDevices), one device per line.
 * Used by examples/campus.yaml, the sync tests and `npm run bench -- sync`.
 */
export function syncFleetYaml(spec: SyncFleetSpec): string {
  const lines = [
    ...(spec.comment === undefined ? [] : spec.comment.split("\n").map((l) => `# ${l}`)),
    `name: ${spec.name}`,
    `until: ${spec.until ?? "2m"}`,
    ...(spec.air === undefined ? [] : [`air: ${JSON.stringify(spec.air)}`]),
    "devices:",
    ...syncFleetDevices(spec).map((d) => `  - ${JSON.stringify(d)}`),
    ...(spec.faults === undefined || spec.faults.length === 0
      ? []
      : ["faults:", ...spec.faults.map((f) => `  - ${JSON.stringify(f)}`)]),
  ];
  return lines.join("\n") + "\n";
}

/** One building of the campus example: its plan, sync region and reference (§4.6.36 Sync Regions). */
interface CampusBuilding {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly region: number;
  /** Where its two sync master candidates stand (floor 1), and the radio of another building they take reference from. */
  readonly masters: readonly [number, number][];
  readonly reference?: string;
}

const CAMPUS_BUILDINGS: readonly CampusBuilding[] = [
  {
    name: "a",
    x: 0,
    y: 0,
    region: 1,
    masters: [
      [77, 30],
      [63, 30],
    ],
  },
  {
    name: "b",
    x: 165,
    y: 0,
    region: 2,
    masters: [
      [172, 30],
      [172, 50],
    ],
    reference: "a-1-m11",
  },
  {
    name: "c",
    x: 60,
    y: 75,
    region: 3,
    masters: [
      [130, 82],
      [116, 82],
    ],
    reference: "a-1-s10",
  },
];
const CAMPUS_WIDTH = 150;
const CAMPUS_DEPTH = 60;
const CAMPUS_FLOORS = 3;

/**
 * examples/campus.yaml: three buildings of three floors, about 100 radios each, one sync region per building with
 * reference sync from building a to b and c, glass facades, a fire wall in building a, and a neighbour's DECT system
 * (System ID 77) across the road. Radios are named <building>-<floor>-<row><column>, rows n(orth), m(iddle), s(outh).
 */
export function campusFleetYaml(): string {
  const radios: SyncRadioSpec[] = [];
  for (const b of CAMPUS_BUILDINGS)
    for (let floor = 0; floor < CAMPUS_FLOORS; floor++)
      for (let row = 0; row < 3; row++)
        for (let col = 0; col < 11; col++) {
          const x = b.x + 5 + col * 14;
          const y = b.y + 10 + row * 20;
          const master = floor === 1 && b.masters.some(([mx, my]) => Math.abs(mx - x) < 7 && Math.abs(my - y) < 10);
          radios.push({
            name: `${b.name}-${floor}-${"nms"[row]}${col + 1}`,
            x,
            y,
            floor,
            region: b.region,
            ...(master ? { syncMode: "master" as const } : {}),
            ...(master && b.reference !== undefined
              ? { referenceRfpi: b.reference, resync: "scheduled" as const }
              : {}),
          });
        }
  return syncFleetYaml({
    name: "campus",
    systemId: 21,
    radios,
    until: "5m",
    comment: [
      "A campus: three buildings (a, b, c) of three floors with about 100 IPBS each, one sync region per building",
      "(1, 2, 3), reference sync from building a to b and c (§4.6.36 Sync Regions), glass facades, a fire wall in a,",
      "and a neighbour's DECT system (System ID 77) across the road. Generated by campusFleetYaml (src/sim/generate.ts).",
      "  ipdect sim examples/campus.yaml --sync-svg campus.svg     # the Air Sync Overview picture (§4.12.1)",
      "At 3 minutes the active sync master of building b stops; a standby candidate takes over.",
    ].join("\n"),
    air: {
      wallLossDb: 6,
      buildings: CAMPUS_BUILDINGS.map((b) => ({
        name: b.name,
        x: b.x,
        y: b.y,
        width: CAMPUS_WIDTH,
        depth: CAMPUS_DEPTH,
      })),
      walls: [{ from: [75, 0], to: [75, 60], lossDb: 10 }],
      aliens: [{ name: "neighbour", systemId: 77, position: { x: 250, y: 110, floor: 0 } }],
    },
    faults: [{ at: "3m", stop: "b-1-m1" }],
  });
}

/**
 * examples/users-4000.yaml: a PARI Master with its Standby, 200 IPBS in one building (2 floors of 10 × 10, 15 m
 * apart, sync masters in the middle of each floor), 4000 handsets subscribing to their users with the system AC,
 * 500 of them roaming, and the Master failing mid-run.
 */
export function usersFleetYaml(): string {
  const radios: SyncRadioSpec[] = [];
  for (let floor = 0; floor < 2; floor++)
    for (let row = 0; row < 10; row++)
      for (let col = 0; col < 10; col++)
        radios.push({
          name: `r-${floor}-${row}${col}`,
          x: 5 + col * 15,
          y: 5 + row * 15,
          floor,
          ...(row === 5 && col === 5 ? { syncMode: "master" as const } : {}),
        });
  const devices = syncFleetDevices({
    systemId: 40,
    radios,
    ip: (n) => (n === 0 ? "10.0.0.1" : `10.0.${2 + (n >> 8)}.${n & 255}`),
  });
  const standby = {
    name: "standby",
    kind: "IPVM",
    mac: "00:90:33:01:00:02",
    ip: "10.0.0.2",
    master: { mode: "standby", primary: "10.0.0.1" },
    pari: {},
  };
  // An IPVM PARI Master: an IPBS one holds 127 IPBS at most (§4.6.34).
  const withStandby = devices.map((d) =>
    d["radio"] === undefined
      ? { ...d, kind: "IPVM" }
      : { ...d, radio: { ...(d["radio"] as object), altPariMaster: "10.0.0.2" } },
  );
  const lines = [
    "# 4000 users and handsets on 200 radios (§3.14 Easy Registration, §4.6.2 With System AC): users 2000-5999 are",
    "# created on the PARI Master with their handsets' IPEIs; each handset subscribes with the system AC through the",
    "# radio it hears best once that radio is air-synchronised, 500 roam to other places from 6 minutes on, and at",
    "# 8 minutes the Master stops: the Standby has every user and subscription (§4.5.3.1 full replication) and the",
    "# handsets register their locations with it. Generated by usersFleetYaml (src/sim/generate.ts).",
    "#   ipdect sim examples/users-4000.yaml     # the report's `handsets` tells how many are subscribed and located",
    "name: users-4000",
    "until: 12m",
    "devices:",
    ...[withStandby[0]!, standby, ...withStandby.slice(1)].map((d) => `  - ${JSON.stringify(d)}`),
    "handsets:",
    "  subscription: system-ac",
    "  groups:",
    `    - ${JSON.stringify({
      count: 4000,
      firstNumber: 2000,
      subscribeAt: "1m",
      spread: "2m",
      locateInterval: "1m",
      roam: { count: 500, at: "6m", spread: "1m" },
    })}`,
    "faults:",
    `  - ${JSON.stringify({ at: "8m", stop: "pari" })}`,
  ];
  return lines.join("\n") + "\n";
}

/** A Master/Standby pair whose users register with simulated PBXs (sipFleetYaml). */
export interface SipFleetSpec {
  readonly users: number;
  /** Registration TTL (§4.6.23), seconds. */
  readonly ttlS?: number;
  /** Number of PBXs: Proxy, then Alt. Proxy 1.. (at most 4). */
  readonly pbxs?: number;
  /** Extra gatekeeper settings (YAML shape). */
  readonly gatekeeper?: Record<string, unknown>;
  readonly faults?: readonly Record<string, unknown>[];
  readonly until?: string;
  /** The DECT system password of both Masters (§4.6.1), e.g. for registration with system password. */
  readonly systemPassword?: string;
  /** The fleet's DNS (SRV and A records); both Masters then use DNS server 10.0.9.53 (App. D.2). */
  readonly dns?: Record<string, unknown>;
}

/** The address of simulated PBX `i` (0-based). */
export const simPbxIp = (i: number): string => `10.0.9.${i + 1}`;

/**
 * A fleet of a Master and its Standby (IPVM, no radios) whose `users` users (numbers 1000…) all have subscribed
 * handsets (App. C `subs`) and register with the fleet's PBXs (§4.6.23). Each user's password is `pw-<number>`, which
 * the PBXs check by their passwordPrefix. Used by examples/sip-4000.yaml and the SIP tests.
 */
export function sipFleetYaml(spec: SipFleetSpec): string {
  const pbxs = spec.pbxs ?? 2;
  const gatekeeper = {
    protocol: "sip-udp",
    proxy: simPbxIp(0),
    altProxies: Array.from({ length: pbxs - 1 }, (_, i) => simPbxIp(i + 1)),
    domain: "ipdect.sim",
    registrationTtlS: spec.ttlS ?? 120,
    ...spec.gatekeeper,
  };
  const users = Array.from({ length: spec.users }, (_, i) => {
    const number = String(1000 + i);
    return {
      longName: `User ${number}`,
      name: number,
      number,
      password: `pw-${number}`,
      ipei: Ipei.create(0x3f1, 10_000 + i).toString(),
      subs: (0x5000_0000 + i).toString(16).padStart(32, "0"),
    };
  });
  const system = {
    ...(spec.systemPassword === undefined ? {} : { system: { name: "IPDECT", password: spec.systemPassword } }),
    ...(spec.dns === undefined ? {} : { dns: "10.0.9.53" }),
  };
  const master = {
    name: "master",
    kind: "IPVM",
    mac: "00:90:33:02:00:01",
    ip: "10.0.0.1",
    master: { mode: "active" },
    ...system,
  };
  const standby = {
    ...system,
    name: "standby",
    kind: "IPVM",
    mac: "00:90:33:02:00:02",
    ip: "10.0.0.2",
    master: { mode: "standby", primary: "10.0.0.1" },
  };
  const lines = [
    `name: sip-${spec.users}`,
    `until: ${spec.until ?? "10m"}`,
    "pbx:",
    ...Array.from(
      { length: pbxs },
      (_, i) =>
        `  - ${JSON.stringify({ name: `pbx${i + 1}`, ip: simPbxIp(i), realm: "ipdect.sim", passwordPrefix: "pw-", minExpires: 10 })}`,
    ),
    ...(spec.dns === undefined ? [] : [`dns: ${JSON.stringify(spec.dns)}`]),
    "devices:",
    `  - ${JSON.stringify({ ...master, gatekeeper, users })}`,
    `  - ${JSON.stringify({ ...standby, gatekeeper })}`,
  ];
  if ((spec.faults ?? []).length > 0) lines.push("faults:", ...spec.faults!.map((f) => `  - ${JSON.stringify(f)}`));
  return lines.join("\n") + "\n";
}

/**
 * examples/sip-4000.yaml: 4000 users registered with two PBXs (§4.6.23). The primary PBX stops at 3 minutes (every
 * user moves to Alt. Proxy 1), starts again at 6 (they return within a TTL-paced retry), answers 200 ms late from 9, and
 * at 11 minutes the Master stops: the Standby registers every user, replacing the Master's bindings.
 */
export function sipExampleYaml(): string {
  const header = [
    "# 4000 users with subscribed handsets register with two simulated PBXs (§4.6.23, Registration TTL 120 s).",
    "# pbx1 stops at 3m and starts at 6m, answers 200 ms late from 9m; the Master stops at 11m and the Standby takes over.",
    "# Generated by sipExampleYaml (src/sim/generate.ts).",
    "#   ipdect sim examples/sip-4000.yaml     # the report's devices.*.gatekeeper and pbx tell who is registered where",
  ];
  return (
    header.join("\n") +
    "\n" +
    sipFleetYaml({
      users: 4000,
      ttlS: 120,
      until: "14m",
      faults: [
        { at: "3m", stop: "pbx1" },
        { at: "6m", start: "pbx1" },
        { at: "9m", slow: "pbx1", delay: "200ms" },
        { at: "11m", stop: "master" },
      ],
    })
  );
}
