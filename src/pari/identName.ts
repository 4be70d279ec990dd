import type { DeviceKind } from "../core/identity/DeviceKind.js";

/**
 * §4.11.1 "Name": the radio's unique identification name, `ipbs-xx-xx-xx` or `ipbl-xx-xx-xx` with the last six hex
 * digits of its MAC (we model the IPBS generation as one kind, so no `ipbs2-`/`ipbs3-` prefixes).
 */
export function identificationName(kind: DeviceKind, mac: string): string {
  return `${kind.toLowerCase()}-${mac.split(":").slice(3).join("-")}`;
}
