import type { CarrierPlan } from "../role/bands.js";
import type { SyncState } from "./overview.js";
import {
  sameHeardList,
  type RadioSyncSettings,
  type RadioSyncStatus,
  type SyncCandidate,
  type SyncInstruction,
  type SyncReport,
} from "./protocol.js";
import type { RadioTiming } from "./RadioTiming.js";
import { driftUs } from "./timing.js";

/** DECT's 12 duplex slots, for the sync bearer's slot shown in status. */
const SLOTS = 12;

/** What a radio's sync status is made of. */
export interface SyncStatusParts {
  readonly settings: RadioSyncSettings;
  readonly instruction: SyncInstruction;
  readonly state: SyncState;
  readonly traffic: boolean;
  readonly referenceLocked: boolean;
  /** The radio's RFPIs while it is on air. */
  readonly rfpis: readonly string[] | undefined;
  readonly timing: RadioTiming;
  readonly candidates: readonly SyncCandidate[];
  readonly now: number;
}

/** §4.12.3 Status of one radio: state, sync offset, drift, sync lost counter, RFPI, carrier, slot, RSSI, FER. */
export function syncStatus(p: SyncStatusParts): RadioSyncStatus {
  const { instruction, timing: t } = p;
  const src = t.locked;
  const bearer = p.rfpis === undefined ? undefined : (src?.rfpi ?? p.rfpis[0]);
  return {
    mode: p.settings.mode,
    region: p.settings.region,
    role: instruction.role,
    state: p.state,
    traffic: p.traffic,
    ...(p.rfpis === undefined ? {} : { rfpi: p.rfpis[0] }),
    ...(src === undefined ? {} : { source: src.rfpi, rssi: src.rssi, fer: src.fer }),
    ...(instruction.alternative === undefined ? {} : { alternative: instruction.alternative }),
    ...(t.timing === undefined || bearer === undefined ? {} : dummyBearer(bearer, t.timing.carriers)),
    offsetPpm: round2(src === undefined ? 0 : t.crystalPpm - src.timing.ppm),
    driftUs: round2(src === undefined || t.timing === undefined ? 0 : driftUs(t.timing, src.timing, p.now)),
    syncLost: t.syncLost,
    ...(t.lastLost === undefined ? {} : { lastLost: t.lastLost }),
    referenceLocked: p.referenceLocked,
    candidates: p.candidates,
    ...(instruction.note === undefined ? {} : { note: instruction.note }),
  };
}

/** Whether `next` tells the PARI Master anything `last` did not (the keep-alive carries a report only then). */
export function syncReportChanged(last: SyncReport, next: SyncReport): boolean {
  return (
    last.state !== next.state ||
    last.source !== next.source ||
    last.syncLost !== next.syncLost ||
    last.referenceLocked !== next.referenceLocked ||
    !sameHeardList(last.candidates, next.candidates) ||
    !sameHeardList(last.aliens, next.aliens)
  );
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * The carrier and slot of a radio's dummy bearer, the sync bearer others receive (§4.12.3 Carrier, Slot): each radio
 * keeps one, here a stable function of its RFPI, which is enough to tell bearers apart in the status. It is always
 * one of the enabled carriers of the band (§4.6.7).
 */
function dummyBearer(rfpi: string, carriers: CarrierPlan): { carrier: number; slot: number } {
  let h = 0;
  for (let i = 0; i < rfpi.length; i++) h = (Math.imul(h, 31) + rfpi.charCodeAt(i)) >>> 0;
  return { carrier: carriers.enabled[h % carriers.enabled.length]!, slot: (h >>> 8) % SLOTS };
}
