import { DecodeError } from "../core/errors.js";
import type { AirTiming, Beacon, Heard } from "../role/Air.js";
import {
  carrierPlan,
  carriersProblem,
  MAX_BAND_CARRIERS,
  MAX_CARRIER_NUMBER,
  type CarrierPlan,
  type FrequencyBand,
} from "../role/bands.js";
import { FrequencyBandWire, SyncModeWire, SyncRoleWire, SyncStateWire, type Body } from "../wire/codec.js";
import type { SyncMode, SyncRole, SyncState } from "./overview.js";
import type { RadioSyncSettings, SyncCandidate, SyncInstruction, SyncReport } from "./protocol.js";
import { SyncCode } from "./errors.js";
import { WireCode } from "../wire/errors.js";

/** Sync messages between radio and PARI Master, and beacons to the air service: to and from the wire, validated. */

const MODES: Record<SyncMode, number> = {
  master: SyncModeWire.SYNC_MASTER,
  slave: SyncModeWire.SYNC_SLAVE,
  restricted: SyncModeWire.SYNC_RESTRICTED,
};
const STATES: Record<SyncState, number> = {
  unsynchronized: SyncStateWire.UNSYNCHRONIZED,
  searching: SyncStateWire.SEARCHING,
  listening: SyncStateWire.LISTENING,
  synchronized: SyncStateWire.SYNCHRONIZED,
  holdover: SyncStateWire.HOLDOVER,
};
const ROLES: Record<SyncRole, number> = {
  "active-master": SyncRoleWire.ACTIVE_MASTER,
  "standby-candidate": SyncRoleWire.STANDBY_CANDIDATE,
  slave: SyncRoleWire.SLAVE,
};

const MAX_LIST = 255;
const MAX_TEXT = 64;
const MAX_REGION = 249;
const BANDS: Record<FrequencyBand, number> = {
  europe: FrequencyBandWire.BAND_EUROPE,
  thailand: FrequencyBandWire.BAND_THAILAND,
  "south-america": FrequencyBandWire.BAND_SOUTH_AMERICA,
  "north-america": FrequencyBandWire.BAND_NORTH_AMERICA,
};

function reverse<T extends string>(table: Record<T, number>, v: number | null | undefined, field: string): T {
  const hit = (Object.keys(table) as T[]).find((k) => table[k] === v);
  if (hit === undefined) throw new DecodeError(SyncCode.MsgBadEnum, `unknown value ${String(v)}`, { field });
  return hit;
}

function text(v: string | null | undefined, field: string): string {
  const s = v ?? "";
  if (s.length > MAX_TEXT)
    throw new DecodeError(WireCode.MsgTextTooLong, `longer than ${MAX_TEXT} characters`, { field });
  return s;
}

function list<T>(v: T[] | null | undefined, field: string): T[] {
  const l = v ?? [];
  if (l.length > MAX_LIST) throw new DecodeError(SyncCode.MsgListTooLong, `more than ${MAX_LIST} items`, { field });
  return l;
}

function inRange(v: number | null | undefined, lo: number, hi: number, field: string): number {
  const n = v ?? 0;
  if (!Number.isFinite(n) || n < lo || n > hi)
    throw new DecodeError(SyncCode.MsgOutOfRange, `must be ${lo}..${hi}, got ${n}`, { field });
  return n;
}

const optional = (s: string) => (s === "" ? undefined : s);

export function syncReportToWire(r: SyncReport): Body<"pariRegister">["sync"] {
  const s = r.settings;
  return {
    mode: MODES[s.mode],
    region: s.region,
    syncRfpi: s.syncRfpi ?? "",
    altSyncRfpi: s.altSyncRfpi ?? "",
    referenceRfpi: s.referenceRfpi ?? "",
    altReferenceRfpi: s.altReferenceRfpi ?? "",
    state: STATES[r.state],
    source: r.source ?? "",
    rssi: r.rssi ?? 0,
    fer: r.fer ?? 0,
    syncLost: r.syncLost,
    referenceLocked: r.referenceLocked,
    // The radio's own entries, not copies: a carried frame keeps its message (src/role/CarriedFrame.ts) until the
    // link has no more use for it, and at 2047 radios copies of some 100 candidates each added up to tens of MiB.
    candidates: [...r.candidates],
    aliens: [...r.aliens],
  };
}

/** A radio's report as the PARI Master keeps it (settings without the radio-local resync schedule). */
export type ReceivedSyncReport = Omit<SyncReport, "settings"> & {
  readonly settings: Omit<RadioSyncSettings, "resync" | "resyncAtMin">;
};

export function syncReportFromWire(m: NonNullable<Body<"pariRegister">["sync"]>): ReceivedSyncReport {
  const f = (name: string) => `pari_register.sync.${name}`;
  const source = optional(text(m.source, f("source")));
  return {
    settings: {
      mode: reverse(MODES, m.mode, f("mode")),
      region: inRange(m.region, 0, MAX_REGION, f("region")),
      ...opt("syncRfpi", text(m.syncRfpi, f("sync_rfpi"))),
      ...opt("altSyncRfpi", text(m.altSyncRfpi, f("alt_sync_rfpi"))),
      ...opt("referenceRfpi", text(m.referenceRfpi, f("reference_rfpi"))),
      ...opt("altReferenceRfpi", text(m.altReferenceRfpi, f("alt_reference_rfpi"))),
    },
    state: reverse(STATES, m.state, f("state")),
    ...(source === undefined
      ? {}
      : { source, rssi: inRange(m.rssi, -200, 0, f("rssi")), fer: inRange(m.fer, 0, 100, f("fer")) }),
    syncLost: m.syncLost ?? 0,
    referenceLocked: m.referenceLocked ?? false,
    candidates: list(m.candidates, f("candidates")).map((c, i) => {
      const entry: SyncCandidate = {
        rfpi: text(c.rfpi, f(`candidates[${i}].rfpi`)),
        rssi: inRange(c.rssi, -200, 0, f(`candidates[${i}].rssi`)),
        fer: inRange(c.fer, 0, 100, f(`candidates[${i}].fer`)),
      };
      return sameCandidate(c, entry) ? c : entry;
    }),
    aliens: list(m.aliens, f("aliens")).map((a, i) => ({
      rfpi: text(a.rfpi, f(`aliens[${i}].rfpi`)),
      systemId: a.systemId ?? 0,
      rssi: inRange(a.rssi, -200, 0, f(`aliens[${i}].rssi`)),
    })),
  };
}

/**
 * Whether a received entry is already exactly `valid`, a plain object of its three fields: a carried frame hands over
 * the radio's own entries (src/role/CarriedFrame.ts), and keeping them spares the PARI Master a copy of every radio's
 * candidates (some 200 000 at 2047 radios). A decoded protobuf message is never plain, so real bytes are copied.
 */
function sameCandidate(c: object, valid: SyncCandidate): c is SyncCandidate {
  const x = c as Partial<SyncCandidate>;
  return (
    Object.getPrototypeOf(c) === Object.prototype &&
    Object.keys(c).length === 3 &&
    x.rfpi === valid.rfpi &&
    x.rssi === valid.rssi &&
    x.fer === valid.fer
  );
}

const opt = <K extends string>(k: K, v: string): { [P in K]?: string } =>
  (v === "" ? {} : { [k]: v }) as { [P in K]?: string };

export function instructionToWire(i: SyncInstruction): Body<"pariGrant">["sync"] {
  return {
    role: ROLES[i.role],
    source: i.source ?? "",
    alternative: i.alternative ?? "",
    ...planToWire(i.carriers),
    resync: i.resync,
    note: i.note ?? "",
    referenceRefused: i.referenceRefused ?? "",
    reference: i.reference ?? "",
    altReference: i.altReference ?? "",
    waitReference: i.waitReference ?? false,
  };
}

export function instructionFromWire(m: NonNullable<Body<"pariGrant">["sync"]>): SyncInstruction {
  const f = (name: string) => `pari_grant.sync.${name}`;
  const source = optional(text(m.source, f("source")));
  const alternative = optional(text(m.alternative, f("alternative")));
  const note = optional(text(m.note, f("note")));
  const refused = optional(m.referenceRefused ?? "");
  const reference = optional(text(m.reference, f("reference")));
  const altReference = optional(text(m.altReference, f("alt_reference")));
  return {
    role: reverse(ROLES, m.role, f("role")),
    ...(source === undefined ? {} : { source }),
    ...(alternative === undefined ? {} : { alternative }),
    carriers: planFromWire(m, "pari_grant.sync"),
    resync: m.resync ?? 0,
    ...(note === undefined ? {} : { note }),
    ...(refused === undefined ? {} : { referenceRefused: refused }),
    ...(reference === undefined ? {} : { reference }),
    ...(altReference === undefined ? {} : { altReference }),
    ...(m.waitReference === true ? { waitReference: true } : {}),
  };
}

/** The band and enabled carriers (§4.6.6, §4.6.7) as the wire carries them in an instruction or an air timing. */
function planToWire(p: CarrierPlan): { band: number; enabledCarriers: number[] } {
  return { band: BANDS[p.band], enabledCarriers: [...p.enabled] };
}

/** A received band and carriers: a known band, and one to ten carriers of it, each once (§4.6.7). */
function planFromWire(m: { band?: number | null; enabledCarriers?: number[] | null }, field: string): CarrierPlan {
  const band = reverse(BANDS, m.band, `${field}.band`);
  const carriers = m.enabledCarriers ?? [];
  if (carriers.length > MAX_BAND_CARRIERS)
    throw new DecodeError(SyncCode.MsgListTooLong, `more than ${MAX_BAND_CARRIERS} items`, {
      field: `${field}.enabled_carriers`,
    });
  carriers.forEach((c, i) => inRange(c, 0, MAX_CARRIER_NUMBER, `${field}.enabled_carriers[${i}]`));
  const problem = carriersProblem(band, carriers);
  if (problem !== undefined)
    throw new DecodeError(SyncCode.MsgOutOfRange, problem, { field: `${field}.enabled_carriers` });
  return carrierPlan(band, carriers);
}

type BeaconWire = NonNullable<Body<"airPublish">["beacon"]>;

export function beaconToWire(b: Beacon): BeaconWire {
  return {
    rfpis: [...b.rfpis],
    systemId: b.systemId,
    domain: b.domain,
    band: BANDS[b.band],
    region: b.region,
    ...(b.timing === undefined ? {} : { timing: timingToWire(b.timing) }),
    holdover: b.holdover ?? false,
    alien: b.alien ?? false,
  };
}

export function beaconFromWire(m: BeaconWire, field: string): Beacon {
  const t = m.timing;
  return {
    rfpis: list(m.rfpis, `${field}.rfpis`).map((r, i) => text(r, `${field}.rfpis[${i}]`)),
    systemId: m.systemId ?? 0,
    domain: m.domain ?? 0,
    band: reverse(BANDS, m.band, `${field}.band`),
    region: inRange(m.region, -1, MAX_REGION, `${field}.region`),
    ...(t === undefined || t === null ? {} : { timing: timingFromWire(t, `${field}.timing`) }),
    ...(m.holdover === true ? { holdover: true } : {}),
    ...(m.alien === true ? { alien: true } : {}),
  };
}

function timingToWire(t: AirTiming): NonNullable<BeaconWire["timing"]> {
  return { anchorMs: t.anchorMs, frames: t.frames, ppm: t.ppm, pscn: t.pscn, ...planToWire(t.carriers) };
}

function timingFromWire(t: NonNullable<BeaconWire["timing"]>, field: string): AirTiming {
  const carriers = planFromWire(t, field);
  return {
    anchorMs: finite(t.anchorMs, `${field}.anchor_ms`),
    frames: finite(t.frames, `${field}.frames`),
    ppm: inRange(t.ppm, -1000, 1000, `${field}.ppm`),
    // The offset in the sequence of enabled carriers.
    pscn: inRange(t.pscn, 0, carriers.enabled.length - 1, `${field}.pscn`),
    carriers,
  };
}

function finite(v: number | null | undefined, field: string): number {
  if (v === null || v === undefined || !Number.isFinite(v))
    throw new DecodeError(SyncCode.MsgNotFinite, "must be a finite number", { field });
  return v;
}

export function heardToWire(h: readonly Heard[]): Body<"airHeard">["heard"] {
  return h.map((x) => ({ beacon: beaconToWire(x.beacon), rssi: x.rssi, fer: x.fer }));
}

export function heardFromWire(m: Body<"airHeard">): Heard[] {
  return (m.heard ?? []).map((h, i) => ({
    beacon: beaconFromWire(h.beacon ?? {}, `air_heard.heard[${i}].beacon`),
    rssi: inRange(h.rssi, -200, 0, `air_heard.heard[${i}].rssi`),
    fer: inRange(h.fer, 0, 100, `air_heard.heard[${i}].fer`),
  }));
}
