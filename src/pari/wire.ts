import { Mac } from "../core/identity/Mac.js";
import { DeviceKindWire, type Body } from "../wire/codec.js";
import { instructionToWire } from "../sync/wire.js";
import type { SyncInstruction } from "../sync/protocol.js";
import type { Announcement } from "./events.js";
import type { PariEntry } from "./PariTable.js";
import type { Provision } from "./RadioSessions.js";
import { PUSHED_RADIO_CONFIG_KEYS, type PushedRadioConfig } from "./settings.js";

/** What the PARI Master sends, to the wire: grants and provisions to radios, its table to the peer (§4.6.21). */

/** What every grant and replica says of the system: its System ID, air domain and SARIs (§4.6.34, §4.6.35). */
export interface PariView {
  readonly systemId: number;
  readonly domain: number;
  readonly saris: readonly string[];
}

/** One radio's grant: its standing and RFPIs, the pushed Radio Config (§4.6.33) and its sync instruction (§4.6.36). */
export interface Grant {
  readonly standing: number;
  readonly rfpis: string[];
  readonly reason: string;
  readonly radioConfig: PushedRadioConfig | undefined;
  readonly generation: number;
  readonly sync: SyncInstruction | undefined;
}

export function grantToWire(view: PariView, g: Grant): Body<"pariGrant"> {
  const radioConfig: Record<string, string> = {};
  const rc = g.radioConfig ?? {};
  for (const k of PUSHED_RADIO_CONFIG_KEYS) if (rc[k] !== undefined) radioConfig[k] = rc[k];
  return {
    standing: g.standing,
    rfpis: g.rfpis,
    saris: [...view.saris],
    systemId: view.systemId,
    reason: g.reason,
    radioConfig,
    generation: g.generation,
    domain: view.domain,
    ...(g.sync === undefined ? {} : { sync: instructionToWire(g.sync) }),
  };
}

/** "Add" (§4.11.1): the uninitialized radio's device name, PARI Master, Standby and region. */
export function provisionToWire(a: Announcement, p: Provision, pariMaster: string): Body<"radioProvision"> {
  return {
    mac: Mac.parse(a.mac).bytes,
    deviceName: p.deviceName,
    pariMaster,
    altPariMaster: p.standby,
    region: p.region,
  };
}

export function replicaToWire(view: PariView, active: boolean, entries: readonly PariEntry[]): Body<"pariReplica"> {
  return {
    systemId: view.systemId,
    saris: [...view.saris],
    active,
    domain: view.domain,
    entries: entries.map((e) => ({
      mac: Mac.parse(e.mac).bytes,
      name: e.name,
      kind: DeviceKindWire[e.kind],
      numbers: [...e.numbers],
      region: e.region,
      rev: e.rev,
      deleted: e.deleted,
    })),
  };
}
