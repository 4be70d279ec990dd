import { formatYaml } from "../../src/core/config/yamlSource.js";
import { radioIp, radioMac } from "./fleetYaml.js";

export interface RedundancyFleetSpec {
  readonly radios: number;
  readonly mode: "standby" | "mirror";
  readonly loss?: number;
  readonly latencyMs?: number;
  readonly jitterMs?: number;
  readonly faults?: readonly Record<string, unknown>[];
  readonly until?: string;
}

/**
 * YAML of a Master pair (Master + Standby, or two Mirrors) with `radios` IPBS radios: the fleets behind the
 * redundancy tests and benchmarks. Masters are "a" (127.0.1.1) and "b" (127.0.1.2); radios radio-1… on 127.0.2.x+.
 */
export function redundancyFleetYaml(spec: RedundancyFleetSpec): string {
  const a = "127.0.1.1";
  const b = "127.0.1.2";
  // §4.6.19 step 4: a Mirror needs NTP settings; the sim's clock is one for all, so the server is only named.
  const ntp = "127.0.1.250";
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
            ntp,
            master: { mode: "mirror", id: 1, mirrorPeer: b },
            pari: {},
          },
          {
            name: "b",
            kind: "IPVM",
            mac: "00:90:33:01:00:02",
            ip: b,
            ntp,
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
