import { commentLines, fleetText, listLines, radioIp, radioMac } from "./fleetYaml.js";

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
  return fleetText([
    ...commentLines(spec.comment),
    `name: ${spec.name}`,
    `until: ${spec.until ?? "1m"}`,
    ...listLines("devices", [...pariMasters, ...radios]),
  ]);
}
