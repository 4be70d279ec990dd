import { listText } from "../core/textTable.js";
import type { RfpScanResult } from "./protocol.js";
import type { Disturbance } from "./SyncControl.js";

/** `ipdect ctl disturbances` (§4.12.2): alien DECT systems a radio hears stronger than its sync, one row each. */
export function disturbancesText(list: readonly Disturbance[]): string {
  return listText(
    ["Radio", "RFPI", "Alien RFPI", "System ID", "RSSI", "Sync RSSI"],
    list.map((d) => [
      d.radio,
      d.rfpi,
      d.alienRfpi,
      String(d.systemId),
      `${d.rssi} dBm`,
      d.syncRssi === undefined ? "" : `${d.syncRssi} dBm`,
    ]),
    "no disturbances",
  );
}

/** `ipdect ctl rfp-scan` (§4.23.10): the other IP-DECT systems a radio hears. */
export function rfpScanText(r: RfpScanResult): string {
  return listText(
    ["System ID", "RFPI", "RSSI"],
    r.systems.map((s) => [String(s.systemId), s.rfpi, `${s.rssi} dBm`]),
    "no other IP-DECT system heard",
  );
}
