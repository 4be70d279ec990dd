import { commentLines, faultLines, fleetText, listLines, radioIp, radioMac } from "./fleetYaml.js";

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
  return fleetText([
    ...commentLines(spec.comment),
    `name: ${spec.name}`,
    `until: ${spec.until ?? "2m"}`,
    ...(spec.air === undefined ? [] : [`air: ${JSON.stringify(spec.air)}`]),
    ...listLines("devices", syncFleetDevices(spec)),
    ...faultLines(spec.faults),
  ]);
}
