import { ALARM, formatAlarmCode, type AlarmCodeValue } from "../../src/core/alarms/index.js";
import type { Beacon, Heard } from "../../src/role/Air.js";
import { RadioSync, type RadioSyncSettings, type SyncInstruction } from "../../src/sync/RadioSync.js";
import type { AirTiming } from "../../src/sync/timing.js";
import { fakeRoleIo } from "../helpers/fakeIo.js";
import { DEFAULT_PLAN } from "../../src/role/bands.js";

/** The radio under test, the radios it may hear in its system (System ID 1, air domain 7), and a reference elsewhere. */
export const ME = "0A5E000020";
export const SOURCE = "0A5E000010";
export const ALTERNATIVE = "0A5E000011";
export const REGION_RADIO = "0A5E000012";
export const REFERENCE = "1B77000C01";
const OUR_SYSTEM = { systemId: 1, domain: 7, band: "europe" } as const;
export const KEEPALIVE_MS = 2000;

/** Air values of the radios heard: two differently timed sets, so taking the other counts a sync loss (§4.11.5). */
export const TIMING: AirTiming = { anchorMs: 0, frames: 1600.2, ppm: 1, pscn: 0, carriers: DEFAULT_PLAN };
export const OTHER_TIMING: AirTiming = { anchorMs: 0, frames: 9000.5, ppm: -2, pscn: 7, carriers: DEFAULT_PLAN };

/** A beacon of our system as received at -60 dBm without frame errors. */
export function ours(rfpi: string, extra: Partial<Beacon> = {}): Heard {
  return { beacon: { rfpis: [rfpi], ...OUR_SYSTEM, region: 0, timing: TIMING, ...extra }, rssi: -60, fer: 0 };
}

/** The reference base station: another DECT system's (§4.6.36 "another or same DECT system"). */
export function reference(timing: AirTiming = OTHER_TIMING): Heard {
  return {
    beacon: { rfpis: [REFERENCE], systemId: 2, domain: 9, band: "europe", region: 0, timing },
    rssi: -70,
    fer: 0,
  };
}

export const slaveOf = (source: string, extra: Partial<SyncInstruction> = {}): SyncInstruction => ({
  role: "slave",
  source,
  carriers: DEFAULT_PLAN,
  resync: 0,
  ...extra,
});

export const activeMaster = (extra: Partial<SyncInstruction> = {}): SyncInstruction => ({
  role: "active-master",
  carriers: DEFAULT_PLAN,
  resync: 0,
  ...extra,
});

/**
 * A radio on air at virtual time 0 whose air the test sets (`hear`), looking at it once per PARI keep-alive (`look`)
 * as its PARI client does; every event and alarm change it makes is in `events`.
 */
export function radioOnAir(settings: Partial<RadioSyncSettings> = {}) {
  let heard: readonly Heard[] = [];
  const published: (Beacon | undefined)[] = [];
  const f = fakeRoleIo({ kind: "IPBS", air: { publish: (b) => published.push(b), heard: () => heard } });
  const sync = new RadioSync({ mode: "slave", region: 0, resync: "manual", resyncAtMin: 180, ...settings }, f.io);
  sync.onAir({ rfpis: [ME], ...OUR_SYSTEM });
  const at = async (t: number) => f.clock.runUntil(t, (next) => void queueMicrotask(next));
  return {
    sync,
    published,
    events: f.events,
    hear: (...beacons: Heard[]) => void (heard = beacons),
    now: () => f.clock.now(),
    /** The next look, one keep-alive (or `ms`) later. */
    look: async (ms = KEEPALIVE_MS) => {
      await at(f.clock.now() + ms);
      sync.tick();
    },
    /** Looks every keep-alive while virtual time stays below `t`. */
    lookUntilBefore: async (t: number) => {
      while (f.clock.now() + KEEPALIVE_MS < t) {
        await at(f.clock.now() + KEEPALIVE_MS);
        sync.tick();
      }
    },
    alarmed: (code: AlarmCodeValue) => f.alarms.active().some((a) => a.code === formatAlarmCode(code)),
    /** The sync states announced in the event log, in order. */
    announced: () => f.events.filter((e) => e.kind === "state" && e["role"] === "sync").map((e) => String(e["state"])),
  };
}

export { ALARM };

/** A slave instructed to follow SOURCE, hearing it and synchronized to it after one look. */
export async function slaveFollowingSource() {
  const r = radioOnAir();
  r.sync.instruct(slaveOf(SOURCE));
  r.hear(ours(SOURCE));
  await r.look();
  return r;
}
